// The per-socket send budget. Run with `npm run test:unit`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BURST_SECONDS, SendBudget } from './relay-limits.ts';

const limits = { queueBytes: 1024, messagesPerSecond: 10, bytesPerSecond: 1000 };

test('a burst of BURST_SECONDS worth of messages passes; one more does not', () => {
	const budget = new SendBudget(limits, 0);
	for (let i = 0; i < limits.messagesPerSecond * BURST_SECONDS; i++) assert.equal(budget.take(1, 1, 0), true, `message ${i + 1}`);
	assert.equal(budget.take(1, 1, 0), false);
});

test('the budget refills at the rate, up to the burst', () => {
	const budget = new SendBudget(limits, 0);
	assert.equal(budget.take(20, 0, 0), true);
	assert.equal(budget.take(1, 0, 50), false, 'half a message refilled in 50 ms');
	assert.equal(budget.take(1, 0, 100), true, 'one in 100 ms: a refusal spent nothing');
	assert.equal(budget.take(30, 0, 100_000), false, 'never more than the burst');
});

test('bytes are limited alongside messages', () => {
	const budget = new SendBudget(limits, 0);
	assert.equal(budget.take(1, 2000, 0), true, 'two seconds of bytes at once');
	assert.equal(budget.take(1, 1, 0), false);
});
