// Plays each scenario against a socket.io server, one at a time, with the guide's scenario engine
// (scenario-engine.mjs, a copy of examples/recommended/demo/scenario-engine.mjs: the site's
// behaviour files are written by the same code), configured for a server we know nothing about:
// a path, namespaces, the token's place and the event names; adds what a line of the report says
// besides the outcomes. A plain WebSocket server (--protocol ws) is plain-websocket.mjs's.
import { randomUUID } from 'node:crypto';
import { DEFAULT_USER_CLAIM } from './args.mjs';
import { SCENARIOS, TEXTS, WAITS_MS, scaledWaits } from './facts.mjs';
import { outcome, parseOutcome } from './outcomes.mjs';
import { replay } from './replay.mjs';
import { ScenarioEngine } from './scenario-engine.mjs';
import { expiresAtOf } from './tokens.mjs';

/**
 * What a scenario observed. `outcomes` is undefined when it could not run (`note` says why).
 * @typedef {{ id: string, namespace: string, outcomes?: string[], note?: string }} Observation
 */

/** What the audit sent, for the summary: it never floods, and says so. */
export class Sent {
	connections = 0;
	events = 0;
}

/** The `origin` line without --origin, whatever the protocol. */
export const NO_ORIGIN_NOTE = 'skipped: give --origin <a foreign origin>, e.g. --origin https://evil.example';

/**
 * Runs every scenario in order and yields what each observed. Every wait is bounded and
 * multiplied by `config.scale`; every socket is closed before this returns, even on error.
 * @param {import('./args.mjs').Config} config
 * @param {(kind: import('./tokens.mjs').TokenKind) => Promise<string | object | undefined>} tokenFor
 * @param {Sent} sent
 * @returns {AsyncGenerator<Observation>}
 */
export async function* observeAll(config, tokenFor, sent) {
	const client = new Client(config, sent);
	const [main, ...others] = config.namespaces;
	try {
		for (const { id } of SCENARIOS) {
			if (id === 'namespace') {
				if (others.length === 0) {
					yield { id, namespace: main, note: 'skipped: give --namespace once per namespace the server has, e.g. --namespace / --namespace /admin' };
				}
				for (const namespace of others) yield { id, namespace, ...(await client.namespace(namespace)) };
			} else {
				yield { id, namespace: main, ...(await client.play(id, main, tokenFor)) };
			}
		}
	} finally {
		client.engine.closeAll();
	}
}

/**
 * The audit's side of the engine: how the configuration carries a token, which scenario the
 * engine plays for each id, and the note each line adds.
 */
export class Client {
	/** @param {import('./args.mjs').Config} config @param {Sent} sent */
	constructor(config, sent) {
		this.config = config;
		const { url, path, event, broadcastEvent, receiveEvent, scale } = config;
		this.engine = new ScenarioEngine({
			urlOf: (namespace) => `${url.origin}${namespace === '/' ? '' : namespace}`,
			events: { ask: event, send: broadcastEvent, receive: receiveEvent },
			waits: scaledWaits(scale),
			// Straight to WebSocket: headers (Authorization, Origin) go on the upgrade request.
			socketOptions: { path, transports: ['websocket'], timeout: WAITS_MS.connect * scale },
			sent,
		});
		// As the examples' clients do: a room of our own (`auth.room`), so that a shared server's
		// other users never see our messages. A server that ignores it loses nothing.
		this.room = `ws-auth-check-${randomUUID()}`;
	}

	/**
	 * @param {string} id
	 * @param {string} namespace
	 * @param {(kind: import('./tokens.mjs').TokenKind) => Promise<string | object | undefined>} tokenFor
	 * @returns {Promise<Omit<Observation, 'id' | 'namespace'>>}
	 */
	async play(id, namespace, tokenFor) {
		const replayed = SCENARIOS.find((scenario) => scenario.id === id && scenario.replayToken !== undefined);
		if (replayed) return replay(this, namespace, /** @type {{ id: string, replayToken: import('./tokens.mjs').TokenKind }} */ (replayed), tokenFor);
		const engine = this.engine;
		switch (id) {
			case 'leak': {
				const alice = /** @type {Handshake} */ (this.carry(await tokenFor('valid')));
				const seen = await engine.leak(namespace, { alice, attacker: /** @type {Handshake} */ (this.carry(undefined)), text: TEXTS.alice });
				const { broadcastEvent, receiveEvent } = this.config;
				const attackerIn = seen.outcomes.includes(outcome.connected());
				const received = seen.outcomes.some((step) => step.startsWith('message:') || step.startsWith('wire:'));
				const note = !seen.aliceConnected
					? `Alice (valid token) was refused, so nothing was broadcast`
					: !seen.acknowledged
						? `the server did not acknowledge Alice's "${broadcastEvent}": if it has no such event, give --broadcast-event`
						: attackerIn && !received
							? `connected without a token, and no "${receiveEvent}" arrived: if the server broadcasts under another name, give --receive-event`
							: undefined;
				return { outcomes: seen.outcomes, note };
			}
			case 'expiry': {
				const token = /** @type {string} */ (await tokenFor('expiring'));
				return { outcomes: await engine.expiry(namespace, /** @type {Handshake} */ (this.carry(token)), expiresAtOf(token)) };
			}
			case 'retry':
				return { outcomes: await engine.retry(namespace, /** @type {Handshake} */ (this.carry(undefined))) };
			case 'recovery': {
				const first = /** @type {Handshake} */ (this.carry(await tokenFor('valid')));
				const later = /** @type {Handshake} */ (this.carry(await tokenFor('expired')));
				const seen = await engine.recovery(namespace, { first, later, text: TEXTS.visitor });
				if (!seen.aliceConnected) return { outcomes: seen.outcomes, note: 'Alice (valid token) was refused, so there was nothing to recover' };
				// Whether socket.io restored her session tells a server without connectionStateRecovery
				// (a plain reconnection, checked like any other) from one with it.
				const note = !seen.backIn
					? undefined
					: seen.recovered
						? 'the server restored her session (connectionStateRecovery)'
						: 'no session was restored (no connectionStateRecovery, or Alice had received nothing): a plain reconnection with the expired token';
				return { outcomes: seen.outcomes, note };
			}
			case 'origin':
				if (this.config.origin === undefined) return { note: NO_ORIGIN_NOTE };
				return { outcomes: await engine.probe(namespace, /** @type {Handshake} */ (this.carry(await tokenFor('valid'), { origin: this.config.origin }))) };
			default: {
				const handshake = this.carry(await tokenFor(/** @type {import('./tokens.mjs').TokenKind} */ (id)));
				if (!handshake) return { note: `skipped: --token-in ${this.config.tokenIn} can only carry a string` };
				const outcomes = await engine.probe(namespace, handshake);
				if (id !== 'valid') return { outcomes };
				const unknownUser = async () => engine.probe(namespace, /** @type {Handshake} */ (this.carry(await tokenFor('unknown-user'))));
				return { outcomes, note: await validNote(this.config, outcomes, unknownUser) };
			}
		}
	}

	/** `namespace`: a client without a token on another namespace. */
	async namespace(/** @type {string} */ namespace) {
		const outcomes = await this.engine.probe(namespace, /** @type {Handshake} */ (this.carry(undefined)));
		const missing = outcomes.includes(outcome.connectError('Invalid namespace', undefined));
		return missing ? { outcomes, note: `the server has no ${namespace} namespace` } : { outcomes };
	}

	/**
	 * The client options that carry a token (none when `undefined`), as `--token-in` says, plus
	 * the room; `null` when the place cannot carry that token (an object in a query or header).
	 * @param {string | object | undefined} token
	 * @param {{ origin?: string }} [extra] an Origin header to send, as a page of that origin would
	 * @returns {Handshake | null}
	 */
	carry(token, { origin } = {}) {
		const headers = origin === undefined ? {} : { origin };
		const room = this.room;
		if (this.config.tokenIn === 'auth') return { auth: { token, room }, extraHeaders: headers };
		if (token !== undefined && typeof token !== 'string') return null;
		if (this.config.tokenIn === 'query') return { auth: { room }, query: token === undefined ? {} : { token }, extraHeaders: headers };
		if (token === undefined) return { auth: { room }, extraHeaders: headers };
		// A JWT is base64url and dots: nothing to escape in a cookie; anything else is encoded.
		if (this.config.tokenIn === 'cookie') return { auth: { room }, extraHeaders: { ...headers, cookie: `${this.config.cookieName}=${encodeURIComponent(token)}` } };
		return { auth: { room }, extraHeaders: { ...headers, authorization: `Bearer ${token}` } };
	}

}

/**
 * Why Alice's valid token may not have done what it should, on a socket.io server or a plain
 * WebSocket one. Refused, the server is asked once more with --unknown-sub's token: refused the
 * same way (the same `connect_error`, or the same HTTP answer to the upgrade), the server most
 * likely does not know --sub.
 * @param {import('./args.mjs').Config} config
 * @param {string[]} outcomes what Alice saw
 * @param {() => Promise<string[]>} unknownUser plays --unknown-sub's token, and resolves with what its client saw
 * @returns {Promise<string | undefined>}
 */
export async function validNote(config, outcomes, unknownUser) {
	const ws = config.protocol === 'ws';
	const seen = outcomes.map(parseOutcome);
	if (!seen.some((o) => o.kind === (ws ? 'open' : 'connected'))) {
		const unknown = await unknownUser();
		const refusal = outcomes.find((step) => step.startsWith(ws ? 'http:' : 'connect_error:'));
		if (refusal !== undefined && unknown.includes(refusal)) {
			return `Alice was refused exactly as a user the server does not know (--unknown-sub): ${unknownUserQuestion(config.signing)}? Give --sub <an id your server knows>`;
		}
		return `Alice was refused: check ${ws ? '--url' : '--url, --path, --namespace'}, --token-in and the signing options`;
	}
	if (!seen.some((o) => o.kind === (ws ? 'reply' : 'ack'))) {
		return `"${config.event}" was not ${ws ? 'answered' : 'acknowledged'}: give --event for an event that answers with the user`;
	}
	return undefined;
}

/**
 * What to ask when Alice is refused like an unknown user: whether the server knows her id, in
 * the claim and of the type her token carries it; and, for what was left to its default, the
 * option that changes it.
 * @param {Pick<import('./tokens.mjs').Signing, 'sub' | 'subType' | 'userClaim'>} signing
 */
export function unknownUserQuestion({ sub, subType, userClaim }) {
	const where = userClaim === DEFAULT_USER_CLAIM ? '' : `, sent in the "${userClaim}" claim`;
	const hints = [
		...(subType === 'number' ? [] : ['if its ids are numbers, add --sub-type number']),
		...(userClaim === DEFAULT_USER_CLAIM ? ['if it names users by another claim than sub, add --user-claim <claim>'] : []),
	];
	return `does it know --sub ${sub}${where}${hints.length === 0 ? '' : ` (${hints.join('; ')})`}`;
}

/** @typedef {import('./scenario-engine.mjs').Handshake} Handshake */
