// The page's plain WebSocket client, against a stand-in for the browser's WebSocket. Run with
// `npm run test:unit` (node --test).
import assert from 'node:assert/strict';
import { afterEach, beforeEach, mock, test } from 'node:test';
import { ACK_TIMEOUT_MS } from '../../../examples/recommended/demo/scenario-facts.mjs';
import { PlainSocket } from './plain-socket.ts';

/** What a page's WebSocket does, driven by the test: events in, frames out. */
class FakeWebSocket extends EventTarget {
	static readonly OPEN = 1;
	static last: FakeWebSocket;
	readyState = 0;
	readonly sent: string[] = [];
	readonly protocols: string[];
	closedWith: number | undefined;
	constructor(_url: string, protocols: string[]) {
		super();
		this.protocols = protocols;
		FakeWebSocket.last = this;
	}
	send(text: string) {
		this.sent.push(text);
	}
	close(code?: number) {
		this.closedWith = code;
	}
	open() {
		this.readyState = 1;
		this.dispatchEvent(new Event('open'));
	}
	frame(data: unknown) {
		this.dispatchEvent(new MessageEvent('message', { data: typeof data === 'string' ? data : JSON.stringify(data) }));
	}
	closed(code: number, reason = '') {
		this.readyState = 3;
		this.dispatchEvent(Object.assign(new Event('close'), { code, reason }));
	}
}

const original = globalThis.WebSocket;
beforeEach(() => {
	globalThis.WebSocket = FakeWebSocket as unknown as typeof WebSocket;
});
afterEach(() => {
	globalThis.WebSocket = original;
	mock.timers.reset();
});

function connect(token: string | null) {
	const seen: string[] = [];
	const states: string[] = [];
	const socket = new PlainSocket('ws://host/live/ws-guard-only/ws?room=r', token, {
		record: (outcome) => seen.push(outcome),
		open: () => states.push('open'),
		closed: (opened) => states.push(opened ? 'closed' : 'refused'),
	});
	return { socket, seen, states, ws: FakeWebSocket.last };
}

test('the token is offered as the subprotocol after bearer; no token, no subprotocol', () => {
	assert.deepEqual(connect('eyJ.x.y').ws.protocols, ['bearer', 'eyJ.x.y']);
	assert.deepEqual(connect(null).ws.protocols, []);
});

test('a refused upgrade: an error, then close 1006, and the socket never opened', () => {
	const { seen, states, ws } = connect(null);
	ws.dispatchEvent(new Event('error'));
	ws.closed(1006);
	assert.deepEqual(seen, ['error:', 'close:1006']);
	assert.deepEqual(states, ['refused']);
});

test('frames are recorded as the scenario engine records them: reply, exception, message, anything else', async () => {
	const { socket, seen, ws } = connect('t');
	ws.open();
	const asked = socket.ask('whoami', {});
	assert.deepEqual(JSON.parse(ws.sent[0]!), { event: 'whoami', data: {} });
	ws.frame({ event: 'whoami', data: { id: 'alice' } });
	assert.equal(await asked, undefined, 'answered: nothing more to record');
	ws.frame({ event: 'exception', data: { status: 'error', message: 'Unauthorized' } });
	ws.frame({ event: 'message', data: { from: 'Alice', text: 'hi' } });
	ws.frame('not json');
	ws.closed(4401, 'TOKEN_EXPIRED');
	assert.deepEqual(seen, ['open', 'reply:{"id":"alice"}', 'exception:Unauthorized', 'message:{"from":"Alice","text":"hi"}', 'frame:not json', 'close:4401 TOKEN_EXPIRED']);
});

test('a question without an answer is a timeout while open; an exception or a close answers it', async () => {
	mock.timers.enable({ apis: ['setTimeout'] });
	const { socket, ws } = connect('t');
	ws.open();
	const unanswered = socket.ask('send', { text: 'x' });
	mock.timers.tick(ACK_TIMEOUT_MS);
	assert.equal(await unanswered, 'timeout');
	const refused = socket.ask('send', { text: 'x' });
	ws.frame({ event: 'exception', data: { message: 'Unauthorized' } });
	assert.equal(await refused, undefined);
	const cut = socket.ask('whoami', {});
	ws.closed(1006);
	assert.equal(await cut, undefined);
});

test('a socket let go of records nothing more', () => {
	const { socket, seen, ws } = connect('t');
	socket.stop();
	ws.open();
	ws.closed(1000);
	assert.deepEqual(seen, []);
	socket.close();
	assert.equal(ws.closedWith, 1000);
});
