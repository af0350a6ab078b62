// Plays each scenario as a socket.io client, one at a time, and records what the client saw in
// the guide's outcome vocabulary. Modelled on the guide's scenario runner
// (examples/recommended/demo/scenarios.mjs), with what a server we know nothing about needs:
// a configurable path, namespaces, token place and event names, and a count of what was sent.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { io } from 'socket.io-client';
import { SCENARIOS, TEXTS, WAITS_MS } from './facts.mjs';
import { outcome } from './outcomes.mjs';
import { replay } from './replay.mjs';
import { expiresAtOf } from './tokens.mjs';
import { tapWire } from './wire.mjs';

/**
 * What a scenario observed. `outcomes` is undefined when it could not run (`note` says why).
 * @typedef {{ id: string, namespace: string, outcomes?: string[], note?: string }} Observation
 */

/** What the audit sent, for the summary: it never floods, and says so. */
export class Sent {
	connections = 0;
	events = 0;
}

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
		client.closeAll();
	}
}

/**
 * The audit's socket.io client side: opens sockets the way the configuration says, and keeps
 * them so that none outlives the audit. Every socket it opens records its wire too (wire.mjs).
 */
export class Client {
	/** @type {Set<import('socket.io-client').Socket>} */
	#sockets = new Set();

	/** @param {import('./args.mjs').Config} config @param {Sent} sent */
	constructor(config, sent) {
		this.config = config;
		this.sent = sent;
		/** Every wait of the guide's, scaled. */
		this.wait = Object.fromEntries(Object.entries(WAITS_MS).map(([name, ms]) => [name, ms * config.scale]));
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
		switch (id) {
			case 'leak':
				return this.leak(namespace, await tokenFor('valid'));
			case 'expiry':
				return this.expiry(namespace, /** @type {string} */ (await tokenFor('expiring')));
			case 'retry':
				return this.retry(namespace);
			case 'recovery':
				return this.recovery(namespace, await tokenFor('valid'), await tokenFor('expired'));
			case 'origin':
				if (this.config.origin === undefined) return { note: 'skipped: give --origin <a foreign origin>, e.g. --origin https://evil.example' };
				return this.probe(namespace, this.carry(await tokenFor('valid'), { origin: this.config.origin }));
			default: {
				const handshake = this.carry(await tokenFor(/** @type {import('./tokens.mjs').TokenKind} */ (id)));
				if (!handshake) return { note: `skipped: --token-in ${this.config.tokenIn} can only carry a string` };
				const seen = await this.probe(namespace, handshake);
				return id === 'valid' ? { ...seen, note: this.validNote(seen.outcomes) } : seen;
			}
		}
	}

	/** `namespace`: a client without a token on another namespace. */
	async namespace(/** @type {string} */ namespace) {
		const seen = await this.probe(namespace, /** @type {Handshake} */ (this.carry(undefined)));
		const missing = seen.outcomes.includes(outcome.connectError('Invalid namespace', undefined));
		return missing ? { ...seen, note: `the server has no ${namespace} namespace` } : seen;
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
		return { auth: { room }, extraHeaders: token === undefined ? headers : { ...headers, authorization: `Bearer ${token}` } };
	}

	/** Connects, asks the user event if it got in, and listens a little longer. */
	async probe(/** @type {string} */ namespace, /** @type {Handshake} */ handshake) {
		const { socket, outcomes, record } = this.open(namespace, handshake);
		await this.settled(socket, record);
		if (socket.connected) await this.ask(socket, record, this.config.event);
		await sleep(this.wait.settle);
		return { outcomes: this.finish(socket, outcomes) };
	}

	/** Alice writes to her room; does a client without a token, in the same room, receive it? */
	async leak(/** @type {string} */ namespace, /** @type {string | object | undefined} */ aliceToken) {
		const { socket: alice, record: aliceRecord } = this.open(namespace, /** @type {Handshake} */ (this.carry(aliceToken)));
		await this.settled(alice, aliceRecord);
		try {
			const { socket, outcomes, record } = this.open(namespace, /** @type {Handshake} */ (this.carry(undefined)));
			await this.settled(socket, record);
			await sleep(this.wait.join); // let a `connection` handler put the socket in its room
			let acknowledged = false;
			if (alice.connected) {
				this.sent.events++;
				acknowledged = await alice
					.timeout(this.wait.ack)
					.emitWithAck(this.config.broadcastEvent, { text: TEXTS.alice })
					.then(() => true, () => false);
			}
			await sleep(this.wait.settle);
			const seen = this.finish(socket, outcomes);
			const note = !alice.connected
				? `Alice (valid token) was refused, so nothing was broadcast`
				: acknowledged
					? undefined
					: `the server did not acknowledge Alice's "${this.config.broadcastEvent}": if it has no such event, give --broadcast-event`;
			return { outcomes: seen, note };
		} finally {
			alice.close();
		}
	}

	/** Alice's token expires while she is connected; then she asks again. */
	async expiry(/** @type {string} */ namespace, /** @type {string} */ token) {
		const { socket, outcomes, record } = this.open(namespace, /** @type {Handshake} */ (this.carry(token)));
		await this.settled(socket, record);
		// No question before `exp`, as in the guide: the verdict reads any answer with her identity as given after it.
		await sleep(Math.max(0, expiresAtOf(token) - Date.now()) + this.wait.expiryGrace);
		if (socket.connected) await this.ask(socket, record, this.config.event);
		await sleep(this.wait.settle);
		return { outcomes: this.finish(socket, outcomes) };
	}

	/** With socket.io's default reconnection, does a refused client try again? */
	async retry(/** @type {string} */ namespace) {
		const { socket, outcomes } = this.open(namespace, /** @type {Handshake} */ (this.carry(undefined)), { reconnection: true });
		await sleep(this.wait.retryWatch);
		return { outcomes: this.finish(socket, outcomes) };
	}

	/**
	 * Alice is connected and has received a broadcast (socket.io restores a session only from the
	 * offset of a packet the client received). Her transport closes without a goodbye; socket.io
	 * reconnects her, now with a token that has expired. If she gets in, she asks who she is.
	 * @param {string} namespace
	 * @param {string | object | undefined} firstToken
	 * @param {string | object | undefined} laterToken
	 */
	async recovery(namespace, firstToken, laterToken) {
		let handshake = /** @type {Handshake} */ (this.carry(firstToken));
		const { socket, outcomes, record } = this.open(namespace, handshake, {
			reconnection: true,
			// Read again on every (re)connection: the token the client holds now.
			auth: (/** @type {(auth: object) => void} */ send) => send(handshake.auth),
		});
		await this.settled(socket, record);
		if (!socket.connected) return { outcomes: this.finish(socket, outcomes), note: 'Alice (valid token) was refused, so there was nothing to recover' };
		await sleep(this.wait.settle); // let a `connection` handler put her in her room
		await this.ask(socket, record, this.config.broadcastEvent, { text: TEXTS.visitor });
		await sleep(this.wait.settle);
		handshake = /** @type {Handshake} */ (this.carry(laterToken));
		// The manager reads these when it opens the next transport.
		socket.io.opts.extraHeaders = handshake.extraHeaders;
		socket.io.opts.query = handshake.query;
		const reconnected = new Promise((resolve) => socket.once('connect', resolve).once('connect_error', resolve));
		socket.io.engine.close();
		await Promise.race([reconnected, sleep(this.wait.connect).then(() => record(outcome.timeout()))]);
		await sleep(this.wait.settle); // a check on `connection` gets to act
		if (socket.connected) await this.ask(socket, record, this.config.event);
		await sleep(this.wait.settle);
		// Whether socket.io restored her session tells a server without connectionStateRecovery
		// (a plain reconnection, checked like any other) from one with it.
		const note = !socket.connected
			? undefined
			: socket.recovered
				? 'the server restored her session (connectionStateRecovery)'
				: 'no session was restored (no connectionStateRecovery, or Alice had received nothing): a plain reconnection with the expired token';
		return { outcomes: this.finish(socket, outcomes), note };
	}

	/** @param {string[]} outcomes */
	validNote(outcomes) {
		if (!outcomes.includes(outcome.connected())) {
			return 'Alice was refused: check --url, --path, --namespace, --token-in and the signing options';
		}
		if (!outcomes.some((seen) => seen.startsWith('ack:'))) {
			return `"${this.config.event}" was not acknowledged: give --event for an event that answers with the user`;
		}
		return undefined;
	}

	/**
	 * @param {string} namespace
	 * @param {Handshake} handshake
	 * @param {Partial<import('socket.io-client').ManagerOptions & import('socket.io-client').SocketOptions>} [options]
	 */
	open(namespace, handshake, options = {}) {
		const { url, path, broadcastEvent } = this.config;
		const socket = io(`${url.origin}${namespace === '/' ? '' : namespace}`, {
			...handshake,
			path,
			// Straight to WebSocket: headers (Authorization, Origin) go on the upgrade request.
			transports: ['websocket'],
			forceNew: true,
			reconnection: false,
			timeout: this.wait.connect,
			...options,
		});
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
		socket.on(broadcastEvent, (payload) => record(outcome.message(payload)));
		socket.io.on('reconnect_attempt', () => {
			this.sent.connections++;
			record(outcome.reconnectAttempt());
		});
		return { socket, outcomes, record };
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

	/**
	 * Resolves once the client is connected or refused; records `timeout` if neither happens.
	 * @param {import('socket.io-client').Socket} socket
	 * @param {(seen: string) => void} record
	 */
	settled(socket, record) {
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
	 * @param {import('socket.io-client').Socket} socket
	 * @param {(seen: string) => void} record
	 * @param {string} event
	 */
	async ask(socket, record, event, body = {}) {
		this.sent.events++;
		try {
			record(outcome.ack(await socket.timeout(this.wait.ack).emitWithAck(event, body)));
		} catch {
			// A disconnect fails pending acks too; it is recorded as `disconnect:<reason>` already.
			if (socket.connected) record(outcome.timeout());
		}
	}
}

/** @typedef {{ auth: Record<string, unknown>, query?: Record<string, string>, extraHeaders: Record<string, string> }} Handshake */
