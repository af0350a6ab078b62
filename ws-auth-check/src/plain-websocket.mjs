// Plays the scenarios against a plain WebSocket server (--protocol ws): a NestJS app on
// @nestjs/platform-ws, whose WsAdapter reads and writes JSON `{ event, data }` frames. The guide's
// plain WebSocket engine plays them (ws-scenario-engine.mjs, a copy of
// examples/ws-recommended/demo/ws-scenario-engine.mjs: those examples' behaviour files are
// written by the same code), configured for a server we know nothing about: its URL, the token's
// place and the event names. The scenarios about what only socket.io has are skipped, with why.
import { randomUUID } from 'node:crypto';
import { SCENARIOS, TEXTS, notOnPlainWebSocket, scaledWaits } from './facts.mjs';
import { outcome } from './outcomes.mjs';
import { NO_ORIGIN_NOTE, validNote } from './scenarios.mjs';
import { expiresAtOf } from './tokens.mjs';
import { WsScenarioEngine } from './ws-scenario-engine.mjs';

/**
 * @typedef {import('./scenarios.mjs').Observation} Observation
 * @typedef {(kind: import('./tokens.mjs').TokenKind) => Promise<string | object | undefined>} TokenFor
 */

/**
 * Runs every scenario in order and yields what each observed, or why it was skipped. Every wait
 * is bounded and multiplied by `config.scale`; every socket is closed before this returns, even
 * on error.
 * @param {import('./args.mjs').Config} config
 * @param {TokenFor} tokenFor
 * @param {import('./scenarios.mjs').Sent} sent
 * @returns {AsyncGenerator<Observation>}
 */
export async function* observePlainWebSocket(config, tokenFor, sent) {
	const client = new PlainWebSocketClient(config, sent);
	// In the column where a socket.io line names its namespace: where the gateway is.
	const where = config.url.pathname;
	try {
		for (const { id, socketIoOnly } of SCENARIOS) {
			if (socketIoOnly !== undefined) yield { id, namespace: where, note: `skipped: ${notOnPlainWebSocket(socketIoOnly)}` };
			else yield { id, namespace: where, ...(await client.play(id, tokenFor)) };
		}
	} finally {
		client.engine.closeAll();
	}
}

/**
 * The audit's side of the plain WebSocket engine: how the configuration carries a token, which
 * scenario the engine plays for each id, and the note each line adds.
 */
export class PlainWebSocketClient {
	/** @param {import('./args.mjs').Config} config @param {import('./scenarios.mjs').Sent} sent */
	constructor(config, sent) {
		this.config = config;
		const { url, event, broadcastEvent, receiveEvent, cookieName, scale } = config;
		this.engine = new WsScenarioEngine({
			url: url.href,
			events: { ask: event, send: broadcastEvent, receive: receiveEvent },
			waits: scaledWaits(scale),
			cookieName,
			sent,
		});
		// As the examples' clients do: a room of our own (`?room=`), so that a shared server's other
		// users never see our messages. A server that ignores it loses nothing.
		this.room = `ws-auth-check-${randomUUID()}`;
	}

	/**
	 * @param {string} id a scenario id without `socketIoOnly`
	 * @param {TokenFor} tokenFor
	 * @returns {Promise<Omit<Observation, 'id' | 'namespace'>>}
	 */
	async play(id, tokenFor) {
		const engine = this.engine;
		switch (id) {
			case 'leak': {
				const outcomes = await engine.leak({ alice: this.carry(await tokenFor('valid')), attacker: this.carry(undefined), text: TEXTS.alice });
				const { broadcastEvent, receiveEvent } = this.config;
				// The engine reports the attacker's side only; whether Alice got in is the `valid` line's.
				const inWithNothing = outcomes.includes(outcome.open()) && !outcomes.some((step) => step.startsWith('message:'));
				const note = inWithNothing
					? `opened without a token, and no "${receiveEvent}" arrived: if the server has no "${broadcastEvent}" event, give --broadcast-event; if it broadcasts under another name, give --receive-event`
					: undefined;
				return { outcomes, note };
			}
			case 'expiry': {
				const token = /** @type {string} */ (await tokenFor('expiring'));
				return { outcomes: await engine.expiry(this.carry(token), expiresAtOf(token)) };
			}
			case 'origin':
				if (this.config.origin === undefined) return { note: NO_ORIGIN_NOTE };
				return { outcomes: await engine.probe(this.carry(await tokenFor('valid'), { origin: this.config.origin })) };
			default: {
				const outcomes = await engine.probe(this.carry(await tokenFor(/** @type {import('./tokens.mjs').TokenKind} */ (id))));
				if (id !== 'valid') return { outcomes };
				const unknownUser = async () => engine.probe(this.carry(await tokenFor('unknown-user')));
				return { outcomes, note: await validNote(this.config, outcomes, unknownUser) };
			}
		}
	}

	/**
	 * The handshake that carries a token (none when `undefined`) where --token-in says, in our room.
	 * Every token played here is a string: the one object, `non-string`'s, is socket.io's.
	 * @param {string | object | undefined} token
	 * @param {{ origin?: string }} [extra] an Origin header to send, as a page of that origin would
	 * @returns {import('./ws-scenario-engine.mjs').Handshake}
	 */
	carry(token, { origin } = {}) {
		const carrier = /** @type {'protocol' | 'header' | 'query' | 'cookie'} */ (this.config.tokenIn);
		return { token: /** @type {string | undefined} */ (token), room: this.room, carrier, ...(origin === undefined ? {} : { origin }) };
	}
}
