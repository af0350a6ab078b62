// How the cost page writes figures, on its own. Run with `npm run test:unit` (node --test).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { comparedWith, count, fixed, kilobytes, megabytes, ms, range, ratio } from './format.ts';

test('counts, decimals and sizes', () => {
	assert.equal(count(1000), '1,000');
	assert.equal(count(2077), '2,077');
	assert.equal(fixed(0.146, 2), '0.15');
	assert.equal(fixed(3, 1), '3.0');
	assert.equal(megabytes(28.3 * 2 ** 20), '+28.3');
	// A true minus sign, so that a shrinking heap reads as one in tables.
	assert.equal(megabytes(-1.2 * 2 ** 20), '−1.2');
	assert.equal(kilobytes(14029), '13.7');
});

test('times and ratios', () => {
	assert.equal(ms(null), 'never');
	assert.equal(ms(1.234), '1.2');
	assert.equal(ms(1.234, 2), '1.23');
	assert.equal(ratio(1.04), '×1.04');
	// From ×10 on, decimals would be noise.
	assert.equal(ratio(67.4), '×67');
});

test('comparisons are chosen by the figures', () => {
	assert.equal(comparedWith(2077, 1000), 'above');
	// bench/results.json once had 1,000 handleConnection handshakes for 1,000 attempts, and the
	// page said "above": the word must come from the figures.
	assert.equal(comparedWith(1000, 1000), 'equal to');
	assert.equal(comparedWith(999, 1000), 'below');
});

test('ranges say one figure when the ends write alike', () => {
	assert.equal(range([34, 34.8, 34.1], (value) => fixed(value, 1)), '34.0 to 34.8');
	assert.equal(range([8192, 8192], count), '8,192');
	// Equal once written: one figure, not "0.1 to 0.1".
	assert.equal(range([0.12, 0.14], (value) => fixed(value, 1)), '0.1');
});
