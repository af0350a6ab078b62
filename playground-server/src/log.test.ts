// The per-address budget of log lines. Run with `npm run test:unit`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { perKeyBudget } from './log.ts';

test('a key gets its lines per window, then none until the next window; other keys keep theirs', (t) => {
	t.mock.timers.enable({ apis: ['Date'], now: 0 });
	const warnings = t.mock.method(console, 'warn', () => {});
	const budget = perKeyBudget(2, 60_000);
	assert.deepEqual([budget('a'), budget('a'), budget('a'), budget('a')], [true, true, false, false]);
	assert.equal(budget('b'), true);
	assert.equal(warnings.mock.callCount(), 1, 'one line says that lines about a are dropped');
	t.mock.timers.tick(60_000);
	assert.equal(budget('a'), true);
});

test('the keys followed in a window are bounded: a new key past the bound gets no line', () => {
	const budget = perKeyBudget(1, 60_000, 2);
	assert.deepEqual([budget('a'), budget('b'), budget('c'), budget('a')], [true, true, false, false]);
});
