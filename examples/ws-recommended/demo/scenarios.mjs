// The scenario runner of the plain WebSocket examples: plays one scenario of scenario-facts.mjs
// against a running example with a `ws` client (ws-scenario-engine.mjs) and returns what it saw,
// in the vocabulary of outcomes.mjs. The demo and the test matrix use it. Same file in every
// plain WebSocket example.
import { randomUUID } from 'node:crypto';
import { ACK_TIMEOUT_MS, CONNECT_TIMEOUT_MS, EXPIRY_GRACE_MS, SCENARIO_IDS, SCENARIOS, SETTLE_MS, TEXTS } from './scenario-facts.mjs';
import { expiresAtOf, tokenFor } from './tokens.mjs';
import { WsScenarioEngine } from './ws-scenario-engine.mjs';

export { ACK_TIMEOUT_MS, SCENARIO_IDS, SCENARIOS };

/**
 * What a plain WebSocket server can be asked. The rest are socket.io's: namespaces, reconnection
 * by the client library, connection state recovery and its replays.
 */
export const WS_SCENARIO_IDS = ['valid', 'no-token', 'malformed', 'bad-signature', 'expired', 'alg-none', 'unknown-user', 'oversized', 'leak', 'race', 'expiry', 'origin'];

const WAITS = { ack: ACK_TIMEOUT_MS, connect: CONNECT_TIMEOUT_MS, settle: SETTLE_MS, expiryGrace: EXPIRY_GRACE_MS };

/**
 * Runs one scenario against a running example and returns what the client saw, in order, each
 * outcome once.
 * @param {string} id a scenario id of WS_SCENARIO_IDS
 * @param {{ url: string, secret: string, issuer: string, audience: string, transport?: string }} target
 *   transport: `protocol` (the default: `Sec-WebSocket-Protocol: bearer, <token>`, what a browser
 *   sends) or `header` (`Authorization: Bearer <token>`)
 */
export async function runScenario(id, target) {
	const scenario = SCENARIOS.find((candidate) => candidate.id === id);
	if (!scenario || !WS_SCENARIO_IDS.includes(id)) throw new RangeError(`"${id}" is not a plain WebSocket scenario; expected one of ${WS_SCENARIO_IDS.join(', ')}`);
	const carrier = target.transport ?? 'protocol';
	if (carrier !== 'protocol' && carrier !== 'header') throw new RangeError(`unknown transport "${carrier}"; expected protocol or header`);
	const room = `demo-${randomUUID()}`;
	const as = (/** @type {string} */ kind) => ({ token: /** @type {string | undefined} */ (tokenFor(kind, target)), room, carrier });
	const handshake = { ...as(scenario.token), ...(scenario.origin && { origin: scenario.origin }) };
	const engine = new WsScenarioEngine({ url: target.url.replace(/^http/, 'ws'), events: { ask: 'whoami', send: 'send' }, waits: WAITS });
	try {
		switch (id) {
			case 'leak':
				return await engine.leak({ alice: as('valid'), attacker: handshake, text: TEXTS.alice });
			case 'race':
				return await withAlice(engine, as('valid'), () => engine.race(handshake, TEXTS.race));
			case 'expiry':
				return await engine.expiry(handshake, expiresAtOf(handshake.token));
			default:
				return await engine.probe(handshake);
		}
	} finally {
		engine.closeAll();
	}
}

/** Alice is in the room while `run` plays, as she is in the playground. */
async function withAlice(engine, alice, run) {
	const opened = engine.open(alice);
	await opened.settled;
	try {
		return await run();
	} finally {
		engine.finish(opened);
	}
}
