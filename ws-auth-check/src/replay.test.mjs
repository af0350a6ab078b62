// What the replay scenarios say when there is nothing to replay, and how recovery-fresh's line
// reads; the replays themselves run against real servers in tests/ws-auth-check/.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freshNote, intruderNote, noSession } from './replay.mjs';

const RECEIVED = 'message:{"from":"Alice","text":"hello before the drop"}';
const MISSED = 'message:{"from":"Alice","text":"sent while Alice was away"}';

test('no session to replay: recovery off, no broadcast received, or no offset on it', () => {
	assert.equal(noSession({ pid: undefined, offset: undefined }, ['connected', RECEIVED], 'message'), 'no session to replay: connectionStateRecovery is off, the CONNECT packet has no pid');
	assert.equal(
		noSession({ pid: 'p', offset: undefined }, ['connected'], 'shout'),
		'no session to replay: Alice received no "shout" broadcast, so she has no offset; give --broadcast-event and --receive-event',
	);
	assert.equal(noSession({ pid: 'p', offset: undefined }, ['connected', RECEIVED], 'message'), 'no session to replay: connectionStateRecovery is off for "message", its events carry no offset');
	assert.equal(noSession({ pid: 'p', offset: '1' }, ['connected', RECEIVED], 'message'), undefined);
});

test('recovery-fresh says whether her session came back, and with what she missed', () => {
	const alice = 'ack:{"id":"alice"}';
	assert.equal(freshNote(true, ['connected', MISSED, alice], 'message'), 'the server restored her session, with the message she missed');
	assert.equal(freshNote(true, ['connected', alice], 'message'), 'the server restored her session, but without the "message" she missed');
	// The message she received before the drop is not the one she missed.
	assert.equal(freshNote(true, ['connected', RECEIVED, alice], 'message'), 'the server restored her session, but without the "message" she missed');
	assert.equal(freshNote(false, ['connected', alice], 'message'), 'her session was not restored: she got in as a new connection, without what she missed');
	assert.equal(freshNote(false, ['connected', MISSED, alice], 'message'), 'her session was not restored: she got in as a new connection, yet received the message she missed');
	assert.equal(freshNote(false, ['connect_error:Unauthorized'], 'message'), undefined);
});

test('an attacker\'s replay that got in says whose session it got', () => {
	assert.equal(intruderNote(true, ['connected', MISSED]), 'the server gave this client Alice\'s session');
	assert.equal(intruderNote(false, ['connected', 'ack:{"id":"bob"}']), 'the server gave this client a new session, not Alice\'s');
	assert.equal(intruderNote(true, ['wire:message:{}', 'connect_error:Unauthorized']), undefined);
});
