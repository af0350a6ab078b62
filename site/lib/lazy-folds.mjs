// @ts-check
/**
 * An Expressive Code plugin, added after the collapsible sections plugin: the lines of a folded
 * section wait as inert text until a reader opens the section. Expressive Code renders every token
 * as an element, about nine per line, so a page with a few hundred folded lines kept them as
 * thousands of elements that phones parse, style and lay out for nothing (and over the DOM budget).
 *
 * The lines are the section's HTML inside a `<script type="text/html">`, a data block: never run,
 * not part of the DOM but as one text node. A `<template>` would say the same, but Starlight's
 * <Steps> and <Tabs> re-parse their content with a parser that puts a template's lines among its
 * children, and the serializer then writes an empty template. Script text survives both; the
 * lines cannot close it early, because Expressive Code escapes every `<` of the code.
 *
 * What a reader keeps: the copy button copies the whole block (its text is an attribute, not the
 * lines), and opening a fold shows the lines as if they had always been there. What folding gives
 * up: find-in-page and the site search do not see folded lines until they are opened.
 */
import { h, selectAll, toHtml } from '@expressive-code/core/hast';

// Only this plugin puts a data block of this type in a <details>.
const FOLDED = '[type="text/html"]';

/** Moves each folded section's lines into a data block, which the page's script opens on `toggle`. */
export function pluginLazyFolds() {
	return {
		name: 'Lazy folds',
		hooks: {
			/** @param {{ renderData: { blockAst: import('@expressive-code/core/hast').Element } }} context */
			postprocessRenderedBlock: ({ renderData }) => {
				for (const section of selectAll('details.ec-section', renderData.blockAst)) {
					const [summary, ...lines] = section.children;
					if (summary?.type !== 'element' || summary.tagName !== 'summary') {
						throw new Error('lazy folds: a folded section without its summary first (did the collapsible sections plugin change?)');
					}
					const html = toHtml(lines);
					if (/<\/script|<!--/i.test(html)) throw new Error('lazy folds: folded lines would end their script early');
					section.children = [summary, h('script', { type: 'text/html' }, html)];
				}
			},
		},
		// `toggle` does not bubble, so the listener captures it. Opening is the only state change: a
		// github-style section hides its summary once open and never closes again. Written small:
		// it ships on every page with code, within the 10 KB budget of tests/site/js-budget.spec.ts.
		jsModules: [
			`addEventListener('toggle',({target:s})=>{let l=s.open&&s.querySelector(':scope>${FOLDED}');l&&(l.outerHTML=l.text)},!0)`,
		],
	};
}
