import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { WebSocket, WebSocketServer } from 'ws';
import { clientKey } from './client-address.ts';
import { forwarded, pick, UPGRADE_HEADERS } from './forwarded-headers.ts';
import { exampleDidNotAnswer, HttpError } from './http-errors.ts';
import { LIVE_PREFIX, type LiveExample } from './live-example.ts';
import { livePort, type LiveParams } from './live-target.ts';
import { logger } from './log.ts';
import { MAX_MESSAGE_BYTES, webSocketLimits, type SocketLimits } from './relay-limits.ts';

/** A plain WebSocket example's endpoint (its `/`, with the query passed on), for the examples on @nestjs/platform-ws. */
export const WS_ROUTE = `${LIVE_PREFIX}:approach/ws`;

/**
 * What the upgrade to the example carries besides what UPGRADE_HEADERS does: the token of a client
 * that is not a browser (`Authorization: Bearer`; a browser offers it as a subprotocol instead).
 */
const WS_UPGRADE_HEADERS = [...UPGRADE_HEADERS, 'authorization'];
/** How long the example has to answer an upgrade, body of a refusal included. */
const UPSTREAM_HANDSHAKE_MS = 10_000;
/** The most of an example's refusal passed on: a status and a code word such as TOKEN_MISSING. */
const MAX_REFUSAL_BYTES = 4096;

export interface WsRelayOptions {
	live: Map<string, LiveExample>;
	socketLimits: SocketLimits;
	/** The relay pings the visitor this often, and cuts it off when the previous ping went unanswered. */
	idleMs: number;
	/** Whether a line about this client may still be logged (log.ts's perKeyBudget, shared with the socket.io proxy). */
	logBudget: (key: string) => boolean;
}

type WsRequest = FastifyRequest<{ Params: LiveParams }>;

const log = logger('http');

/**
 * /live/<approach>/ws → a plain WebSocket example's endpoint on its private loopback port, upstream
 * first: the example is asked before the visitor gets an answer, and the visitor gets the
 * example's: 101 with the subprotocol the example chose, or its refusal's status and body. A
 * browser then sees exactly what it sees without the playground (no `open`, close code 1006).
 *
 * Written here because @fastify/http-proxy's relay does neither: it accepts the visitor's upgrade
 * first and closes it with 1011 when the example refuses, and it offers the example only the one
 * subprotocol it selected for the visitor, so the token (the one after `bearer`) was lost. Built on
 * ws: its WebSocketServer checks the upgrade and answers 101 once verifyClient says so, and its
 * client opens the example's side. @fastify/websocket is not installed, and it would add a second
 * 'upgrade' listener, which makes @fastify/http-proxy's own relay ignore its parametric prefixes.
 * Every upgrade reaches this route as a request: @fastify/http-proxy's one 'upgrade' listener routes
 * them all through Fastify, so the limits, headers and errors of every other request apply.
 */
export async function wsRelay(app: FastifyInstance, options: WsRelayOptions) {
	const limits = webSocketLimits(options.socketLimits);
	/** The upgrades waiting for their example's answer: what ws's callbacks need of each. */
	const waiting = new WeakMap<IncomingMessage, RelayedUpgrade>();
	const server = new WebSocketServer({
		noServer: true,
		clientTracking: false,
		perMessageDeflate: false,
		maxPayload: MAX_MESSAGE_BYTES,
		// Called once ws has found the upgrade well formed, before it answers: the example answers first.
		verifyClient: ({ req }, answer) => waiting.get(req)?.connect(() => answer(true)),
		// The example's choice (`bearer`, never the token), or none.
		handleProtocols: (_offered, req) => waiting.get(req)?.protocol || false,
	});
	// A malformed upgrade (no key, another version, a bad subprotocol list): ws's reason, as our 400.
	server.on('wsClientError', (error, _socket, req) => {
		waiting.get(req)?.refuse(new HttpError(400, `The WebSocket upgrade is not valid: ${error.message}.`, { 'Sec-WebSocket-Version': '13' }));
	});

	app.get<{ Params: LiveParams }>(WS_ROUTE, (request, reply) => {
		const port = livePort(options.live, request.params, 'ws');
		const { raw } = request;
		// Node's own flag: its parser saw an upgrade and handed the socket over, detached from HTTP.
		if (!(raw as { upgrade?: boolean }).upgrade) {
			throw new HttpError(426, `${request.url.split('?')[0]} is a WebSocket endpoint: open it with new WebSocket(url, ['bearer', token]).`, { Upgrade: 'websocket' });
		}
		const upgrade = new RelayedUpgrade(request, reply, port, options);
		waiting.set(raw, upgrade);
		// What a client sent after its upgrade's head, before any answer, is dropped (an empty `head`):
		// a client sends nothing before the 101 (RFC 6455 §4.1).
		server.handleUpgrade(raw, raw.socket, Buffer.alloc(0), (client) => upgrade.relay(client, limits));
	});
}

/** One visitor's upgrade: the example's side opened first, then the visitor's answered as the example answered. */
class RelayedUpgrade {
	/** The subprotocol the example chose: ws answers the visitor's upgrade with it. */
	protocol = '';
	readonly #request: WsRequest;
	readonly #reply: FastifyReply;
	readonly #port: number;
	readonly #options: WsRelayOptions;
	#upstream: WebSocket | undefined;
	/** The visitor has its answer (or left): nothing more is sent on its request. */
	#answered = false;
	/** The visitor left before it had a WebSocket: the example's side is closed, whatever state it is in. */
	readonly #visitorLeft = () => {
		this.#answered = true;
		this.#upstream?.terminate();
	};

	/**
	 * Node stops reading a socket it hands over as an upgrade, so a visitor that left would go
	 * unnoticed until the example answered: its socket is read (and what it sends dropped) until then.
	 */
	readonly #watch = { data: () => {}, end: () => this.#request.raw.socket.destroy() };

	constructor(request: WsRequest, reply: FastifyReply, port: number, options: WsRelayOptions) {
		this.#request = request;
		this.#reply = reply;
		this.#port = port;
		this.#options = options;
		const { socket } = request.raw;
		socket.once('close', this.#visitorLeft);
		// A client sends nothing before the 101 (RFC 6455 §4.1): nothing of use is dropped.
		socket.on('data', this.#watch.data).once('end', this.#watch.end);
	}

	/** Opens the example's side; `accept` answers the visitor with 101, once the example has. */
	connect(accept: () => void) {
		const request = this.#request;
		if (request.raw.socket.destroyed) return this.#visitorLeft();
		const queryAt = request.url.indexOf('?');
		const upstream = new WebSocket(`ws://127.0.0.1:${this.#port}/${queryAt === -1 ? '' : request.url.slice(queryAt)}`, offeredProtocols(request.headers), {
			headers: forwarded(request, pick(request.headers, WS_UPGRADE_HEADERS)),
			perMessageDeflate: false,
			maxPayload: MAX_MESSAGE_BYTES,
			handshakeTimeout: UPSTREAM_HANDSHAKE_MS,
		});
		this.#upstream = upstream;
		upstream.once('open', () => {
			this.#answered = true;
			this.protocol = upstream.protocol;
			this.#reply.hijack();
			// ws reads the visitor's socket from here on (in this same tick: nothing is missed).
			request.raw.socket.off('data', this.#watch.data).off('end', this.#watch.end);
			accept();
		});
		upstream.once('unexpected-response', (_clientRequest, response) => {
			const chunks: Buffer[] = [];
			let bytes = 0;
			response.on('data', (chunk: Buffer) => {
				if (bytes < MAX_REFUSAL_BYTES) chunks.push(chunk.subarray(0, MAX_REFUSAL_BYTES - bytes));
				bytes += chunk.length;
			});
			// Only once the whole refusal came: one cut short (or slower than the handshake timeout,
			// after which ws aborts it) is the example not answering.
			response.once('close', () => {
				const status = response.statusCode ?? 0;
				if (!response.complete || status < 400 || status > 599) this.#failed(`answered the upgrade with ${status}${response.complete ? '' : ', cut short'}`);
				else this.refuse({ status, body: Buffer.concat(chunks).toString('utf8') });
				upstream.terminate();
			});
		});
		// After the relay is set up, errors close the socket, and relay() passes the close on.
		upstream.on('error', (error) => this.#failed(error.message));
	}

	/**
	 * Answers the visitor's upgrade without a WebSocket, through Fastify like any other answer: our
	 * own refusal (an HttpError, as JSON), or the example's status and body as it sent them (as
	 * text/plain: ws labels a refusal text/html, and nothing here is a page).
	 */
	refuse(answer: HttpError | { status: number; body: string }) {
		if (this.#answered) return;
		this.#answered = true;
		if (answer instanceof HttpError) this.#reply.send(answer);
		else this.#reply.code(answer.status).header('cache-control', 'no-store').type('text/plain; charset=utf-8').send(answer.body);
	}

	/** The example did not answer the upgrade as a WebSocket server does: a 502, logged within the client's budget. */
	#failed(why: string) {
		if (this.#answered) return;
		const { approach } = this.#request.params;
		const key = clientKey(this.#request.ip);
		if (this.#options.logBudget(key)) log.warn(`${approach} did not answer the WebSocket upgrade from ${key}: ${why}`);
		this.refuse(exampleDidNotAnswer(approach));
	}

	/** Both sides are open: messages go both ways within the limits, and either side's close reaches the other. */
	relay(visitor: WebSocket, limits: ReturnType<typeof webSocketLimits>) {
		const upstream = this.#upstream!;
		this.#request.raw.socket.off('close', this.#visitorLeft);
		visitor.on('message', (data, isBinary) => {
			limits.onIncomingMessage(undefined, visitor, upstream, { data });
			upstream.send(data, { binary: isBinary });
		});
		upstream.on('message', (data, isBinary) => {
			limits.onOutgoingMessage(undefined, visitor, upstream, { data });
			visitor.send(data, { binary: isBinary });
		});
		// ws closes a socket after its error (a frame past maxPayload: 1009); the close follows.
		visitor.on('error', () => {});
		visitor.once('close', (code, reason) => passClose(upstream, code, reason));
		upstream.once('close', (code, reason) => passClose(visitor, code, reason));
		// A visitor that is gone without a word (its network dropped) holds both sockets until TCP
		// gives up, which it never does on a silent connection: a browser answers pings by itself.
		let alive = true;
		visitor.on('pong', () => (alive = true));
		const heartbeat = setInterval(() => {
			if (!alive) return visitor.terminate();
			alive = false;
			visitor.ping();
		}, this.#options.idleMs);
		visitor.once('close', () => clearInterval(heartbeat));
	}
}

/** The subprotocols a visitor offered, in its order: the example is offered all of them (`bearer`, and the token after it). */
export function offeredProtocols(headers: IncomingHttpHeaders): string[] {
	// ws has checked the list already (tokens, no duplicates): what is left is to split it.
	return (headers['sec-websocket-protocol'] ?? '')
		.split(',')
		.map((protocol) => protocol.trim())
		.filter(Boolean);
}

/**
 * Passes a close on to the other side as it came, code and reason; a close frame without a code
 * (1005) as one without; a connection cut without a close frame (1006) by cutting the other too.
 */
export function passClose(to: Pick<WebSocket, 'close' | 'terminate'>, code: number, reason: Buffer) {
	if (code === 1006) to.terminate();
	else if (code === 1005) to.close();
	else to.close(code, reason);
}
