// The plain WebSocket relay's pure parts. Run with `npm run test:unit`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { offeredProtocols, passClose } from './ws-relay.ts';

test('the example is offered every subprotocol the visitor offered, in its order: bearer and the token', () => {
	assert.deepEqual(offeredProtocols({ 'sec-websocket-protocol': 'bearer, eyJh.eyJz.sig' }), ['bearer', 'eyJh.eyJz.sig']);
	assert.deepEqual(offeredProtocols({ 'sec-websocket-protocol': 'bearer,token,chat' }), ['bearer', 'token', 'chat']);
	assert.deepEqual(offeredProtocols({}), []);
});

test('a close reaches the other side as it came; none as none; a cut connection as a cut', () => {
	const seen: string[] = [];
	const side = { close: (...args: unknown[]) => void seen.push(`close ${args.map(String).join(' ')}`.trim()), terminate: () => void seen.push('terminate') };
	passClose(side, 4401, Buffer.from('TOKEN_EXPIRED'));
	passClose(side, 1000, Buffer.alloc(0));
	passClose(side, 1005, Buffer.alloc(0));
	passClose(side, 1006, Buffer.alloc(0));
	assert.deepEqual(seen, ['close 4401 TOKEN_EXPIRED', 'close 1000', 'close', 'terminate']);
});
