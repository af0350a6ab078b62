// The scenario runner: one socket.io client per scenario, recording what the client sees, on
// its events and on the wire. The demo, the test matrix, the playground and the benchmark all
// use it. Same file in every example.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { io } from 'socket.io-client';
import { outcome } from './outcomes.mjs';
import {
	ACK_TIMEOUT_MS,
	ADMIN_NAMESPACE,
	CONNECT_TIMEOUT_MS,
	EXPIRY_GRACE_MS,
	MALFORMED_SESSION,
	RETRY_WATCH_MS,
	SCENARIO_IDS,
	SCENARIOS,
	SETTLE_MS,
	TEXTS,
} from './scenario-facts.mjs';
import { tokenFor } from './tokens.mjs';
import { sessionOf, tapWire } from './wire.mjs';

// The scenario list and what a client does in each (texts, waits, namespace) are in
// scenario-facts.mjs, which the playground reads too. Exported here for the runner's users.
export { ACK_TIMEOUT_MS, SCENARIO_IDS, SCENARIOS };

/**
 * Runs one scenario against a running example and returns what the client saw, in order,
 * each outcome once, in the vocabulary of outcomes.mjs.
 * @param {string} id a scenario id
 * @param {{ url: string, secret: string, issuer: string, audience: string, transport?: string }} target
 *   transport: how the clients send their token (see `carrier`); the `auth` payload by default
 */
export async function runScenario(id, target) {
	const scenario = SCENARIOS.find((candidate) => candidate.id === id);
	if (!scenario) throw new RangeError(`unknown scenario "${id}"; expected one of ${SCENARIO_IDS.join(', ')}`);
	const room = `demo-${randomUUID()}`;
	const carry = carrier(target.transport);
	const token = tokenFor(scenario.token, target);
	const handshake = carry(token, room);
	if (scenario.replay) return replay(target, carry, room, scenario.replay, token);
	switch (id) {
		case 'leak':
			return withAlice(target, carry, room, (alice) => leak(target.url, handshake, alice));
		case 'race':
			return withAlice(target, carry, room, () => race(target.url, handshake));
		case 'expiry':
			return expiry(target.url, handshake, token);
		case 'namespace':
			return probe(`${target.url}${ADMIN_NAMESPACE}`, handshake);
		case 'retry':
			return retry(target.url, handshake);
		case 'recovery':
			return recovery(target.url, (later) => carry(later, room), token, tokenFor(scenario.reconnectToken, target));
		default:
			return probe(target.url, handshake);
	}
}

/**
 * How a client hands its token over: the client options that carry it, with the chat room.
 * - `auth` (the default): in the handshake's `auth` payload, `{ auth: { token, room } }`;
 * - `cookie:<name>`: in a Cookie header, as a browser sends the cookie its login set; `auth`
 *   carries only the room. A cookie is a string: a scenario whose token is not (`non-string`)
 *   does not apply.
 * @param {string} [transport]
 * @returns {(token: unknown, room: string) => { auth: object, extraHeaders?: Record<string, string> }}
 */
function carrier(transport = 'auth') {
	if (transport === 'auth') return (token, room) => ({ auth: { token, room } });
	const cookie = /^cookie:([\w-]+)$/.exec(transport);
	if (!cookie) throw new RangeError(`unknown transport "${transport}"; expected auth or cookie:<name>`);
	return (token, room) => {
		if (token !== undefined && typeof token !== 'string') throw new TypeError(`a cookie cannot carry a ${typeof token} token`);
		return { auth: { room }, extraHeaders: token === undefined ? {} : { cookie: `${cookie[1]}=${token}` } };
	};
}

/** Connects, asks "whoami" if it got in, and listens a little longer. */
async function probe(url, handshake) {
	const { socket, outcomes, record } = open(url, handshake);
	await settled(socket, record);
	if (socket.connected) await ask(socket, record, 'whoami');
	await sleep(SETTLE_MS);
	return finish(socket, outcomes);
}

/** Alice writes to the room the attacker asked for: does the attacker receive it? */
async function leak(url, handshake, alice) {
	const { socket, outcomes, record } = open(url, handshake);
	await settled(socket, record);
	await sleep(100); // let handleConnection (if any) put the socket in its room
	await alice?.timeout(ACK_TIMEOUT_MS).emitWithAck('message', { text: TEXTS.alice }).catch(() => {});
	await sleep(SETTLE_MS);
	return finish(socket, outcomes);
}

/** The attacker sends a message the moment it is connected, before any async check can end. */
async function race(url, handshake) {
	const { socket, outcomes, record } = open(url, handshake, { autoConnect: false });
	let sent;
	socket.once('connect', () => {
		sent = ask(socket, record, 'message', { text: TEXTS.race });
	});
	socket.connect();
	await settled(socket, record);
	await sent;
	await sleep(SETTLE_MS);
	return finish(socket, outcomes);
}

/** Alice's token expires while she is connected; then she asks "whoami". */
async function expiry(url, handshake, token) {
	const [, payload] = token.split('.');
	const expiresAt = JSON.parse(Buffer.from(payload, 'base64url').toString()).exp * 1000;
	const { socket, outcomes, record } = open(url, handshake);
	await settled(socket, record);
	await sleep(Math.max(0, expiresAt - Date.now()) + EXPIRY_GRACE_MS);
	if (socket.connected) await ask(socket, record, 'whoami');
	await sleep(SETTLE_MS);
	return finish(socket, outcomes);
}

/** With socket.io's default reconnection, does a refused client try again? */
async function retry(url, handshake) {
	const { socket, outcomes } = open(url, handshake, { reconnection: true });
	await sleep(RETRY_WATCH_MS);
	return finish(socket, outcomes);
}

/**
 * Alice is connected and has received a message (socket.io restores a session only from the
 * offset of a broadcast the client received). Her network drops: the transport closes without a
 * goodbye, which the server may recover from. socket.io reconnects her, now with a token that has
 * expired. If she gets in, she asks "whoami".
 */
async function recovery(url, carry, firstToken, laterToken) {
	let handshake = carry(firstToken);
	const { socket, outcomes, record } = open(url, handshake, { reconnection: true, auth: (send) => send(handshake.auth) });
	await settled(socket, record);
	if (!socket.connected) return finish(socket, outcomes);
	await sleep(SETTLE_MS); // let handleConnection (if any) put her in her room
	// What the playground's "Send message" sends: she receives it too.
	await ask(socket, record, 'message', { text: TEXTS.visitor });
	await sleep(SETTLE_MS);
	handshake = carry(laterToken);
	// As a browser sends the cookie it holds now: the manager reads its headers when it opens the
	// next connection.
	if (handshake.extraHeaders) socket.io.opts.extraHeaders = handshake.extraHeaders;
	const reconnected = new Promise((resolve) => socket.once('connect', resolve).once('connect_error', resolve));
	socket.io.engine.close();
	await Promise.race([reconnected, sleep(CONNECT_TIMEOUT_MS).then(() => record(outcome.timeout()))]);
	await sleep(SETTLE_MS); // a check that runs on `connection` (handleConnection's) gets to act
	if (socket.connected) await ask(socket, record, 'whoami');
	await sleep(SETTLE_MS);
	return finish(socket, outcomes);
}

/**
 * Alice leaves a session behind: she receives Bob's message (and with it an offset), her
 * transport closes without a goodbye, and Bob writes to her room again. Then a client sends her
 * session's `pid` and `offset` (or, as `how` says, sends them elsewhere or sends others) with
 * its own token. Records what that client sees, the wire included: socket.io writes a restored
 * session's missed packets before it answers the CONNECT.
 * @param {'session' | 'namespace' | 'malformed'} how see `replay` in scenario-facts.mjs
 */
async function replay(target, carry, room, how, token) {
	const alice = open(target.url, carry(tokenFor('valid', target), room));
	const session = sessionOf(alice.socket);
	const bob = open(target.url, carry(tokenFor('admin', target), room));
	try {
		await Promise.all([settled(alice.socket, alice.record), settled(bob.socket, bob.record)]);
		if (!alice.socket.connected || !bob.socket.connected) {
			throw new Error(`replay needs Alice and Bob connected; Alice saw ${alice.outcomes.join(' → ')}, Bob saw ${bob.outcomes.join(' → ')}`);
		}
		await sleep(SETTLE_MS); // let handleConnection (if any) put them in their room
		await ask(bob.socket, bob.record, 'message', { text: TEXTS.beforeDrop });
		await sleep(SETTLE_MS);
		if (!session.offset) throw new Error(`replay: Alice received no offset (is connectionStateRecovery on?); she saw ${alice.outcomes.join(' → ')}`);
		alice.socket.io.engine.close();
		await sleep(SETTLE_MS); // the server sees the transport close and keeps her session
		await ask(bob.socket, bob.record, 'message', { text: TEXTS.whileAway });
		await sleep(SETTLE_MS); // with a Redis adapter, the packet reaches the stream after the ack
		const handshake = carry(token, room);
		handshake.auth = { ...handshake.auth, ...(how === 'malformed' ? MALFORMED_SESSION : { pid: session.pid, offset: session.offset }) };
		const url = how === 'namespace' ? `${target.url}${ADMIN_NAMESPACE}` : target.url;
		const { socket, outcomes, record } = open(url, handshake);
		await settled(socket, record);
		await sleep(SETTLE_MS); // a check that runs on `connection` (handleConnection's) gets to act
		if (socket.connected) await ask(socket, record, 'whoami');
		await sleep(SETTLE_MS);
		return finish(socket, outcomes);
	} finally {
		alice.socket.close();
		bob.socket.close();
	}
}

async function withAlice(target, carry, room, run) {
	const alice = io(target.url, {
		...carry(tokenFor('valid', target), room),
		reconnection: false,
		forceNew: true,
	});
	const joined = await new Promise((resolve) => {
		alice.once('connect', () => resolve(true));
		alice.once('connect_error', () => resolve(false));
	});
	try {
		// Some variants refuse even Alice (allowRequest cannot see the token): the attacker's
		// view is still worth recording.
		return await run(joined ? alice : undefined);
	} finally {
		alice.close();
	}
}

function open(url, handshake, options = {}) {
	const socket = io(url, { ...handshake, reconnection: false, forceNew: true, ...options });
	const outcomes = [];
	const record = (outcome) => {
		if (!outcomes.includes(outcome)) outcomes.push(outcome);
	};
	tapWire(socket, record);
	socket.on('connect', () => record(outcome.connected()));
	socket.on('connect_error', (error) => record(outcome.connectError(error.message, error.data)));
	socket.on('disconnect', (reason) => record(outcome.disconnect(reason)));
	socket.on('exception', (payload) => record(outcome.exception(payload)));
	socket.on('message', (payload) => record(outcome.message(payload)));
	socket.io.on('reconnect_attempt', () => record(outcome.reconnectAttempt()));
	return { socket, outcomes, record };
}

/** Closes the client; what it saw is returned first, so our own close is not part of it. */
function finish(socket, outcomes) {
	const seen = [...outcomes];
	socket.close();
	return seen;
}

/** Resolves once the client is connected or refused; records `timeout` if neither happens. */
function settled(socket, record, ms = CONNECT_TIMEOUT_MS) {
	if (socket.connected) return Promise.resolve();
	return new Promise((resolve) => {
		const done = () => {
			clearTimeout(timer);
			socket.off('connect', done);
			socket.off('connect_error', done);
			resolve();
		};
		const timer = setTimeout(() => {
			record(outcome.timeout());
			done();
		}, ms);
		socket.once('connect', done);
		socket.once('connect_error', done);
	});
}

async function ask(socket, record, event, body = {}) {
	try {
		const reply = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck(event, body);
		record(outcome.ack(reply));
	} catch {
		// A disconnect fails pending acks too; it is recorded as `disconnect:<reason>` already.
		if (socket.connected) record(outcome.timeout());
	}
}
