// The outcome vocabulary: how what a socket.io client, or a plain WebSocket client (the `ws`
// package, for the @nestjs/platform-ws examples), sees is written in behavior.json. The
// scenario runner and the playground (in the browser) both write outcomes with `outcome`, and
// the site reads them back with `parseOutcome`, so this file imports nothing. Same file in
// every example.
export const outcome = {
	connected: () => 'connected',
	/** `data` is socket.io's `err.data`, set by a middleware refusal; transport errors have none. */
	connectError: (message, data) => `connect_error:${message}${data === undefined ? '' : ` ${JSON.stringify(data)}`}`,
	disconnect: (reason) => `disconnect:${reason}`,
	exception: (payload) => `exception:${payload?.message}`,
	ack: (reply) => `ack:${JSON.stringify(reply ?? null)}`,
	timeout: () => 'timeout',
	/** A broadcast received. */
	message: (payload) => `message:${JSON.stringify(payload)}`,
	/**
	 * An EVENT packet that reached the client on the wire before its socket was connected.
	 * socket.io-client keeps such packets in a buffer it hands to its listeners only once the
	 * socket connects, so a refused socket's events never show them; an attacker reads the wire. The offset socket.io appends for
	 * connection state recovery (the last argument) is left out.
	 */
	wire: (event, payload) => `wire:${event}:${JSON.stringify(payload ?? null)}`,
	reconnectAttempt: () => 'reconnect_attempt',
	/** Not the client's: whether the server process is still there (variants that crash it). */
	server: (state) => `server:${state}`,
	// A plain WebSocket client's: it sees every frame as it arrives, so what it records is the wire.
	/** The upgrade was answered with 101 Switching Protocols: the socket is open. */
	open: () => 'open',
	/** The upgrade was refused with this HTTP status instead of 101; `body` is what the server wrote. */
	http: (status, body) => `http:${status}${body ? ` ${body}` : ''}`,
	/** The server closed the socket: its close frame's code and reason (1006: no close frame). */
	close: (code, reason) => `close:${code}${reason ? ` ${reason}` : ''}`,
	/** A frame `{ event, data }` answering the event the client sent, with the same event name. */
	reply: (data) => `reply:${JSON.stringify(data ?? null)}`,
	/** The connection failed with no HTTP answer at all (the server dropped it). */
	error: (message) => `error:${message}`,
	/** A frame outside the chat's events, as it came. */
	frame: (text) => `frame:${text}`,
};

/**
 * @typedef {{ kind: 'connected' | 'timeout' | 'reconnect_attempt' }
 *   | { kind: 'connect_error', message: string, data?: unknown }
 *   | { kind: 'disconnect', reason: string }
 *   | { kind: 'exception', message: string }
 *   | { kind: 'ack', json: string, reply: unknown }
 *   | { kind: 'message', json: string, payload: unknown }
 *   | { kind: 'wire', event: string, json: string, payload: unknown }
 *   | { kind: 'server', state: string }
 *   | { kind: 'open' }
 *   | { kind: 'http', status: number, body: string }
 *   | { kind: 'close', code: number, reason: string }
 *   | { kind: 'reply', json: string, reply: unknown }
 *   | { kind: 'error', message: string }
 *   | { kind: 'frame', text: string }
 *   | { kind: 'unknown', text: string }} Outcome
 */

/**
 * Reads an outcome string back into its parts: the inverse of `outcome`. JSON parts are parsed
 * (`undefined` when they are not JSON) and kept as written (`json`); anything outside the
 * vocabulary is `{ kind: 'unknown', text }`.
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
			return { kind, json: value, reply: parseJson(value) };
		case 'error':
			return { kind, message: value };
		case 'frame':
			return { kind, text: value };
		case 'connect_error':
			return { kind, ...splitMessageAndData(value) };
		case 'disconnect':
			return { kind, reason: value };
		case 'exception':
			return { kind, message: value };
		case 'ack':
			return { kind, json: value, reply: parseJson(value) };
		case 'message':
			return { kind, json: value, payload: parseJson(value) };
		case 'server':
			return { kind, state: value };
		case 'wire': {
			const end = value.indexOf(':');
			if (end === -1) break;
			const json = value.slice(end + 1);
			return { kind, event: value.slice(0, end), json, payload: parseJson(json) };
		}
	}
	return { kind: 'unknown', text: raw };
}

/**
 * `connect_error:<message>[ <data as JSON>]`: the data, when there is any, is the JSON after the
 * first space whose remainder parses as JSON.
 * @param {string} value
 * @returns {{ message: string, data?: unknown }}
 */
function splitMessageAndData(value) {
	for (let space = value.indexOf(' '); space !== -1; space = value.indexOf(' ', space + 1)) {
		const rest = value.slice(space + 1);
		if (!/^[[{"\d-]|^(true|false|null)$/.test(rest)) continue;
		const data = parseJson(rest);
		if (data !== undefined) return { message: value.slice(0, space), data };
	}
	return { message: value };
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
