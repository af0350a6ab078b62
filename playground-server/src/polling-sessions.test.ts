// The long-polling side of the per-socket limits. Run with `npm run test:unit`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { POLL_STALL_MS, PollingSessions } from './polling-sessions.ts';

const limits = { queueBytes: 1024, messagesPerSecond: 10, bytesPerSecond: 10_000 };

test('a session the example has not accepted is not followed: its posts pass', () => {
	const sessions = new PollingSessions(limits);
	assert.deepEqual(sessions.post('made-up', '3', 0), { ok: true });
	sessions.answered('made-up', 400, false, 0);
	assert.equal(sessions.size, 0);
});

test('a session that keeps polling may post; one that stops polling for POLL_STALL_MS gets 409', () => {
	const sessions = new PollingSessions(limits);
	sessions.answered('s', 200, false, 0);
	sessions.pollStarted('s', 1);
	assert.equal(sessions.post('s', '3', POLL_STALL_MS + 5000).ok, true, 'a poll waits in the example');
	sessions.answered('s', 200, true, POLL_STALL_MS + 6000);
	sessions.pollEnded('s', true, POLL_STALL_MS + 6001);
	assert.equal(sessions.post('s', '3', POLL_STALL_MS + 7000).ok, true, 'just read an answer');
	const verdict = sessions.post('s', '3', 2 * POLL_STALL_MS + 7000);
	assert.equal(verdict.ok ? 0 : verdict.status, 409);
});

test('an answer left unread for POLL_STALL_MS closes the session for posts', () => {
	const sessions = new PollingSessions(limits);
	sessions.answered('s', 200, true, 0);
	assert.equal(sessions.post('s', '3', POLL_STALL_MS - 1).ok, true);
	const verdict = sessions.post('s', '3', POLL_STALL_MS + 1);
	assert.equal(verdict.ok ? 0 : verdict.status, 409);
	assert.match(verdict.ok ? '' : verdict.message, /unread/);
});

test('packets are counted one by one: a post of more than the burst gets 429', () => {
	const sessions = new PollingSessions(limits);
	sessions.answered('s', 200, false, 0);
	const verdict = sessions.post('s', Array(21).fill('3').join('\x1e'), 0);
	assert.equal(verdict.ok ? 0 : verdict.status, 429);
	assert.equal(sessions.post('s', Array(20).fill('3').join('\x1e'), 0).ok, true);
});
