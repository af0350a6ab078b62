/**
 * The page's own WebSocket to a plain WebSocket example (@nestjs/platform-ws), through the
 * playground server's relay at /live/<approach>/ws. It records what it sees in the outcome
 * vocabulary, as demo/ws-scenario-engine.mjs records a `ws` client in Node, but a page is told
 * less: a refused upgrade is an `error` event and close code 1006, never its HTTP status, so
 * `http:` is never recorded here. Loaded only once a plain WebSocket example is chosen, as
 * socket.io-client is for the others.
 */
import { frameOutcome, parseFrame } from '../../../examples/recommended/demo/outcomes.mjs';
import { ACK_TIMEOUT_MS } from '../../../examples/recommended/demo/scenario-facts.mjs';
import { BEARER_PROTOCOL } from '../../../examples/ws-recommended/src/ws-auth/upgrade-token.ts';
import { outcome } from './log-text.ts';

/**
 * How frames are sorted (frameOutcome, as the `ws` engine sorts them in Node): the broadcast is
 * `message`, and the events the page sends (demo/scenarios.mjs's `ask` and `send`) are answered
 * with a frame of the same name, a `reply`.
 */
const FRAME_EVENTS = { receive: 'message', answered: ['whoami', 'send'] };

export interface PlainSocketEvents {
	/** An outcome of the vocabulary, as it is seen. */
	record(seen: string): void;
	open(): void;
	/** The socket closed; `opened`: whether it was open first (if not, the upgrade failed). */
	closed(opened: boolean): void;
}

type Frame = { event?: unknown; data?: unknown } | undefined;

export class PlainSocket {
	readonly #socket: WebSocket;
	readonly #events: PlainSocketEvents;
	/** Removes every listener at once, when the playground lets go of this socket. */
	readonly #listening = new AbortController();
	/** Questions waiting for their answer: each is told every frame, and `closed`. */
	readonly #waiting = new Set<(frame: Frame | 'closed') => void>();
	#opened = false;

	/** `token`: offered as the subprotocol after `bearer` (a page can set no header on a WebSocket); none without one. */
	constructor(url: string, token: string | null, events: PlainSocketEvents) {
		this.#events = events;
		this.#socket = new WebSocket(url, token === null ? [] : [BEARER_PROTOCOL, token]);
		const { signal } = this.#listening;
		this.#socket.addEventListener(
			'open',
			() => {
				this.#opened = true;
				events.record(outcome.open());
				events.open();
			},
			{ signal },
		);
		this.#socket.addEventListener('message', ({ data }) => this.#frame(typeof data === 'string' ? data : '(a binary frame)'), { signal });
		this.#socket.addEventListener('error', () => events.record(outcome.error('')), { signal });
		this.#socket.addEventListener(
			'close',
			({ code, reason }) => {
				events.record(outcome.close(code, reason));
				for (const waiter of this.#waiting) waiter('closed');
				events.closed(this.#opened);
			},
			{ signal },
		);
	}

	get open(): boolean {
		return this.#socket.readyState === WebSocket.OPEN;
	}

	/**
	 * Sends `{ event, data }` and waits for the frame that answers it (the same event, or an
	 * exception), which is recorded as it comes; resolves with `timeout` if none came in time while
	 * the socket stayed open, else with nothing more to record.
	 */
	ask(event: string, data: unknown): Promise<string | undefined> {
		return new Promise((resolve) => {
			const done = (answer?: string) => {
				clearTimeout(timer);
				this.#waiting.delete(waiter);
				resolve(answer);
			};
			const waiter = (frame: Frame | 'closed') => {
				if (frame === 'closed' || frame?.event === event || frame?.event === 'exception') done();
			};
			const timer = setTimeout(() => done(this.open ? outcome.timeout() : undefined), ACK_TIMEOUT_MS);
			this.#waiting.add(waiter);
			this.#socket.send(JSON.stringify({ event, data }));
		});
	}

	/** Closes the socket as a client that is done does (1000); its close is recorded when the server answers. */
	close() {
		this.#socket.close(1000);
	}

	/** Lets go of the socket: closed, and nothing it does afterwards reaches the log. */
	stop() {
		this.#listening.abort();
		for (const waiter of this.#waiting) waiter('closed');
		this.#socket.close();
	}

	/** Records a frame in the vocabulary, and tells every question waiting for its answer. */
	#frame(text: string) {
		this.#events.record(frameOutcome(text, FRAME_EVENTS));
		const frame = parseFrame(text);
		for (const waiter of this.#waiting) waiter(frame);
	}
}
