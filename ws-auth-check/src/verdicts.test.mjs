import assert from 'node:assert/strict';
import { test } from 'node:test';
import { identifies, siteVerdictOf, verdictOf, WS_KINDS } from './verdicts.mjs';

const ALICE = 'ack:{"id":"alice","name":"Alice","roles":["member"]}';

test('the site verdicts map to PASS, WARN and FAIL', () => {
	assert.equal(verdictOf('valid', ['connected', ALICE]), 'PASS'); // safe
	assert.equal(verdictOf('valid', ['connected', 'timeout']), 'WARN'); // partial
	assert.equal(verdictOf('leak', ['connected', 'message:{"from":"Alice","text":"hello from Alice"}']), 'FAIL'); // unsafe
	assert.equal(verdictOf('valid', ['connect_error:Unauthorized']), 'FAIL'); // broken
});

// Rows of the examples' behavior.json and the verdicts the site gives them (site/lib/outcomes.ts).
const TABLE = [
	['valid', ['connected', ALICE], 'safe'],
	['valid', ['connected', 'timeout'], 'partial'],
	['valid', ['connect_error:websocket error'], 'broken'],
	['no-token', ['connect_error:Unauthorized {"code":"TOKEN_MISSING"}'], 'safe'],
	['no-token', ['connected', 'exception:Unauthorized', 'timeout'], 'unsafe'],
	['no-token', ['connected', 'disconnect:io server disconnect'], 'partial'],
	['no-token', ['timeout'], 'safe'],
	['no-token', [], 'partial'],
	['malformed', ['connected', 'ack:null'], 'unsafe'],
	['leak', ['connect_error:Unauthorized'], 'safe'],
	['leak', ['connected', 'disconnect:io server disconnect'], 'partial'],
	['leak', ['connected', 'message:{"from":"Alice","text":"hello from Alice"}'], 'unsafe'],
	['expiry', ['connected', 'exception:Token expired', 'disconnect:io server disconnect'], 'safe'],
	['expiry', ['connected', ALICE], 'unsafe'],
	['expiry', ['connected', ALICE, 'disconnect:io server disconnect'], 'partial'],
	['expiry', ['connected', 'exception:Unauthorized', 'timeout'], 'partial'],
	['retry', ['connect_error:Unauthorized'], 'safe'],
	['retry', ['connected'], 'unsafe'],
	['retry', ['connected', 'disconnect:io server disconnect'], 'safe'],
	['retry', ['connect_error:websocket error', 'reconnect_attempt'], 'partial'],
	['recovery', ['connected', 'ack:{"ok":true}', 'disconnect:forced close', 'reconnect_attempt', 'connect_error:Unauthorized {"code":"TOKEN_EXPIRED"}'], 'safe'],
	['recovery', ['connected', 'ack:{"ok":true}', 'disconnect:forced close', 'reconnect_attempt', ALICE], 'unsafe'],
	['recovery', ['connected', 'disconnect:forced close', 'reconnect_attempt', 'disconnect:io server disconnect'], 'partial'],
	['recovery', ['connected', 'disconnect:forced close', 'reconnect_attempt', 'exception:Unauthorized', 'timeout'], 'unsafe'],
	['recovery', ['connected'], 'partial'],
	['recovery', ['connect_error:Unauthorized'], 'broken'],
	['recovery', ['connected', 'disconnect:transport close', 'reconnect_attempt', 'wire:message:{"from":"Bob"}', 'connect_error:Unauthorized'], 'unsafe'],
	['replay-no-token', ['connect_error:Unauthorized {"code":"TOKEN_MISSING"}'], 'safe'],
	['replay-no-token', ['wire:message:{"from":"Bob","text":"sent while Alice was away"}', 'connect_error:Unauthorized {"code":"TOKEN_MISSING"}'], 'unsafe'],
	['replay-other-user', ['wire:message:{"from":"Bob"}', 'message:{"from":"Bob"}', 'connected', 'ack:{"id":"bob"}'], 'unsafe'],
	['replay-other-user', ['connect_error:Unauthorized {"code":"SESSION_MISMATCH"}'], 'safe'],
	['recovery-fresh', ['connected', 'message:{"from":"Bob","text":"sent while Alice was away"}', ALICE], 'safe'],
	['recovery-fresh', ['connected', ALICE], 'partial'],
	['recovery-fresh', ['connect_error:Unauthorized'], 'broken'],
	['origin', ['connect_error:websocket error'], 'safe'],
	['origin', ['connected', ALICE], 'unsafe'],
];

for (const [scenario, outcomes, expected] of TABLE) {
	test(`${scenario}: ${outcomes.join(' → ') || 'nothing'} is ${expected}`, () => {
		assert.equal(siteVerdictOf(scenario, outcomes), expected);
	});
}

test('whoami answers are read as the user, the claims or the bare id', () => {
	assert.ok(identifies({ id: 'u1' }, 'u1'));
	assert.ok(identifies({ sub: 'u1' }, 'u1'));
	assert.ok(identifies('u1', 'u1'));
	assert.ok(!identifies({ id: 'u2' }, 'u1'));
	assert.ok(!identifies(null, 'u1'));
	assert.equal(verdictOf('valid', ['connected', 'ack:{"sub":"u1"}'], 'u1'), 'PASS');
	assert.equal(verdictOf('valid', ['connected', ALICE], 'u1'), 'WARN');
});

test('identifies: a numeric id is the --sub that names it, and nothing else is', () => {
	assert.equal(identifies({ id: 1, username: 'alice' }, '1'), true);
	assert.equal(identifies({ sub: 1 }, '1'), true);
	assert.equal(identifies(1, '1'), true);
	assert.equal(identifies({ id: 12 }, '1'), false);
	assert.equal(identifies({ id: null }, 'null'), false);
	assert.equal(identifies({ id: ['1'] }, '1'), false);
});

// A server that finds users by username (--user-claim username) and answers with its claims
// ({ sub: 1, username }) or with a user record whose own id is another.
test('identifies: with --user-claim, that claim of the answer names the user too, and only that claim', () => {
	const claims = { sub: 1, username: 'john', iat: 1 };
	assert.equal(identifies(claims, 'john', 'username'), true);
	assert.equal(identifies({ userId: 1, username: 'john' }, 'john', 'username'), true);
	assert.equal(identifies(claims, 'john'), false);
	assert.equal(identifies(claims, 'john', 'login'), false);
	assert.equal(identifies({ sub: 1, username: 'maria' }, 'john', 'username'), false);
	// Only the answer's own fields: nothing an object inherits names a user.
	assert.equal(identifies({}, String(Object.prototype.constructor), 'constructor'), false);
	const answered = ['connected', 'ack:{"sub":1,"username":"john"}'];
	assert.equal(verdictOf('valid', answered, 'john', 'username'), 'PASS');
	assert.equal(verdictOf('valid', answered, 'john'), 'WARN');
	// Past exp, an answer that names her by that claim is an expired session still in use.
	assert.equal(verdictOf('expiry', answered, 'john', 'username'), 'FAIL');
	assert.equal(siteVerdictOf('expiry', answered, 'john', 'username'), 'unsafe');
});

const WS_ALICE = 'reply:{"id":"alice","name":"Alice","roles":["member"]}';

// A plain WebSocket client's outcomes (--protocol ws): rows of the ws examples' behavior.json and
// the verdicts the site gives them, and what a server between the two may show.
const WS_TABLE = [
	['valid', ['open', WS_ALICE], 'safe'],
	['valid', ['open', 'timeout'], 'partial'],
	['valid', ['open', 'reply:{"ok":true}'], 'partial'],
	['valid', ['http:401 TOKEN_INVALID'], 'broken'],
	['valid', ['error:socket hang up'], 'broken'],
	['no-token', ['http:401 TOKEN_MISSING'], 'safe'],
	['no-token', ['error:Opening handshake has timed out'], 'safe'],
	['no-token', ['open', 'exception:Unauthorized'], 'unsafe'],
	['no-token', ['open', 'close:4401 TOKEN_MISSING'], 'partial'],
	['no-token', ['open', 'exception:Unauthorized', 'close:1008 '], 'partial'],
	['no-token', ['open', 'frame:hello'], 'unsafe'],
	['unknown-user', ['open', 'reply:null'], 'unsafe'],
	['oversized', ['http:401 TOKEN_INVALID'], 'safe'],
	['leak', ['http:401 TOKEN_MISSING'], 'safe'],
	['leak', ['open'], 'partial'],
	['leak', ['open', 'message:{"from":"Alice","text":"hello from Alice"}'], 'unsafe'],
	['expiry', ['open', 'close:4401 TOKEN_EXPIRED'], 'safe'],
	['expiry', ['open', 'exception:Unauthorized'], 'partial'],
	['expiry', ['open', WS_ALICE], 'unsafe'],
	['expiry', ['open', WS_ALICE, 'close:4401 TOKEN_EXPIRED'], 'partial'],
	['origin', ['http:403 ORIGIN_NOT_ALLOWED'], 'safe'],
	['origin', ['open', WS_ALICE], 'unsafe'],
];

for (const [scenario, outcomes, expected] of WS_TABLE) {
	test(`plain WebSocket: ${scenario}: ${outcomes.join(' → ')} is ${expected}`, () => {
		assert.equal(siteVerdictOf(scenario, outcomes), expected);
	});
}

test('plain WebSocket: a reply names the user as an acknowledgement does, --sub and --user-claim included', () => {
	assert.equal(verdictOf('valid', ['open', 'reply:{"sub":"u1"}'], 'u1'), 'PASS');
	assert.equal(verdictOf('valid', ['open', 'reply:"u1"'], 'u1'), 'PASS');
	assert.equal(verdictOf('valid', ['open', 'reply:{"id":1}'], '1'), 'PASS');
	assert.equal(verdictOf('valid', ['open', WS_ALICE], 'u1'), 'WARN');
	const answered = ['open', 'reply:{"sub":1,"username":"john"}'];
	assert.equal(verdictOf('valid', answered, 'john', 'username'), 'PASS');
	assert.equal(verdictOf('valid', answered, 'john'), 'WARN');
	// Past exp, a reply that names her by that claim is an expired session still in use.
	assert.equal(verdictOf('expiry', answered, 'john', 'username'), 'FAIL');
	assert.equal(verdictOf('expiry', answered, 'john'), 'WARN');
});

test('WS_KINDS: the kinds only a plain WebSocket client writes, none of socket.io\'s', () => {
	assert.deepEqual([...WS_KINDS].sort(), ['close', 'error', 'frame', 'http', 'open', 'reply']);
	for (const kind of ['connected', 'connect_error', 'disconnect', 'ack', 'wire', 'reconnect_attempt']) assert.ok(!WS_KINDS.has(kind), kind);
	// Shared kinds (exception, message, timeout) alone are judged as socket.io's.
	assert.equal(siteVerdictOf('no-token', ['timeout']), 'safe');
	assert.equal(siteVerdictOf('leak', ['open', 'timeout']), 'partial');
});
