// @ts-check
// Expressive Code's options, for Markdown code blocks and the <Code> component alike (the
// component cannot read plugins from astro.config.mjs, so they live here).
import { pluginCollapsibleSections } from '@expressive-code/plugin-collapsible-sections';
import { defineEcConfig } from '@astrojs/starlight/expressive-code';
import { pluginLazyFolds } from './site/lib/lazy-folds.mjs';
import { pluginMergedTokens } from './site/lib/merged-tokens.mjs';

export default defineEcConfig({
	// Long lines wrap (keeping their indentation) instead of scrolling: code columns stay
	// readable side by side, and no code block becomes an unlabelled scroll region.
	// Tabs render as two spaces (Expressive Code's default, which wrapping relies on).
	defaultProps: { wrap: true },
	// Fewer elements for the same code: tokens that look alike merge (site/lib/merged-tokens.mjs),
	// and long files fold to the lines that matter (site/lib/code-folds.ts), the folded lines kept
	// out of the DOM until opened. The lazy plugin must come after the one that makes the folds.
	plugins: [pluginMergedTokens(), pluginCollapsibleSections(), pluginLazyFolds()],
});
