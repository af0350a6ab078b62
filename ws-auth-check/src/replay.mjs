// The replay scenarios: a client sends the pid and offset of a session Alice left when her
// connection dropped, with a token of its own. With connectionStateRecovery, socket.io restores
// that session for whoever sends both, and writes its missed packets to the wire while it creates
// the socket, before any middleware runs (skipMiddlewares: false or not). The scenario engine
// plays them as it does for the guide's behaviour files; this module adds what the audit needs
// around it: when to skip, and what a line's note says.
import { TEXTS } from './facts.mjs';
import { outcome } from './outcomes.mjs';

/**
 * @typedef {import('./scenarios.mjs').Client} Client
 * @typedef {import('./scenario-engine.mjs').Handshake} Handshake
 * @typedef {(kind: import('./tokens.mjs').TokenKind) => Promise<string | object | undefined>} TokenFor
 */

/**
 * Leaves a session of Alice's behind with a packet it missed, then replays it with the scenario's
 * token; returns what the replaying client saw (its wire included), or a note when there was no
 * session to replay.
 * @param {Client} client
 * @param {string} namespace
 * @param {{ id: string, replayToken: import('./tokens.mjs').TokenKind }} scenario
 * @param {TokenFor} tokenFor
 * @returns {Promise<{ outcomes?: string[], note?: string }>}
 */
export async function replay(client, namespace, { id, replayToken }, tokenFor) {
	const known = withoutSessions.get(client);
	if (known !== undefined) return { note: known };
	if (replayToken === 'other-user') {
		const refused = await otherUserRefused(client, namespace, tokenFor);
		if (refused !== undefined) return { note: refused };
	}
	const { receiveEvent } = client.config;
	const valid = /** @type {Handshake} */ (client.carry(await tokenFor('valid')));
	const replayer = /** @type {Handshake} */ (client.carry(await tokenFor(replayToken)));
	// The sender is a second connection with --sub's valid token, where the guide has its admin user.
	const seen = await client.engine.replay(namespace, { alice: valid, sender: valid, replayer, texts: TEXTS });
	if ('missing' in seen) {
		if (seen.missing === 'alice') {
			// recovery-fresh is then `broken` (FAIL), as `recovery` is: Alice could not even connect.
			if (id === 'recovery-fresh') return { outcomes: seen.seen, note: 'Alice (valid token) was refused, so she had no session to come back to' };
			return { note: `skipped: Alice (valid token) was refused (${seen.seen.join(' → ')}), so there was no session to replay` };
		}
		if (seen.missing === 'sender') return { note: `skipped: the sender (valid token) was refused (${seen.seen.join(' → ')})` };
		const none = /** @type {string} */ (noSession(/** @type {import('./wire.mjs').Session} */ (seen.session), seen.seen, receiveEvent));
		withoutSessions.set(client, none);
		return { note: none };
	}
	const { outcomes, restored } = seen;
	if (id === 'recovery-fresh') return { outcomes, note: freshNote(restored, outcomes, receiveEvent) };
	return { outcomes, note: intruderNote(restored, outcomes) };
}

/**
 * The audits whose server gave Alice no session to replay, and why: the next replay scenarios
 * skip at once rather than connect twice more to learn the same.
 * @type {WeakMap<Client, string>}
 */
const withoutSessions = new WeakMap();

/**
 * Why Alice's connection left no session to replay, or undefined when it did.
 * @param {import('./wire.mjs').Session} session
 * @param {string[]} seen what Alice saw
 * @param {string} receiveEvent
 */
export function noSession(session, seen, receiveEvent) {
	if (session.pid === undefined) return 'no session to replay: connectionStateRecovery is off, the CONNECT packet has no pid';
	if (session.offset !== undefined) return undefined;
	if (!seen.some((step) => step.startsWith('message:'))) {
		return `no session to replay: Alice received no "${receiveEvent}" broadcast, so she has no offset; give --broadcast-event and --receive-event`;
	}
	return `no session to replay: connectionStateRecovery is off for "${receiveEvent}", its events carry no offset`;
}

/**
 * replay-other-user proves something only if the other user's token is one the server accepts:
 * one connection with it, alone, first. Undefined when it got in, else the note to skip with.
 * @param {Client} client
 * @param {string} namespace
 * @param {TokenFor} tokenFor
 */
async function otherUserRefused(client, namespace, tokenFor) {
	const otherSub = client.config.signing.otherSub;
	if (otherSub === undefined) return 'skipped: give --other-sub <id of another user the server knows>, e.g. --other-sub bob';
	const { engine } = client;
	const { socket, outcomes, record } = engine.open(namespace, /** @type {Handshake} */ (client.carry(await tokenFor('other-user'))));
	await engine.settled(socket, record);
	const seen = engine.finish(socket, outcomes);
	if (seen.includes(outcome.connected())) return undefined;
	return `skipped: --other-sub ${otherSub}'s valid token was refused on its own (${seen.join(' → ')}): give a user the server knows`;
}

/**
 * What an attacker's replay line adds when the client got in: whether it got Alice's session
 * (her rooms and id) or a new one of its own. The verdict reads the outcomes alone, which cannot
 * tell the two apart when nothing she missed reached the client.
 * @param {boolean} restored
 * @param {string[]} seen
 */
export function intruderNote(restored, seen) {
	if (!seen.includes(outcome.connected())) return undefined;
	return restored ? 'the server gave this client Alice\'s session' : 'the server gave this client a new session, not Alice\'s';
}

/**
 * What recovery-fresh's line adds: whether the server gave Alice her session back (the CONNECT
 * packet answered with her pid) and whether what she missed came with it.
 * @param {boolean} restored
 * @param {string[]} seen
 * @param {string} receiveEvent
 */
export function freshNote(restored, seen, receiveEvent) {
	if (!seen.includes(outcome.connected())) return undefined;
	const missed = seen.some((step) => step.startsWith('message:') && step.includes(JSON.stringify(TEXTS.whileAway)));
	if (restored) {
		return missed
			? 'the server restored her session, with the message she missed'
			: `the server restored her session, but without the "${receiveEvent}" she missed`;
	}
	return `her session was not restored: she got in as a new connection, ${missed ? 'yet received the message she missed' : 'without what she missed'}`;
}
