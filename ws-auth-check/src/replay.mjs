// The replay scenarios: a client sends the pid and offset of a session Alice left when her
// connection dropped, with a token of its own. With connectionStateRecovery, socket.io restores
// that session for whoever sends both, and writes its missed packets to the wire while it creates
// the socket, before any middleware runs (skipMiddlewares: false or not). As the guide's runner
// plays them (examples/recommended/demo/scenarios.mjs, `replay`), except who writes the missed
// message: a second connection with --sub's valid token, where the guide has its admin user.
import { setTimeout as sleep } from 'node:timers/promises';
import { TEXTS } from './facts.mjs';
import { outcome } from './outcomes.mjs';
import { sessionOf } from './wire.mjs';

/**
 * @typedef {import('./scenarios.mjs').Client} Client
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
	const { event, broadcastEvent } = client.config;
	const valid = /** @type {import('./scenarios.mjs').Handshake} */ (client.carry(await tokenFor('valid')));
	const alice = client.open(namespace, valid);
	const session = sessionOf(alice.socket);
	/** @type {ReturnType<Client['open']> | undefined} */
	let sender;
	try {
		await client.settled(alice.socket, alice.record);
		if (!alice.socket.connected) {
			// recovery-fresh is then `broken` (FAIL), as `recovery` is: Alice could not even connect.
			if (id === 'recovery-fresh') return { outcomes: client.finish(alice.socket, alice.outcomes), note: 'Alice (valid token) was refused, so she had no session to come back to' };
			return { note: `skipped: Alice (valid token) was refused (${alice.outcomes.join(' → ')}), so there was no session to replay` };
		}
		// Once Alice is in: one connection attempt at a time, as everywhere in the audit.
		sender = client.open(namespace, valid);
		await client.settled(sender.socket, sender.record);
		if (!sender.socket.connected) return { note: `skipped: the sender (valid token) was refused (${sender.outcomes.join(' → ')})` };
		await sleep(client.wait.settle); // let a `connection` handler put them in their room
		await client.ask(sender.socket, sender.record, broadcastEvent, { text: TEXTS.beforeDrop });
		await sleep(client.wait.settle);
		const none = noSession(session, alice.outcomes, broadcastEvent);
		if (none !== undefined) {
			withoutSessions.set(client, none);
			return { note: none };
		}

		alice.socket.io.engine.close();
		await sleep(client.wait.settle); // the server sees the transport close and keeps her session
		await client.ask(sender.socket, sender.record, broadcastEvent, { text: TEXTS.whileAway });
		await sleep(client.wait.settle); // with a Redis adapter, the packet reaches the stream after the ack

		const handshake = /** @type {import('./scenarios.mjs').Handshake} */ (client.carry(await tokenFor(replayToken)));
		handshake.auth = { ...handshake.auth, pid: session.pid, offset: session.offset };
		const replaying = client.open(namespace, handshake);
		const answered = sessionOf(replaying.socket);
		await client.settled(replaying.socket, replaying.record);
		await sleep(client.wait.settle); // a check on `connection` gets to act
		if (replaying.socket.connected) await client.ask(replaying.socket, replaying.record, event);
		await sleep(client.wait.settle);
		const outcomes = client.finish(replaying.socket, replaying.outcomes);
		// Whether the server gave the client Alice's session: its CONNECT packet carries her pid.
		const restored = answered.pid === session.pid;
		if (id === 'recovery-fresh') return { outcomes, note: freshNote(restored, outcomes, broadcastEvent) };
		return { outcomes, note: intruderNote(restored, outcomes) };
	} finally {
		client.finish(alice.socket, []);
		if (sender) client.finish(sender.socket, []);
	}
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
 * @param {string} broadcastEvent
 */
export function noSession(session, seen, broadcastEvent) {
	if (session.pid === undefined) return 'no session to replay: connectionStateRecovery is off, the CONNECT packet has no pid';
	if (session.offset !== undefined) return undefined;
	if (!seen.some((step) => step.startsWith('message:'))) {
		return `no session to replay: Alice received no "${broadcastEvent}" broadcast, so she has no offset; give --broadcast-event`;
	}
	return `no session to replay: connectionStateRecovery is off for "${broadcastEvent}", its events carry no offset`;
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
	const { socket, outcomes, record } = client.open(namespace, /** @type {import('./scenarios.mjs').Handshake} */ (client.carry(await tokenFor('other-user'))));
	await client.settled(socket, record);
	const seen = client.finish(socket, outcomes);
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
 * @param {string} broadcastEvent
 */
export function freshNote(restored, seen, broadcastEvent) {
	if (!seen.includes(outcome.connected())) return undefined;
	const missed = seen.some((step) => step.startsWith('message:') && step.includes(JSON.stringify(TEXTS.whileAway)));
	if (restored) {
		return missed
			? 'the server restored her session, with the message she missed'
			: `the server restored her session, but without the "${broadcastEvent}" she missed`;
	}
	return `her session was not restored: she got in as a new connection, ${missed ? 'yet received the message she missed' : 'without what she missed'}`;
}
