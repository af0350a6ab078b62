// The scenario runner: one socket.io client per scenario, recording what the client sees.
// The demo, the test matrix, the playground and the benchmark all use it. Same file in every
// example.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { io } from 'socket.io-client';
import { outcome } from './outcomes.mjs';
import { tokenFor } from './tokens.mjs';

/** How long a client waits for an acknowledgement before recording `timeout`. */
export const ACK_TIMEOUT_MS = 1000;
/** How long a client keeps listening after its last action. */
const SETTLE_MS = 300;
/** How long `retry` watches a refused client (socket.io's first retry comes after 0.5 to 1.5 s). */
const RETRY_WATCH_MS = 2500;

export const SCENARIOS = [
	{ id: 'valid', title: 'Valid token', token: 'valid', question: 'Does Alice, with a valid token, connect and get her identity back?' },
	{ id: 'no-token', title: 'No token', token: 'no-token', question: 'What does a client without a token see?' },
	{ id: 'malformed', title: 'Malformed', token: 'malformed', question: 'What does a client whose token is not a JWT see?' },
	{ id: 'bad-signature', title: 'Bad signature', token: 'bad-signature', question: 'What does a client whose token is signed with another secret see?' },
	{ id: 'expired', title: 'Expired', token: 'expired', question: 'What does a client whose token expired a minute ago see?' },
	{ id: 'alg-none', title: 'alg: none', token: 'alg-none', question: 'What does a client with an unsigned token (alg: none) see?' },
	{ id: 'unknown-user', title: 'Unknown user', token: 'unknown-user', question: 'What does a client with a well-signed token for a user who does not exist see?' },
	{ id: 'non-string', title: 'Non-string', token: 'non-string', question: 'What does a client that sends an object as its token see?' },
	{ id: 'oversized', title: 'Oversized', token: 'oversized', question: 'What does a client with a validly signed 8 KB token see?' },
	{ id: 'leak', title: 'Broadcast leak', token: 'no-token', question: 'Does a client without a token receive the message Alice sends to the room?' },
	{ id: 'race', title: 'Race', token: 'unknown-user', question: 'Can a client that will be refused send a message before the asynchronous check ends?' },
	{ id: 'expiry', title: 'Expiry', token: 'expiring', question: 'Alice\'s token expires 1 to 2 s after she connects: what happens when she asks "whoami" after that?' },
	{ id: 'namespace', title: 'Namespace', token: 'no-token', question: 'Can a client without a token use the /admin namespace?' },
	{ id: 'retry', title: 'Retry', token: 'no-token', question: 'Does a refused client keep reconnecting by itself (default client options)?' },
];

export const SCENARIO_IDS = SCENARIOS.map((scenario) => scenario.id);

/**
 * Runs one scenario against a running example and returns what the client saw, in order,
 * each outcome once, in the vocabulary of outcomes.mjs.
 * @param {string} id a scenario id
 * @param {{ url: string, secret: string, issuer: string, audience: string }} target
 */
export async function runScenario(id, target) {
	const scenario = SCENARIOS.find((candidate) => candidate.id === id);
	if (!scenario) throw new RangeError(`unknown scenario "${id}"; expected one of ${SCENARIO_IDS.join(', ')}`);
	const room = `demo-${randomUUID()}`;
	const auth = { token: tokenFor(scenario.token, target), room };
	switch (id) {
		case 'leak':
			return withAlice(target, room, (alice) => leak(target.url, auth, alice));
		case 'race':
			return withAlice(target, room, () => race(target.url, auth));
		case 'expiry':
			return expiry(target.url, auth);
		case 'namespace':
			return probe(`${target.url}/admin`, auth);
		case 'retry':
			return retry(target.url, auth);
		default:
			return probe(target.url, auth);
	}
}

/** Connects, asks "whoami" if it got in, and listens a little longer. */
async function probe(url, auth) {
	const { socket, outcomes, record } = open(url, auth);
	await settled(socket, record);
	if (socket.connected) await ask(socket, record, 'whoami');
	await sleep(SETTLE_MS);
	return finish(socket, outcomes);
}

/** Alice writes to the room the attacker asked for: does the attacker receive it? */
async function leak(url, auth, alice) {
	const { socket, outcomes, record } = open(url, auth);
	await settled(socket, record);
	await sleep(100); // let handleConnection (if any) put the socket in its room
	await alice?.emitWithAck('message', { text: 'hello from Alice' }).catch(() => {});
	await sleep(SETTLE_MS);
	return finish(socket, outcomes);
}

/** The attacker sends a message the moment it is connected, before any async check can end. */
async function race(url, auth) {
	const { socket, outcomes, record } = open(url, auth, { autoConnect: false });
	let sent;
	socket.once('connect', () => {
		sent = ask(socket, record, 'message', { text: 'sent before the check ended' });
	});
	socket.connect();
	await settled(socket, record);
	await sent;
	await sleep(SETTLE_MS);
	return finish(socket, outcomes);
}

/** Alice's token expires while she is connected; then she asks "whoami". */
async function expiry(url, auth) {
	const [, payload] = auth.token.split('.');
	const expiresAt = JSON.parse(Buffer.from(payload, 'base64url').toString()).exp * 1000;
	const { socket, outcomes, record } = open(url, auth);
	await settled(socket, record);
	await sleep(Math.max(0, expiresAt - Date.now()) + 500);
	if (socket.connected) await ask(socket, record, 'whoami');
	await sleep(SETTLE_MS);
	return finish(socket, outcomes);
}

/** With socket.io's default reconnection, does a refused client try again? */
async function retry(url, auth) {
	const { socket, outcomes } = open(url, auth, { reconnection: true });
	await sleep(RETRY_WATCH_MS);
	return finish(socket, outcomes);
}

async function withAlice(target, room, run) {
	const alice = io(target.url, {
		auth: { token: tokenFor('valid', target), room },
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

function open(url, auth, options = {}) {
	const socket = io(url, { auth, reconnection: false, forceNew: true, ...options });
	const outcomes = [];
	const record = (outcome) => {
		if (!outcomes.includes(outcome)) outcomes.push(outcome);
	};
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
function settled(socket, record, ms = 5000) {
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
