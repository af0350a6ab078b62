// starlight-links-validator ships TypeScript sources, which tsc checks with ours. They read
// `file.data.astro.frontmatter`, a vfile field that Astro's remark-based Markdown package
// declared; Astro 7's Markdown processor does not, so it is declared here.
declare module 'vfile' {
	interface DataMap {
		// As Astro declares it for its own processor (satteri), `any` included.
		astro: { frontmatter?: Record<string, any> };
	}
}

// The collapsible sections plugin (ec.config.mjs) adds `collapse` to Expressive Code's block props
// when its types are loaded; <Code collapse={…}> in our components needs them.
import type {} from '@expressive-code/plugin-collapsible-sections';

export {};
