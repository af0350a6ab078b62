import type { WebSocket } from 'ws';

/**
 * What one socket may cost the playground. A relay that only forwards (what @fastify/http-proxy
 * does by itself) queues whatever one side sends faster than the other reads, without bound: a
 * visitor that never reads its WebSocket grew the server by hundreds of MB. Past these limits the
 * socket is closed, with a close code that says why (CLOSE).
 */
export interface SocketLimits {
	/** Bytes waiting to be written to one side of a WebSocket relay; past it the relay is closed. */
	queueBytes: number;
	/** Messages (engine.io packets) a client socket may send per second, on average. */
	messagesPerSecond: number;
	/** Bytes a client socket may send per second, on average. */
	bytesPerSecond: number;
}

/**
 * The largest message relayed either way (a WebSocket frame, a long-polling post). The playground's
 * largest is the `oversized` scenario's 8 KB token; engine.io's own default (1 MB) would let one
 * message fill a slow reader's whole queue.
 */
export const MAX_MESSAGE_BYTES = 64 * 1024;

/** A socket may send this many seconds' worth at once: a page's burst, not a flood. */
export const BURST_SECONDS = 2;

/** The close codes of a relay closed by its limits: 4000-4999 are the application's (RFC 6455 §7.4.2). README.md lists them. */
export const CLOSE = {
	slowReader: { code: 4001, reason: 'This client reads too slowly: its queue passed the limit' },
	tooFast: { code: 4002, reason: 'This client sends too fast: more messages or bytes per second than allowed' },
	exampleBehind: { code: 4003, reason: 'The example reads too slowly: its queue passed the limit' },
} as const;

/**
 * A token bucket for messages and one for bytes, each full at BURST_SECONDS' worth. Hand-written
 * because the rate limiters on npm count HTTP requests per key; this counts a socket's messages.
 */
export class SendBudget {
	readonly #limits: SocketLimits;
	#messages: number;
	#bytes: number;
	#at: number;

	constructor(limits: SocketLimits, now = performance.now()) {
		this.#limits = limits;
		this.#messages = limits.messagesPerSecond * BURST_SECONDS;
		this.#bytes = limits.bytesPerSecond * BURST_SECONDS;
		this.#at = now;
	}

	/** Spends `messages` and `bytes`, or, when the socket would send faster than its limits allow, nothing and returns false. */
	take(messages: number, bytes: number, now = performance.now()): boolean {
		const seconds = Math.max(0, now - this.#at) / 1000;
		this.#at = now;
		const { messagesPerSecond, bytesPerSecond } = this.#limits;
		this.#messages = Math.min(messagesPerSecond * BURST_SECONDS, this.#messages + seconds * messagesPerSecond);
		this.#bytes = Math.min(bytesPerSecond * BURST_SECONDS, this.#bytes + seconds * bytesPerSecond);
		if (messages > this.#messages || bytes > this.#bytes) return false;
		this.#messages -= messages;
		this.#bytes -= bytes;
		return true;
	}
}

type Message = { data: Buffer | ArrayBuffer | Buffer[] };

/**
 * The hooks of a WebSocket relay, in the shape of @fastify/http-proxy's wsHooks (the socket.io
 * relay's), which ws-relay.ts calls the same way: each runs before a message is forwarded, and
 * closes the relay when the message would break a limit. (The relay then still calls send() on the
 * closing socket, which ws turns into a no-op.) `source` is the visitor's socket, `target` the example's.
 */
export function webSocketLimits(limits: SocketLimits) {
	const budgets = new WeakMap<WebSocket, SendBudget>();
	return {
		onIncomingMessage(_context: unknown, source: WebSocket, target: WebSocket, { data }: Message) {
			let budget = budgets.get(source);
			if (!budget) budgets.set(source, (budget = new SendBudget(limits)));
			const bytes = byteLength(data);
			if (!budget.take(1, bytes)) closeRelay(source, target, CLOSE.tooFast);
			else if (target.bufferedAmount + bytes > limits.queueBytes) closeRelay(source, target, CLOSE.exampleBehind);
		},
		onOutgoingMessage(_context: unknown, source: WebSocket, target: WebSocket, { data }: Message) {
			if (source.bufferedAmount + byteLength(data) > limits.queueBytes) closeRelay(source, target, CLOSE.slowReader);
		},
	};
}

/**
 * Closes the visitor's socket with the code that says why. The close frame goes out behind what is
 * queued, so a slow reader still learns the reason; ws cuts off one that never answers it after its
 * close timeout (30 s). Nothing is queued for a closing socket (ws drops what is sent to it), so
 * until then it holds at most `queueBytes`. The example's socket is closed at
 * once: socket.io there sees the client leave.
 */
function closeRelay(source: WebSocket, target: WebSocket, { code, reason }: { code: number; reason: string }) {
	if (source.readyState === source.OPEN) source.close(code, reason);
	if (target.readyState === target.OPEN || target.readyState === target.CONNECTING) target.close();
}

function byteLength(data: Message['data']): number {
	if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
	return data.byteLength;
}
