// @ts-check
/**
 * An Expressive Code plugin that draws the same code with fewer elements: a token that looks like
 * the one before it joins it. Shiki gives every token its own <span>, so `{ a, b }` is seven of
 * them; spaces and punctuation often share a colour with their neighbour, and a space has no
 * colour to show at all. About one span in nine goes, on every code block of the site (DOM size is
 * what phones pay for: style and layout scale with it).
 *
 * Only plain tokens merge: a <span> whose one property is its colour style, holding text. Marks,
 * indentation and everything other plugins add keep their elements.
 *
 * Written here because the library's own merge cannot be reached: Shiki's `mergeSameStyleTokens`
 * is an option of `codeToTokens`, while Expressive Code's Shiki plugin calls `codeToTokensBase`
 * once per theme and splits tokens where either theme's do, so only the rendered line shows which
 * neighbours look the same in both themes.
 */
import { selectAll } from '@expressive-code/core/hast';

/** @typedef {import('@expressive-code/core/hast').Element} Element */
/** @typedef {import('@expressive-code/core/hast').ElementContent} ElementContent */

/** @param {ElementContent | undefined} node @returns {node is Element} */
const isPlainToken = (node) =>
	node?.type === 'element' &&
	node.tagName === 'span' &&
	Object.keys(node.properties).length === 1 &&
	typeof node.properties.style === 'string' &&
	node.children.every((child) => child.type === 'text');

/** @param {Element} token */
const textOf = (token) => token.children.map((child) => (child.type === 'text' ? child.value : '')).join('');

// A blank token shows nothing but its colour, which a space does not show: unless the style sets
// more than colours (an underline would), it can take its neighbour's.
/** @param {Element} token */
const isBlankColourOnly = (token) => /^\s+$/.test(textOf(token)) && /^(\s*--\d+:#[0-9a-f]+;?)+\s*$/i.test(String(token.properties.style));

/** @param {Element[]} codeWrappers each line's `div.code` */
export function mergeTokens(codeWrappers) {
	for (const code of codeWrappers) {
		/** @type {ElementContent[]} */
		const merged = [];
		for (const node of code.children) {
			const previous = merged.at(-1);
			if (isPlainToken(node) && isPlainToken(previous) && (node.properties.style === previous.properties.style || isBlankColourOnly(node))) {
				previous.children = [{ type: 'text', value: textOf(previous) + textOf(node) }];
				continue;
			}
			// Indentation is its own element (wrapped lines hang from it); its spaces need no colour.
			if (node.type === 'element' && node.tagName === 'span' && String(node.properties.className) === 'indent') {
				const [only] = node.children;
				if (node.children.length === 1 && isPlainToken(only) && isBlankColourOnly(only)) node.children = only.children;
			}
			merged.push(node);
		}
		code.children = merged;
	}
}

export function pluginMergedTokens() {
	return {
		name: 'Merged tokens',
		hooks: {
			/** @param {{ renderData: { lineAst: Element } }} context */
			postprocessRenderedLine: ({ renderData }) => mergeTokens(selectAll('div.code', renderData.lineAst)),
		},
	};
}
