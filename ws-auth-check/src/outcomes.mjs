// The outcome vocabulary: what a socket.io client, or a plain WebSocket client (--protocol ws),
// saw, written as the guide's behavior.json files write it (examples/recommended/demo/outcomes.mjs),
// so that a line of this tool's output reads like a row of the site's tables. Copied, not
// imported: the package stands alone (outcomes.test.mjs keeps the two in step).

export const outcome = {
	connected: () => 'connected',
	/** `data` is socket.io's `err.data`, set by a middleware refusal; transport errors have none. */
	connectError: (/** @type {string} */ message, /** @type {unknown} */ data) =>
		`connect_error:${message}${data === undefined ? '' : ` ${JSON.stringify(data)}`}`,
	disconnect: (/** @type {string} */ reason) => `disconnect:${reason}`,
	exception: (/** @type {any} */ payload) => `exception:${payload?.message}`,
	ack: (/** @type {unknown} */ reply) => `ack:${JSON.stringify(reply ?? null)}`,
	timeout: () => 'timeout',
	/** A broadcast received. */
	message: (/** @type {unknown} */ payload) => `message:${JSON.stringify(payload)}`,
	/**
	 * An EVENT packet that reached the client on the wire before its socket was connected:
	 * socket.io-client keeps such packets back until the socket connects, so a refused socket's
	 * events never show them; an attacker reads them.
	 */
	wire: (/** @type {unknown} */ event, /** @type {unknown} */ payload) => `wire:${String(event)}:${JSON.stringify(payload ?? null)}`,
	reconnectAttempt: () => 'reconnect_attempt',
	// A plain WebSocket client's (ws-scenario-engine.mjs): it sees every frame as it arrives, so what it records is the wire.
	/** The upgrade was answered with 101 Switching Protocols: the socket is open. */
	open: () => 'open',
	/** The upgrade was refused with this HTTP status instead of 101; `body` is what the server wrote. */
	http: (/** @type {number} */ status, /** @type {string} */ body) => `http:${status}${body ? ` ${body}` : ''}`,
	/** The server closed the socket: its close frame's code and reason (1006: no close frame). */
	close: (/** @type {number} */ code, /** @type {string} */ reason) => `close:${code}${reason ? ` ${reason}` : ''}`,
	/** A frame `{ event, data }` answering the event the client sent, with the same event name. */
	reply: (/** @type {unknown} */ data) => `reply:${JSON.stringify(data ?? null)}`,
	/** The connection failed with no HTTP answer at all (the server dropped it). */
	error: (/** @type {string} */ message) => `error:${message}`,
	/** A frame outside the events the client knows, as it came. */
	frame: (/** @type {string} */ text) => `frame:${text}`,
};

/**
 * @typedef {{ kind: 'connected' | 'timeout' | 'reconnect_attempt' | 'open' }
 *   | { kind: 'connect_error', message: string }
 *   | { kind: 'disconnect', reason: string }
 *   | { kind: 'exception', message: string }
 *   | { kind: 'ack', reply: unknown }
 *   | { kind: 'message', payload: unknown }
 *   | { kind: 'wire', event: string, payload: unknown }
 *   | { kind: 'http', status: number, body: string }
 *   | { kind: 'close', code: number, reason: string }
 *   | { kind: 'reply', reply: unknown }
 *   | { kind: 'error', message: string }
 *   | { kind: 'frame', text: string }
 *   | { kind: 'unknown', text: string }} Outcome
 */

/**
 * Reads an outcome string back into its parts, as the site does before it judges them. Only what
 * a verdict looks at is kept (`connect_error` data is not).
 * @param {string} raw
 * @returns {Outcome}
 */
export function parseOutcome(raw) {
	const colon = raw.indexOf(':');
	const kind = colon === -1 ? raw : raw.slice(0, colon);
	const value = colon === -1 ? '' : raw.slice(colon + 1);
	switch (kind) {
		case 'connected':
		case 'timeout':
		case 'reconnect_attempt':
		case 'open':
			if (colon === -1) return { kind };
			break;
		case 'http':
		case 'close': {
			const [number, ...words] = value.split(' ');
			if (!/^\d+$/.test(number)) break;
			const rest = words.join(' ');
			return kind === 'http' ? { kind, status: Number(number), body: rest } : { kind, code: Number(number), reason: rest };
		}
		case 'reply':
			return { kind, reply: parseJson(value) };
		case 'error':
			return { kind, message: value };
		case 'frame':
			return { kind, text: value };
		case 'connect_error':
			return { kind, message: value };
		case 'disconnect':
			return { kind, reason: value };
		case 'exception':
			return { kind, message: value };
		case 'ack':
			return { kind, reply: parseJson(value) };
		case 'message':
			return { kind, payload: parseJson(value) };
		case 'wire': {
			const end = value.indexOf(':');
			if (end === -1) break;
			return { kind, event: value.slice(0, end), payload: parseJson(value.slice(end + 1)) };
		}
	}
	return { kind: 'unknown', text: raw };
}

/**
 * A plain WebSocket frame, `{ event, data }` as WsAdapter writes it, in the vocabulary: an
 * exception, a broadcast (`receive`), an answer to one of the events the client sends
 * (`answered`: a reply), or anything else as it came. The `ws` engine in Node and the
 * playground's page both sort frames with it.
 * @param {string} text
 * @param {{ receive: string, answered: readonly string[] }} events
 */
export function frameOutcome(text, { receive, answered }) {
	const { event, data } = parseFrame(text) ?? {};
	if (event === 'exception') return outcome.exception(data);
	if (event === receive) return outcome.message(data);
	if (typeof event === 'string' && answered.includes(event)) return outcome.reply(data);
	return outcome.frame(text);
}

/**
 * A frame's `{ event, data }`; undefined when it is not a JSON object.
 * @param {string} text
 * @returns {{ event?: unknown, data?: unknown } | undefined}
 */
export function parseFrame(text) {
	const frame = parseJson(text);
	return typeof frame === 'object' && frame !== null ? frame : undefined;
}

/** @param {string} text */
function parseJson(text) {
	try {
		return JSON.parse(text);
	} catch {
		return undefined;
	}
}
