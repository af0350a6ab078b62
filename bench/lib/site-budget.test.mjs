// The site budget's checks on their own (run with `npm run test:unit`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { overBudget, pageHash, SITE_BUDGET } from './site-budget.mjs';

const within = { path: '/x/', formFactor: 'mobile', performanceRuns: [100], tbtMs: 50, htmlGzipBytes: 40_000, domElements: 1200 };

test('a page within budget has no problems', () => {
	assert.deepEqual(overBudget(within), []);
	assert.deepEqual(overBudget({ ...within, performanceRuns: [95, 99, 100], tbtMs: SITE_BUDGET.tbtMs, domElements: SITE_BUDGET.domElements }), []);
});

test('each limit is named when crossed', () => {
	assert.match(overBudget({ ...within, performanceRuns: [100, 94, 100] }).join(), /\/x\/ \(mobile\): performance 100, 94, 100/);
	assert.match(overBudget({ ...within, tbtMs: 201 }).join(), /total blocking time 201 ms/);
	assert.match(overBudget({ ...within, htmlGzipBytes: 150 * 1024 + 1 }).join(), /HTML 150\.0 KB gzipped/);
	assert.match(overBudget({ ...within, domElements: 3001 }).join(), /3001 DOM elements/);
	assert.equal(overBudget({ ...within, tbtMs: 900, domElements: 9000 }).length, 2);
});

test('a missing figure is over budget, not within it', () => {
	assert.equal(overBudget({ ...within, domElements: undefined }).length, 1);
	assert.equal(overBudget({ ...within, domElements: null }).length, 1);
	assert.equal(overBudget({ ...within, performanceRuns: [] }).length, 1);
});

test('the hash changes with the page, not with the site figures on it', () => {
	const page = (figures, rest = '<p>text</p>') => `<main>${rest}<div data-site-figures><table><tr><td>${figures}</td></tr></table><div data-site-figures-end></div></div></main>`;
	assert.equal(pageHash(page('97')), pageHash(page('100')));
	assert.notEqual(pageHash(page('97')), pageHash(page('97', '<p>other text</p>')));
	assert.notEqual(pageHash('<p>a</p>'), pageHash('<p>b</p>'));
	assert.match(pageHash('<p>a</p>'), /^[0-9a-f]{16}$/);
	assert.throws(() => pageHash('<div data-site-figures><p>no end</p></div>'), /without its end marker/);
});
