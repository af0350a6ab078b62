import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readArgs } from './args.mjs';
import { unknownUserQuestion, validNote } from './scenarios.mjs';

/** @param {Partial<Parameters<typeof unknownUserQuestion>[0]>} signing */
const ask = (signing) => unknownUserQuestion({ sub: 'alice', subType: 'string', userClaim: 'sub', ...signing });

// Alice refused as an unknown user: the line asks whether the server knows her id where and as
// her token carries it, and names the options left to their defaults that would change that.
test('unknownUserQuestion: the claim and type of her id, and the options that change them', () => {
	assert.equal(ask({}), 'does it know --sub alice (if its ids are numbers, add --sub-type number; if it names users by another claim than sub, add --user-claim <claim>)');
	assert.equal(ask({ sub: '1', subType: 'number' }), 'does it know --sub 1 (if it names users by another claim than sub, add --user-claim <claim>)');
	assert.equal(ask({ sub: 'john', userClaim: 'username' }), 'does it know --sub john, sent in the "username" claim (if its ids are numbers, add --sub-type number)');
	assert.equal(ask({ sub: '1', subType: 'number', userClaim: 'uid' }), 'does it know --sub 1, sent in the "uid" claim');
});

/** @param {string[]} argv */
function configOf(argv) {
	const config = readArgs(['--url', 'http://127.0.0.1:3000', '--secret', 's', ...argv], {});
	if (config.help) assert.fail('not help');
	return config;
}

// The `valid` line's note, from what Alice saw and, when she was refused, what --unknown-sub's
// client saw: socket.io's connect_error, or the HTTP answer to a plain WebSocket upgrade.
test('validNote: refused as an unknown user, refused otherwise, or not answered; on socket.io and plain WebSocket', async () => {
	const socketIo = configOf([]);
	const ws = configOf(['--protocol', 'ws']);
	/** @param {string[]} outcomes */
	const asked = (outcomes) => {
		const calls = { count: 0 };
		const unknownUser = async () => {
			calls.count++;
			return outcomes;
		};
		return { calls, unknownUser };
	};
	const cases = /** @type {const} */ ([
		[socketIo, ['connect_error:Unauthorized {"code":"USER_UNKNOWN"}'], ['connect_error:Unauthorized {"code":"USER_UNKNOWN"}'], /^Alice was refused exactly as a user the server does not know \(--unknown-sub\): does it know --sub alice/],
		[socketIo, ['connect_error:Unauthorized {"code":"TOKEN_INVALID"}'], ['connect_error:Unauthorized {"code":"USER_UNKNOWN"}'], /^Alice was refused: check --url, --path, --namespace, --token-in and the signing options$/],
		[socketIo, ['connected', 'timeout'], undefined, /^"whoami" was not acknowledged: give --event for an event that answers with the user$/],
		[ws, ['http:401 USER_UNKNOWN'], ['http:401 USER_UNKNOWN'], /^Alice was refused exactly as a user the server does not know \(--unknown-sub\): does it know --sub alice/],
		[ws, ['http:401 TOKEN_INVALID'], ['http:401 USER_UNKNOWN'], /^Alice was refused: check --url, --token-in and the signing options$/],
		[ws, ['error:socket hang up'], ['error:socket hang up'], /^Alice was refused: check --url, --token-in and the signing options$/],
		[ws, ['open', 'timeout'], undefined, /^"whoami" was not answered: give --event for an event that answers with the user$/],
	]);
	for (const [config, outcomes, unknown, note] of cases) {
		const { calls, unknownUser } = asked(unknown ?? []);
		assert.match((await validNote(config, [...outcomes], unknownUser)) ?? '', note, outcomes.join(' → '));
		// Asked once more only when Alice was refused.
		assert.equal(calls.count, unknown === undefined ? 0 : 1, outcomes.join(' → '));
	}
	for (const [config, outcomes] of /** @type {const} */ ([[socketIo, ['connected', 'ack:{"id":"alice"}']], [ws, ['open', 'reply:{"id":"alice"}']], [ws, ['open', 'reply:{"ok":true}']]])) {
		assert.equal(await validNote(config, [...outcomes], async () => assert.fail('not asked')), undefined, outcomes.join(' → '));
	}
});
