/**
 * The playground's event log: each entry carries the raw outcome string of the behaviour
 * vocabulary (`connected`, `connect_error:<message>[ <data>]`, `disconnect:<reason>`,
 * `exception:<message>`, `ack:<json>`, `timeout`, `message:<json>`, `wire:<event>:<json>`,
 * `reconnect_attempt`) in
 * `data-outcome`, and shows the text below. The tests compare `data-outcome` with behavior.json.
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
import { parseOutcome } from '../../../examples/recommended/demo/outcomes.mjs';
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
		default:
			return { text: raw, tone: 'neutral' };
	}
}
