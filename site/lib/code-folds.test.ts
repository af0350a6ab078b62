// Which lines a long code block folds away (run with `npm run test:unit`).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { foldRanges } from './code-folds.ts';

test('a short block folds nothing; a long one without highlights folds whole', () => {
	assert.deepEqual(foldRanges(15, [3]), []);
	assert.deepEqual(foldRanges(15, []), []);
	assert.deepEqual(foldRanges(100, []), ['1-100']);
});

test('folds the runs away from the highlighted lines, keeping two lines of context', () => {
	// 40 lines, line 20 highlighted: 18-22 shown, 1-17 and 23-40 folded.
	assert.deepEqual(foldRanges(40, [20]), ['1-17', '23-40']);
	// Highlights near both ends: only the middle folds.
	assert.deepEqual(foldRanges(40, [1, 40]), ['4-37']);
});

test('a run shorter than minRun stays shown', () => {
	// Lines 13-14 lie between the contexts of 10 and 17: two lines, shown.
	assert.deepEqual(foldRanges(30, [10, 17]), ['1-7', '20-30']);
	assert.deepEqual(foldRanges(30, [10, 17], { minRun: 2 }), ['1-7', '13-14', '20-30']);
});

test('options change the context and what counts as short', () => {
	assert.deepEqual(foldRanges(20, [10], { shortBlock: 10, context: 0 }), ['1-9', '11-20']);
});

test('a highlighted line outside the block is an error, not a silent fold', () => {
	assert.throws(() => foldRanges(30, [31]), /line 31 is outside 1-30/);
	assert.throws(() => foldRanges(30, [0]), RangeError);
});
