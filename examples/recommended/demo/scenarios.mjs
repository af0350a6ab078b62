// The scenario runner: plays one scenario of scenario-facts.mjs against a running example with
// the scenario engine (scenario-engine.mjs, which ws-auth-check carries too) and returns what the
// client saw, on its events and on the wire. The demo, the test matrix and the benchmark use it.
// Same file in every example.
import { randomUUID } from 'node:crypto';
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
import { ScenarioEngine } from './scenario-engine.mjs';
import { expiresAtOf, tokenFor } from './tokens.mjs';

// The scenario list and what a client does in each (texts, waits, namespace) are in
// scenario-facts.mjs, which the playground reads too. Exported here for the runner's users.
export { ACK_TIMEOUT_MS, SCENARIO_IDS, SCENARIOS };

/** The engine's waits: scenario-facts.mjs's, and a short one for a `connection` handler to join its room. */
const WAITS = { ack: ACK_TIMEOUT_MS, connect: CONNECT_TIMEOUT_MS, settle: SETTLE_MS, retryWatch: RETRY_WATCH_MS, expiryGrace: EXPIRY_GRACE_MS, join: 100 };

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
	const as = (/** @type {string} */ kind) => carry(tokenFor(kind, target), room);
	const token = tokenFor(scenario.token, target);
	const handshake = carry(token, room);
	const engine = new ScenarioEngine({
		urlOf: (namespace) => `${target.url}${namespace === '/' ? '' : namespace}`,
		events: { ask: 'whoami', send: 'message', receive: 'message' },
		waits: WAITS,
	});
	// Every play is awaited here: the engine closes its sockets once the scenario is over.
	try {
		if (scenario.replay) {
			const seen = await engine.replay('/', {
				alice: as('valid'),
				sender: as('admin'),
				replayer: handshake,
				texts: TEXTS,
				replayTo: scenario.replay === 'namespace' ? ADMIN_NAMESPACE : '/',
				session: scenario.replay === 'malformed' ? MALFORMED_SESSION : undefined,
			});
			if ('missing' in seen) throw new Error(`${id}: no session to replay (${seen.missing}); it saw ${seen.seen.join(' → ')}`);
			return seen.outcomes;
		}
		switch (id) {
			case 'leak':
				return (await engine.leak('/', { alice: as('valid'), attacker: handshake, text: TEXTS.alice })).outcomes;
			case 'race':
				return await withAlice(engine, as('valid'), () => engine.race('/', handshake, TEXTS.race));
			case 'expiry':
				return await engine.expiry('/', handshake, expiresAtOf(token));
			case 'namespace':
				return await engine.probe(ADMIN_NAMESPACE, handshake);
			case 'retry':
				return await engine.retry('/', handshake);
			case 'recovery': {
				const later = carry(tokenFor(scenario.reconnectToken, target), room);
				// What the playground's "Send message" sends: she receives it too.
				return (await engine.recovery('/', { first: handshake, later, text: TEXTS.visitor })).outcomes;
			}
			default:
				return await engine.probe('/', handshake);
		}
	} finally {
		engine.closeAll();
	}
}

/** Alice is connected to the room while `run` plays, as she is in the playground. */
async function withAlice(engine, alice, run) {
	const { socket, record } = engine.open('/', alice);
	await engine.settled(socket, record);
	try {
		return await run();
	} finally {
		engine.finish(socket, []);
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
