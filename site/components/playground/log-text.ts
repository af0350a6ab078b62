/**
 * The playground's event log: each entry carries the raw outcome string of the behaviour
 * vocabulary (socket.io's `connected`, `connect_error:<message>[ <data>]`, `disconnect:<reason>`,
 * `ack:<json>`, `wire:<event>:<json>`, `reconnect_attempt`; a plain WebSocket's `open`,
 * `close:<code> <reason>`, `reply:<json>`, `error:<message>`, `frame:<text>`; and both's
 * `exception:<message>`, `timeout`, `message:<json>`) in `data-outcome`, and shows the text below.
 * The tests compare `data-outcome` with behavior.json (browserOutcomes for a plain WebSocket).
 * No DOM imports: tests import it too.
 */

export type Tone = 'good' | 'bad' | 'neutral' | 'leak';

export interface LogText {
	text: string;
	tone: Tone;
}

// The examples write outcomes with the same functions and the site reads them back with the same
// parser: one vocabulary, one definition.
import { ACK_TIMEOUT_MS } from '../../../examples/recommended/demo/scenario-facts.mjs';
import { outcome, parseOutcome } from '../../../examples/recommended/demo/outcomes.mjs';
export { outcome, parseOutcome } from '../../../examples/recommended/demo/outcomes.mjs';

export interface LogOptions {
	/** Whether whoever runs the server wants this client in (isEntitled): the tone of what it gets. */
	authenticated?: boolean;
	/** It has a valid token, of another user than the session it replays (`replay-other-user`). */
	otherUser?: boolean;
}

/** What a log entry says for an outcome. */
export function logText(raw: string, { authenticated = true, otherUser = false }: LogOptions = {}): LogText {
	const intruder = otherUser ? 'another user' : 'an unauthenticated client';
	const outcome = parseOutcome(raw);
	switch (outcome.kind) {
		case 'connected':
			return { text: 'connect: the server accepted the connection', tone: authenticated ? 'good' : 'bad' };
		case 'connect_error': {
			const data = outcome.data === undefined ? 'none' : JSON.stringify(outcome.data);
			return { text: `connect_error: “${outcome.message}”, data ${data}`, tone: authenticated ? 'bad' : 'good' };
		}
		case 'disconnect':
			return { text: `disconnect: ${outcome.reason}`, tone: 'neutral' };
		case 'exception':
			return { text: `exception: “${outcome.message}”`, tone: 'neutral' };
		case 'ack':
			return { text: `acknowledged: ${outcome.json}`, tone: authenticated ? 'good' : 'bad' };
		case 'timeout':
			return { text: `no answer within ${ACK_TIMEOUT_MS / 1000} s (timeout)`, tone: 'neutral' };
		case 'message':
			return authenticated
				? { text: `message received: ${outcome.json}`, tone: 'good' }
				: { text: `LEAK: ${intruder} received a broadcast: ${outcome.json}`, tone: 'leak' };
		case 'wire': {
			// socket.io-client would not show it: it holds the packet back until the socket
			// connects, so a refused socket's events never carry it.
			const { event, payload, json } = outcome;
			const from = event === 'message' && typeof payload === 'object' && payload !== null && 'from' in payload ? String(payload.from) : undefined;
			const what = `on the wire before connect: ${from === undefined ? `“${event}”` : `${from}’s message`} ${json}`;
			return authenticated ? { text: what, tone: 'neutral' } : { text: `LEAK ${what}`, tone: 'leak' };
		}
		case 'reconnect_attempt':
			return { text: 'reconnect attempt: socket.io retries by itself', tone: 'neutral' };
		// A plain WebSocket's.
		case 'open':
			return { text: 'open: the server accepted the WebSocket (101 Switching Protocols)', tone: authenticated ? 'good' : 'bad' };
		case 'error':
			// All a page's WebSocket reports of a refused upgrade, or of any other failure.
			return { text: 'error: the WebSocket failed, and a page is not told why', tone: authenticated ? 'bad' : 'good' };
		case 'close': {
			const why = outcome.code === 1006 ? 'no close frame (refused before it opened, or cut off)' : outcome.reason ? `“${outcome.reason}”` : 'no reason given';
			return { text: `close: code ${outcome.code}, ${why}`, tone: 'neutral' };
		}
		case 'reply':
			return { text: `reply: ${outcome.json}`, tone: authenticated ? 'good' : 'bad' };
		case 'frame':
			return { text: `frame: ${outcome.text}`, tone: 'neutral' };
		default:
			return { text: raw, tone: 'neutral' };
	}
}

/**
 * What a page's own WebSocket sees where behavior.json documents what a `ws` client in Node saw:
 * a refused upgrade (`http:<status> <body>`) is, to a page, an `error` event without a message,
 * then close code 1006; the rest it sees alike. The playground's log of a plain WebSocket example
 * is compared with this.
 */
export function browserOutcomes(documented: readonly string[]): string[] {
	return documented.flatMap((raw) => (parseOutcome(raw).kind === 'http' ? [outcome.error(''), outcome.close(1006, '')] : [raw]));
}
