// Tokens that look alike merge; nothing else changes (run with `npm run test:unit`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { h, toHtml } from '@expressive-code/core/hast';
import { mergeTokens } from './merged-tokens.mjs';

const KEYWORD = '--0:#C792EA;--1:#8844AE';
const NAME = '--0:#82AAFF;--1:#3B61B0';
const token = (style: string, text: string) => h('span', { style }, text);

test('same-looking neighbours and blank tokens join the token before them', () => {
	const code = h('div.code', [token(KEYWORD, 'const'), token(NAME, ' '), token(NAME, 'a'), token(NAME, 'b'), token(KEYWORD, ' = ')]);
	mergeTokens([code]);
	assert.equal(toHtml(code), `<div class="code"><span style="${KEYWORD}">const </span><span style="${NAME}">ab</span><span style="${KEYWORD}"> = </span></div>`);
});

test('the text of a line is kept, character for character', () => {
	const parts = ['  ', 'if', ' (', 'x', ') ', '{', ' ', '}'];
	const code = h('div.code', parts.map((text, i) => token(i % 2 ? KEYWORD : NAME, text)));
	mergeTokens([code]);
	assert.equal(code.children.map((child) => (child.type === 'element' ? (child.children[0] as { value: string }).value : '')).join(''), parts.join(''));
});

test('marks, indentation and styled blanks keep their elements', () => {
	const underlined = '--0:#fff;text-decoration:underline';
	const code = h('div.code', [
		h('span.indent', [token(KEYWORD, '  ')]),
		token(NAME, 'a'),
		h('mark', [token(NAME, 'b')]),
		token(NAME, 'c'),
		token(underlined, ' '),
	]);
	mergeTokens([code]);
	// The indentation's blank token loses its span (its colour shows nothing); the rest stays.
	assert.equal(toHtml(code), `<div class="code"><span class="indent">  </span><span style="${NAME}">a</span><mark><span style="${NAME}">b</span></mark><span style="${NAME}">c</span><span style="${underlined}"> </span></div>`);
});
