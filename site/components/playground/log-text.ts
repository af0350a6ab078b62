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

// The examples write outcomes with the same functions: one vocabulary, one definition.
export { outcome } from '../../../examples/recommended/demo/outcomes.mjs';

/** What a log entry says for an outcome. */
export function logText(raw: string, { authenticated = true } = {}): LogText {
	const colon = raw.indexOf(':');
	const kind = colon === -1 ? raw : raw.slice(0, colon);
	const value = colon === -1 ? '' : raw.slice(colon + 1);
	switch (kind) {
		case 'connected':
			return { text: 'connect: the server accepted the connection', tone: authenticated ? 'good' : 'bad' };
		case 'connect_error': {
			const space = value.search(/ [[{"\d]/);
			const message = space === -1 ? value : value.slice(0, space);
			const data = space === -1 ? 'none' : value.slice(space + 1);
			return { text: `connect_error: “${message}”, data ${data}`, tone: authenticated ? 'bad' : 'good' };
		}
		case 'disconnect':
			return { text: `disconnect: ${value}`, tone: 'neutral' };
		case 'exception':
			return { text: `exception: “${value}”`, tone: 'neutral' };
		case 'ack':
			return { text: `acknowledged: ${value}`, tone: authenticated ? 'good' : 'bad' };
		case 'timeout':
			return { text: 'no answer within 1 s (timeout)', tone: 'neutral' };
		case 'message':
			return authenticated
				? { text: `message received: ${value}`, tone: 'good' }
				: { text: `LEAK: an unauthenticated client received a broadcast: ${value}`, tone: 'leak' };
		case 'reconnect_attempt':
			return { text: 'reconnect attempt: socket.io retries by itself', tone: 'neutral' };
		default:
			return { text: raw, tone: 'neutral' };
	}
}
