// The scenario engine of the plain WebSocket examples (@nestjs/platform-ws): how a `ws` client
// plays each scenario and what it records. A `ws` client sees every frame as it arrives, and the
// HTTP answer to its upgrade when that is not 101, so what it records is what an attacker reads
// on the wire. One file, copied unchanged into every plain WebSocket example (called by
// demo/scenarios.mjs) and into ws-auth-check (src/ws-scenario-engine.mjs, called by its audit with
// --protocol ws), which both stand alone. Edit examples/ws-recommended/demo/ws-scenario-engine.mjs,
// then `npm run sync:shared -- ws-recommended`.
import { setTimeout as sleep } from 'node:timers/promises';
import WebSocket from 'ws';
import { frameOutcome, outcome, parseFrame } from './outcomes.mjs';

/**
 * @typedef {{ token?: string, room: string, origin?: string, carrier?: 'protocol' | 'header' | 'query' | 'cookie' }} Handshake
 *   token: sent as `Sec-WebSocket-Protocol: bearer, <token>` (what a browser can send) or, with
 *   carrier `header`, as `Authorization: Bearer <token>`; `query`, as `?token=<token>`; `cookie`,
 *   in a `Cookie` header, as a browser sends its cookies with the upgrade; origin: the Origin
 *   header a page would send
 * @typedef {{ ack: number, connect: number, settle: number, expiryGrace: number }} Waits
 * @typedef {{ socket: WebSocket, outcomes: string[], record: (seen: string) => void, settled: Promise<void> }} Opened
 */

/** A plain WebSocket client side that opens every socket the same way and records what each saw, each outcome once. */
export class WsScenarioEngine {
	/** @type {Set<WebSocket>} */
	#sockets = new Set();

	/**
	 * @param {object} options
	 * @param {string} options.url the server's ws:// URL, with the gateway's path if it has one
	 * @param {{ ask: string, send: string, receive?: string }} options.events the event answered with the user (`whoami`), the one that writes to the room (`send`), and the one the room receives (`message` unless given)
	 * @param {Waits} options.waits how long each wait is, in ms
	 * @param {string} [options.cookieName] the cookie that carries the token with carrier `cookie`
	 * @param {{ connections: number, events: number }} [options.sent] counted as they are sent
	 */
	constructor({ url, events, waits, cookieName = 'access_token', sent = { connections: 0, events: 0 } }) {
		this.url = url;
		this.events = { receive: 'message', ...events };
		/** How frames are sorted (frameOutcome): the events this client sends are answered with replies. */
		this.frameEvents = { receive: this.events.receive, answered: [this.events.ask, this.events.send] };
		this.wait = waits;
		this.cookieName = cookieName;
		this.sent = sent;
	}

	/** Opens a socket, asks who it is if it got in, and listens a little longer. */
	async probe(/** @type {Handshake} */ handshake) {
		const opened = this.open(handshake);
		await opened.settled;
		if (opened.socket.readyState === WebSocket.OPEN) await this.ask(opened, this.events.ask);
		await sleep(this.wait.settle);
		return this.finish(opened);
	}

	/**
	 * Alice writes `text` to the room; what does the attacker, in the same room, see?
	 * @param {{ alice: Handshake, attacker: Handshake, text: string }} plan
	 */
	async leak({ alice, attacker, text }) {
		const writer = this.open(alice);
		await writer.settled;
		try {
			const opened = this.open(attacker);
			await opened.settled;
			if (writer.socket.readyState === WebSocket.OPEN) await this.ask(writer, this.events.send, { text });
			await sleep(this.wait.settle);
			return this.finish(opened);
		} finally {
			this.finish(writer);
		}
	}

	/** The client writes `text` the moment its socket opens, before anything else can happen. */
	async race(/** @type {Handshake} */ handshake, /** @type {string} */ text) {
		const opened = this.open(handshake);
		/** @type {Promise<void> | undefined} */
		let sent;
		opened.socket.once('open', () => {
			sent = this.ask(opened, this.events.send, { text });
		});
		await opened.settled;
		await sent;
		await sleep(this.wait.settle);
		return this.finish(opened);
	}

	/** The token expires at `expiresAt` (ms) while the socket is open; then the client asks who it is. */
	async expiry(/** @type {Handshake} */ handshake, /** @type {number} */ expiresAt) {
		const opened = this.open(handshake);
		await opened.settled;
		// No question before `exp`: any answer with her identity counts as given after it.
		await sleep(Math.max(0, expiresAt - Date.now()) + this.wait.expiryGrace);
		if (opened.socket.readyState === WebSocket.OPEN) await this.ask(opened, this.events.ask);
		await sleep(this.wait.settle);
		return this.finish(opened);
	}

	/**
	 * Opens a socket that records what it sees: `open`, or the HTTP answer that refused the
	 * upgrade, every frame, and the close. `settled` resolves once it is open or refused. Past an
	 * HTTP refusal nothing more is recorded: ws then reports its own abort, not the server's doing.
	 * @param {Handshake} handshake
	 * @returns {Opened}
	 */
	open({ token, room, origin, carrier = 'protocol' }) {
		const outcomes = [];
		let done = false;
		const record = (/** @type {string} */ seen) => {
			if (!done && !outcomes.includes(seen)) outcomes.push(seen);
		};
		// The query goes after the URL's own path: a gateway may live at one (`@WebSocketGateway({ path })`).
		const url = new URL(this.url);
		url.searchParams.set('room', room);
		/** @type {string[]} */
		let protocols = [];
		/** @type {Record<string, string>} */
		const headers = {};
		if (token !== undefined) {
			if (carrier === 'protocol') protocols = ['bearer', token];
			else if (carrier === 'header') headers.authorization = `Bearer ${token}`;
			// A JWT is base64url and dots: nothing to escape in a cookie; anything else is encoded.
			else if (carrier === 'cookie') headers.cookie = `${this.cookieName}=${encodeURIComponent(token)}`;
			else if (carrier === 'query') url.searchParams.set('token', token);
		}
		const socket = new WebSocket(url, protocols, { headers, ...(origin && { origin }), handshakeTimeout: this.wait.connect });
		this.#sockets.add(socket);
		this.sent.connections++;
		const settled = new Promise((resolve) => {
			socket.once('open', () => {
				record(outcome.open());
				resolve(undefined);
			});
			socket.once('unexpected-response', (request, response) => {
				let body = '';
				response.setEncoding('utf8').on('data', (chunk) => (body += chunk));
				response.once('end', () => {
					record(outcome.http(response.statusCode, body));
					done = true;
					resolve(undefined);
				});
				response.once('error', () => resolve(undefined));
			});
			socket.once('error', (error) => {
				record(outcome.error(error.message));
				resolve(undefined);
			});
			socket.once('close', () => resolve(undefined));
		});
		socket.on('message', (data) => record(frameOutcome(data.toString(), this.frameEvents)));
		socket.once('close', (code, reason) => record(outcome.close(code, reason.toString())));
		return { socket, outcomes, record, settled };
	}

	/**
	 * Sends `{ event, data }` and waits for a frame with the same event, or an exception; records
	 * `timeout` if neither comes in time.
	 * @param {Opened} opened
	 * @param {string} event
	 * @param {unknown} [data]
	 */
	async ask({ socket, record }, event, data = {}) {
		const answered = new Promise((resolve) => {
			const onFrame = (/** @type {WebSocket.RawData} */ raw) => {
				const frame = parseFrame(raw.toString());
				if (frame?.event === event || frame?.event === 'exception') stop(true);
			};
			const stop = (/** @type {boolean} */ answer) => {
				socket.off('message', onFrame).off('close', onClose);
				clearTimeout(timer);
				resolve(answer);
			};
			const onClose = () => stop(true);
			const timer = setTimeout(() => stop(false), this.wait.ack);
			socket.on('message', onFrame).once('close', onClose);
		});
		this.sent.events++;
		socket.send(JSON.stringify({ event, data }));
		if (!(await answered)) record(outcome.timeout());
	}

	/** Stops recording and closes the socket; returns what it recorded. */
	finish(/** @type {Opened} */ { socket, outcomes }) {
		this.#sockets.delete(socket);
		socket.removeAllListeners('message').removeAllListeners('close');
		socket.on('error', () => {});
		socket.terminate();
		return [...outcomes];
	}

	closeAll() {
		for (const socket of this.#sockets) {
			socket.on('error', () => {});
			socket.terminate();
		}
		this.#sockets.clear();
	}
}
