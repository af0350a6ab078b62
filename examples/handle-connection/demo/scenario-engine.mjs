// The scenario engine: how a client plays each scenario of the guide's vocabulary against a
// socket.io server, and what it records, on its events and on its wire. One file, copied
// unchanged into every example (demo/scenario-engine.mjs, called by demo/scenarios.mjs) and into
// ws-auth-check (src/scenario-engine.mjs, called by its audit), which both stand alone; the
// playground plays the same scenarios with buttons (scenario-plans.ts) and reads the wire with
// wire.mjs. So a check is written once, and the behaviour files, the CLI and the playground
// cannot disagree about what it does. Edit examples/recommended/demo/scenario-engine.mjs, then
// `npm run sync:shared -- recommended`.
import { setTimeout as sleep } from 'node:timers/promises';
import { io } from 'socket.io-client';
import { outcome } from './outcomes.mjs';
import { sessionOf, tapWire } from './wire.mjs';

/**
 * @typedef {Partial<import('socket.io-client').ManagerOptions & import('socket.io-client').SocketOptions>} ClientOptions
 * @typedef {{ auth: Record<string, unknown>, query?: Record<string, string>, extraHeaders?: Record<string, string> }} Handshake
 * @typedef {{ ack: number, connect: number, settle: number, retryWatch: number, expiryGrace: number, join: number }} Waits
 * @typedef {{ socket: import('socket.io-client').Socket, outcomes: string[], record: (seen: string) => void }} Opened
 * @typedef {{ pid: string, offset: string }} ReplayedSession
 */

/**
 * A socket.io client side that opens every socket the same way and records, for each, what it
 * saw in the vocabulary of outcomes.mjs, each outcome once. It keeps the sockets it opens, so
 * that none outlives `closeAll()`.
 */
export class ScenarioEngine {
	/** @type {Set<import('socket.io-client').Socket>} */
	#sockets = new Set();

	/**
	 * @param {object} options
	 * @param {(namespace: string) => string} options.urlOf where a namespace is
	 * @param {{ ask: string, send: string, receive: string }} options.events the event that answers with the user (`whoami`), the one that writes to the room, and the one the room receives (`message` both, in the guide's examples)
	 * @param {Waits} options.waits how long each wait is, in ms
	 * @param {ClientOptions} [options.socketOptions] given to every socket (path, transports, ...)
	 * @param {{ connections: number, events: number }} [options.sent] counted as they are sent
	 */
	constructor({ urlOf, events, waits, socketOptions = {}, sent = { connections: 0, events: 0 } }) {
		this.urlOf = urlOf;
		this.events = events;
		this.wait = waits;
		this.socketOptions = socketOptions;
		this.sent = sent;
	}

	/** Connects, asks who it is if it got in, and listens a little longer. */
	async probe(/** @type {string} */ namespace, /** @type {Handshake} */ handshake) {
		const { socket, outcomes, record } = this.open(namespace, handshake);
		await this.settled(socket, record);
		if (socket.connected) await this.ask(socket, record, this.events.ask);
		await sleep(this.wait.settle);
		return this.finish(socket, outcomes);
	}

	/**
	 * Alice writes `text` to the room; what does the attacker, in the same room, see?
	 * @param {string} namespace
	 * @param {{ alice: Handshake, attacker: Handshake, text: string }} plan
	 * @returns {Promise<{ outcomes: string[], aliceConnected: boolean, acknowledged: boolean }>}
	 */
	async leak(namespace, { alice, attacker, text }) {
		const writer = this.open(namespace, alice);
		await this.settled(writer.socket, writer.record);
		try {
			const { socket, outcomes, record } = this.open(namespace, attacker);
			await this.settled(socket, record);
			await sleep(this.wait.join); // let a `connection` handler put the socket in its room
			const aliceConnected = writer.socket.connected;
			const acknowledged = aliceConnected && (await this.ask(writer.socket, writer.record, this.events.send, { text }));
			await sleep(this.wait.settle);
			return { outcomes: this.finish(socket, outcomes), aliceConnected, acknowledged };
		} finally {
			this.finish(writer.socket, []);
		}
	}

	/** The client writes `text` the moment it is connected, before any asynchronous check can end. */
	async race(/** @type {string} */ namespace, /** @type {Handshake} */ handshake, /** @type {string} */ text) {
		const { socket, outcomes, record } = this.open(namespace, handshake, { autoConnect: false });
		/** @type {Promise<boolean> | undefined} */
		let sent;
		socket.once('connect', () => {
			sent = this.ask(socket, record, this.events.send, { text });
		});
		socket.connect();
		await this.settled(socket, record);
		await sent;
		await sleep(this.wait.settle);
		return this.finish(socket, outcomes);
	}

	/** Alice's token expires at `expiresAt` (ms) while she is connected; then she asks who she is. */
	async expiry(/** @type {string} */ namespace, /** @type {Handshake} */ handshake, /** @type {number} */ expiresAt) {
		const { socket, outcomes, record } = this.open(namespace, handshake);
		await this.settled(socket, record);
		// No question before `exp`: any answer with her identity counts as given after it.
		await sleep(Math.max(0, expiresAt - Date.now()) + this.wait.expiryGrace);
		if (socket.connected) await this.ask(socket, record, this.events.ask);
		await sleep(this.wait.settle);
		return this.finish(socket, outcomes);
	}

	/** With socket.io's default reconnection, does a refused client try again? */
	async retry(/** @type {string} */ namespace, /** @type {Handshake} */ handshake) {
		const { socket, outcomes } = this.open(namespace, handshake, { reconnection: true });
		await sleep(this.wait.retryWatch);
		return this.finish(socket, outcomes);
	}

	/**
	 * Alice is connected and writes `text` to her room, which she receives too (socket.io restores
	 * a session only from the offset of a packet the client received). Her transport closes without
	 * a goodbye; socket.io reconnects her, now with `later` (her token, expired meanwhile). If she
	 * gets in, she asks who she is.
	 * @param {string} namespace
	 * @param {{ first: Handshake, later: Handshake, text: string }} plan
	 * @returns {Promise<{ outcomes: string[], aliceConnected: boolean, backIn: boolean, recovered: boolean }>}
	 *   backIn: connected again at the end; recovered: with her session restored (socket.io-client's `recovered`)
	 */
	async recovery(namespace, { first, later, text }) {
		let handshake = first;
		const { socket, outcomes, record } = this.open(namespace, handshake, {
			reconnection: true,
			// Read again on every (re)connection: the token the client holds now.
			auth: (/** @type {(auth: object) => void} */ send) => send(handshake.auth),
		});
		await this.settled(socket, record);
		if (!socket.connected) return { outcomes: this.finish(socket, outcomes), aliceConnected: false, backIn: false, recovered: false };
		await sleep(this.wait.settle); // let a `connection` handler put her in her room
		await this.ask(socket, record, this.events.send, { text });
		await sleep(this.wait.settle);
		handshake = later;
		// As a browser sends the cookie it holds now: the manager reads these when it opens the next transport.
		socket.io.opts.extraHeaders = later.extraHeaders;
		socket.io.opts.query = later.query;
		const reconnected = new Promise((resolve) => socket.once('connect', resolve).once('connect_error', resolve));
		socket.io.engine.close();
		await Promise.race([reconnected, sleep(this.wait.connect).then(() => record(outcome.timeout()))]);
		await sleep(this.wait.settle); // a check that runs on `connection` gets to act
		if (socket.connected) await this.ask(socket, record, this.events.ask);
		await sleep(this.wait.settle);
		const { connected: backIn, recovered } = socket;
		return { outcomes: this.finish(socket, outcomes), aliceConnected: true, backIn, recovered };
	}

	/**
	 * Alice leaves a session behind: the sender writes `texts.beforeDrop` to her room (she receives
	 * it, and with it an offset), her transport closes without a goodbye, and the sender writes
	 * `texts.whileAway`. Then a client sends her session's `pid` and `offset` (or `session`, when
	 * given) to `replayTo` with its own handshake, and asks who it is if it gets in. Resolves with
	 * what that client saw, its wire included, and whether its CONNECT packet carried her pid (her
	 * session restored); or, when the replay could not be set up, with what was missing.
	 * @param {string} namespace where Alice and the sender are
	 * @param {{ alice: Handshake, sender: Handshake, replayer: Handshake, texts: { beforeDrop: string, whileAway: string }, replayTo?: string, session?: ReplayedSession }} plan
	 * @returns {Promise<{ outcomes: string[], restored: boolean } | { missing: 'alice' | 'sender' | 'session', seen: string[], session?: import('./wire.mjs').Session }>}
	 *   seen: what Alice (or the sender) saw; session: what Alice's wire gave, when it lacks a pid or an offset
	 */
	async replay(namespace, { alice, sender, replayer, texts, replayTo = namespace, session }) {
		const left = this.open(namespace, alice);
		const hers = sessionOf(left.socket);
		/** @type {Opened | undefined} */
		let writer;
		try {
			await this.settled(left.socket, left.record);
			if (!left.socket.connected) return { missing: 'alice', seen: [...left.outcomes] };
			// Once Alice is in: one connection attempt at a time.
			writer = this.open(namespace, sender);
			await this.settled(writer.socket, writer.record);
			if (!writer.socket.connected) return { missing: 'sender', seen: [...writer.outcomes] };
			await sleep(this.wait.settle); // let a `connection` handler put them in their room
			await this.ask(writer.socket, writer.record, this.events.send, { text: texts.beforeDrop });
			await sleep(this.wait.settle);
			if (hers.pid === undefined || hers.offset === undefined) return { missing: 'session', seen: [...left.outcomes], session: { ...hers } };
			left.socket.io.engine.close();
			await sleep(this.wait.settle); // the server sees the transport close and keeps her session
			await this.ask(writer.socket, writer.record, this.events.send, { text: texts.whileAway });
			await sleep(this.wait.settle); // with a Redis adapter, the packet reaches the stream after the ack
			const replayed = session ?? { pid: hers.pid, offset: hers.offset };
			const { socket, outcomes, record } = this.open(replayTo, { ...replayer, auth: { ...replayer.auth, ...replayed } });
			const answered = sessionOf(socket);
			await this.settled(socket, record);
			await sleep(this.wait.settle); // a check that runs on `connection` gets to act
			if (socket.connected) await this.ask(socket, record, this.events.ask);
			await sleep(this.wait.settle);
			return { outcomes: this.finish(socket, outcomes), restored: answered.pid === hers.pid };
		} finally {
			this.finish(left.socket, []);
			if (writer) this.finish(writer.socket, []);
		}
	}

	/**
	 * Opens a socket (no reconnection unless `options` says so) that records what it sees.
	 * @param {string} namespace
	 * @param {Handshake} handshake
	 * @param {ClientOptions} [options]
	 * @returns {Opened}
	 */
	open(namespace, handshake, options = {}) {
		const socket = io(this.urlOf(namespace), { ...this.socketOptions, ...handshake, reconnection: false, forceNew: true, ...options });
		this.#sockets.add(socket);
		this.sent.connections++;
		/** @type {string[]} */
		const outcomes = [];
		const record = (/** @type {string} */ seen) => {
			if (!outcomes.includes(seen)) outcomes.push(seen);
		};
		// Event packets before CONNECT, which the socket's own events below never show.
		tapWire(socket, record);
		socket.on('connect', () => record(outcome.connected()));
		socket.on('connect_error', (/** @type {Error & { data?: unknown }} */ error) => record(outcome.connectError(error.message, error.data)));
		socket.on('disconnect', (reason) => record(outcome.disconnect(reason)));
		socket.on('exception', (payload) => record(outcome.exception(payload)));
		socket.on(this.events.receive, (payload) => record(outcome.message(payload)));
		socket.io.on('reconnect_attempt', () => {
			this.sent.connections++;
			record(outcome.reconnectAttempt());
		});
		return { socket, outcomes, record };
	}

	/** Resolves once the client is connected or refused; records `timeout` if neither happens. */
	settled(/** @type {import('socket.io-client').Socket} */ socket, /** @type {(seen: string) => void} */ record) {
		if (socket.connected) return Promise.resolve();
		return new Promise((resolve) => {
			const done = () => {
				clearTimeout(timer);
				socket.off('connect', done);
				socket.off('connect_error', done);
				resolve(undefined);
			};
			const timer = setTimeout(() => {
				record(outcome.timeout());
				done();
			}, this.wait.connect);
			socket.once('connect', done);
			socket.once('connect_error', done);
		});
	}

	/**
	 * Emits `event` and records the acknowledgement, or `timeout`; resolves with whether it came.
	 * @param {import('socket.io-client').Socket} socket
	 * @param {(seen: string) => void} record
	 * @param {string} event
	 */
	async ask(socket, record, event, body = {}) {
		this.sent.events++;
		try {
			record(outcome.ack(await socket.timeout(this.wait.ack).emitWithAck(event, body)));
			return true;
		} catch {
			// A disconnect fails pending acks too; it is recorded as `disconnect:<reason>` already.
			if (socket.connected) record(outcome.timeout());
			return false;
		}
	}

	/** Closes the client; what it saw is returned first, so our own close is not part of it. */
	finish(/** @type {import('socket.io-client').Socket} */ socket, /** @type {string[]} */ outcomes) {
		const seen = [...outcomes];
		socket.close();
		this.#sockets.delete(socket);
		return seen;
	}

	closeAll() {
		for (const socket of this.#sockets) socket.close();
		this.#sockets.clear();
	}
}
