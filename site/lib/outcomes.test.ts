// The outcome vocabulary read back: what the writer (outcomes.mjs) writes, the parser reads; every
// outcome a behaviour file documents is in the vocabulary; and the words and verdicts the site
// shows for them. Run with `npm run test:unit` (node --test).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { APPROACH_SLUGS, WS_APPROACH_SLUGS } from '../../examples/approaches.mjs';
import { outcome, parseOutcome } from '../../examples/recommended/demo/outcomes.mjs';
import { describeOutcome, outcomeText, verdictOf } from './outcomes.ts';

test('parseOutcome reads back what outcome writes', () => {
	assert.deepEqual(parseOutcome(outcome.connected()), { kind: 'connected' });
	assert.deepEqual(parseOutcome(outcome.timeout()), { kind: 'timeout' });
	assert.deepEqual(parseOutcome(outcome.reconnectAttempt()), { kind: 'reconnect_attempt' });
	assert.deepEqual(parseOutcome(outcome.connectError('Unauthorized')), { kind: 'connect_error', message: 'Unauthorized' });
	assert.deepEqual(parseOutcome(outcome.connectError('Unauthorized', { code: 'TOKEN_EXPIRED' })), {
		kind: 'connect_error',
		message: 'Unauthorized',
		data: { code: 'TOKEN_EXPIRED' },
	});
	// A message with spaces and no data stays whole.
	assert.deepEqual(parseOutcome(outcome.connectError('xhr poll error')), { kind: 'connect_error', message: 'xhr poll error' });
	assert.deepEqual(parseOutcome(outcome.disconnect('io server disconnect')), { kind: 'disconnect', reason: 'io server disconnect' });
	assert.deepEqual(parseOutcome(outcome.exception({ message: 'Forbidden resource' })), { kind: 'exception', message: 'Forbidden resource' });
	assert.deepEqual(parseOutcome(outcome.ack({ id: 'alice' })), { kind: 'ack', json: '{"id":"alice"}', reply: { id: 'alice' } });
	assert.deepEqual(parseOutcome(outcome.message({ from: 'Alice', text: 'hi: there' })), {
		kind: 'message',
		json: '{"from":"Alice","text":"hi: there"}',
		payload: { from: 'Alice', text: 'hi: there' },
	});
	assert.deepEqual(parseOutcome(outcome.server('exited')), { kind: 'server', state: 'exited' });
	// A plain WebSocket client's.
	assert.deepEqual(parseOutcome(outcome.open()), { kind: 'open' });
	assert.deepEqual(parseOutcome(outcome.http(401, 'TOKEN_MISSING')), { kind: 'http', status: 401, body: 'TOKEN_MISSING' });
	assert.deepEqual(parseOutcome(outcome.http(403, '')), { kind: 'http', status: 403, body: '' });
	assert.deepEqual(parseOutcome(outcome.close(4401, 'TOKEN_EXPIRED')), { kind: 'close', code: 4401, reason: 'TOKEN_EXPIRED' });
	assert.deepEqual(parseOutcome(outcome.close(1006, '')), { kind: 'close', code: 1006, reason: '' });
	assert.deepEqual(parseOutcome(outcome.reply({ ok: true })), { kind: 'reply', json: '{"ok":true}', reply: { ok: true } });
	assert.deepEqual(parseOutcome(outcome.error('socket hang up')), { kind: 'error', message: 'socket hang up' });
	assert.deepEqual(parseOutcome(outcome.frame('hello')), { kind: 'frame', text: 'hello' });
	assert.deepEqual(parseOutcome('http:abc'), { kind: 'unknown', text: 'http:abc' });
	assert.deepEqual(parseOutcome('connected:extra'), { kind: 'unknown', text: 'connected:extra' });
	assert.deepEqual(parseOutcome('teleported'), { kind: 'unknown', text: 'teleported' });
});

test('every outcome in every behavior.json is in the vocabulary', () => {
	let count = 0;
	for (const slug of [...APPROACH_SLUGS, ...WS_APPROACH_SLUGS]) {
		const behavior = JSON.parse(readFileSync(new URL(`../../examples/${slug}/behavior.json`, import.meta.url), 'utf8'));
		for (const variant of behavior.variants) {
			for (const [scenario, { outcomes }] of Object.entries(variant.scenarios as Record<string, { outcomes: string[] }>)) {
				for (const raw of outcomes) {
					assert.notEqual(parseOutcome(raw).kind, 'unknown', `${slug}/${variant.id}/${scenario}: ${raw}`);
					count++;
				}
			}
		}
	}
	assert.ok(count > 100, `only ${count} outcomes found`);
});

test('the words the tables show', () => {
	assert.equal(describeOutcome('connect_error:Unauthorized {"code":"TOKEN_EXPIRED"}'), 'connect_error: Unauthorized (TOKEN_EXPIRED)');
	assert.equal(describeOutcome('timeout'), 'no acknowledgement (timeout)');
	assert.equal(describeOutcome('timeout', { compact: true }), 'no ack');
	assert.equal(describeOutcome('message:{"from":"Alice","text":"hello"}'), 'receives message from Alice: "hello"');
	assert.equal(describeOutcome('teleported'), 'teleported');
	// Connected and never disconnected: the table says so.
	assert.equal(outcomeText(['connected', 'ack:{"id":"alice"}']), 'connected → ack: {"id":"alice"} → stays connected');
	assert.equal(outcomeText([]), 'nothing observed');
});

test('verdicts follow the outcomes only', () => {
	assert.equal(verdictOf('valid', ['connected', 'ack:{"id":"alice","name":"Alice","roles":["member"]}']), 'safe');
	assert.equal(verdictOf('valid', ['connect_error:Unauthorized']), 'broken');
	assert.equal(verdictOf('leak', ['connected', 'message:{"from":"Alice","text":"hello from Alice"}']), 'unsafe');
	assert.equal(verdictOf('leak', ['connect_error:Unauthorized']), 'safe');
	assert.equal(verdictOf('expired', ['connected', 'disconnect:io server disconnect']), 'partial');
	assert.equal(verdictOf('retry', ['connect_error:xhr poll error', 'reconnect_attempt']), 'partial');
	assert.equal(verdictOf('expiry', ['connected', 'exception:Token expired', 'disconnect:io server disconnect']), 'safe');
	// Still answered as Alice after her token expired.
	assert.equal(verdictOf('expiry', ['connected', 'ack:{"id":"alice"}']), 'unsafe');
	assert.equal(verdictOf('no-token', ['server:exited']), 'unsafe');
	// Recovery: judged by what follows the drop.
	const dropped = ['connected', 'ack:{"ok":true}', 'disconnect:forced close', 'reconnect_attempt'];
	assert.equal(verdictOf('recovery', [...dropped, 'connect_error:Unauthorized {"code":"TOKEN_EXPIRED"}']), 'safe');
	assert.equal(verdictOf('recovery', [...dropped, 'ack:{"id":"alice"}']), 'unsafe');
	assert.equal(verdictOf('recovery', [...dropped, 'disconnect:io server disconnect']), 'partial');
	assert.equal(verdictOf('recovery', [...dropped, 'exception:Unauthorized', 'timeout']), 'unsafe');
	assert.equal(verdictOf('recovery', ['connect_error:Unauthorized']), 'broken');
	// An event packet on the wire before a refusal is a leak, whatever the client's events say.
	const replayed = 'wire:message:{"from":"Bob","text":"sent while Alice was away"}';
	assert.equal(verdictOf('replay-expired', [replayed, 'connect_error:Unauthorized {"code":"TOKEN_EXPIRED"}']), 'unsafe');
	assert.equal(verdictOf('replay-expired', ['connect_error:Unauthorized {"code":"TOKEN_EXPIRED"}']), 'safe');
	assert.equal(verdictOf('recovery-fresh', ['connected', 'message:{"from":"Bob","text":"sent while Alice was away"}', 'ack:{"id":"alice"}']), 'safe');
});

test('an event packet read before connect is described as such', () => {
	assert.equal(
		describeOutcome('wire:message:{"from":"Bob","text":"sent while Alice was away"}'),
		'Bob\'s message on the wire before connect: "sent while Alice was away"',
	);
	assert.equal(describeOutcome('wire:message:{"from":"Bob","text":"x"}', { compact: true }), "Bob's message on the wire");
	assert.equal(describeOutcome('wire:exception:{"message":"no"}'), '"exception" {"message":"no"} on the wire before connect');
});

test('a plain WebSocket client\'s outcomes: words and verdicts', () => {
	assert.equal(describeOutcome('http:401 TOKEN_MISSING'), 'upgrade refused: HTTP 401 (TOKEN_MISSING)');
	assert.equal(describeOutcome('http:401 TOKEN_MISSING', { compact: true }), 'HTTP 401');
	assert.equal(describeOutcome('close:4401 TOKEN_EXPIRED'), 'closed by the server: 4401 (TOKEN_EXPIRED)');
	assert.equal(outcomeText(['open', 'exception:Unauthorized']), 'WebSocket open (101) → exception: Unauthorized → stays open');
	assert.equal(outcomeText(['open', 'close:4401 TOKEN_EXPIRED']), 'WebSocket open (101) → closed by the server: 4401 (TOKEN_EXPIRED)');
	const alice = 'reply:{"id":"alice","name":"Alice","roles":["member"]}';
	assert.equal(verdictOf('valid', ['open', alice]), 'safe');
	assert.equal(verdictOf('valid', ['http:401 TOKEN_INVALID']), 'broken');
	assert.equal(verdictOf('no-token', ['http:401 TOKEN_MISSING']), 'safe');
	assert.equal(verdictOf('no-token', ['open', 'exception:Unauthorized']), 'unsafe');
	assert.equal(verdictOf('no-token', ['open', 'close:4401 TOKEN_MISSING']), 'partial');
	assert.equal(verdictOf('leak', ['open', 'message:{"from":"Alice","text":"hello from Alice"}']), 'unsafe');
	assert.equal(verdictOf('race', ['open', 'exception:Unauthorized']), 'partial');
	assert.equal(verdictOf('expiry', ['open', 'close:4401 TOKEN_EXPIRED']), 'safe');
	assert.equal(verdictOf('expiry', ['open', 'exception:Unauthorized']), 'partial');
	assert.equal(verdictOf('origin', ['open', alice]), 'unsafe');
	assert.equal(verdictOf('origin', ['http:403 ORIGIN_NOT_ALLOWED']), 'safe');
});

test("the cluster scenarios' markers read as what happened", () => {
	assert.equal(describeOutcome('node:frozen'), '— node C freezes (SIGSTOP) —');
	assert.equal(describeOutcome('node:resumed'), '— node C resumes (SIGCONT) —');
	assert.equal(outcomeText(['connected', 'session:new']), 'connected → a new session: the old one is not restored → stays connected');
	assert.equal(describeOutcome('session:restored'), 'gets the old session back');
});
