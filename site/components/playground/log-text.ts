/**
 * The playground's event log: each entry carries the raw outcome string of the behaviour
 * vocabulary (`connected`, `connect_error:<message>[ <data>]`, `disconnect:<reason>`,
 * `exception:<message>`, `ack:<json>`, `timeout`, `message:<json>`, `reconnect_attempt`) in
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

/** What a log entry says for an outcome. */
export function logText(raw: string, { authenticated = true } = {}): LogText {
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
				: { text: `LEAK: an unauthenticated client received a broadcast: ${outcome.json}`, tone: 'leak' };
		case 'reconnect_attempt':
			return { text: 'reconnect attempt: socket.io retries by itself', tone: 'neutral' };
		default:
			return { text: raw, tone: 'neutral' };
	}
}
