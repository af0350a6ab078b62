// What the playground's log says of a plain WebSocket's outcomes, and what a page sees of the
// documented ones. Run with `npm run test:unit` (node --test).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserOutcomes, logText, outcome } from './log-text.ts';

test('a refused upgrade is, to a page, an error without a reason, then close code 1006; the rest as documented', () => {
	assert.deepEqual(browserOutcomes(['http:401 TOKEN_MISSING']), ['error:', 'close:1006']);
	assert.deepEqual(browserOutcomes(['http:403 ORIGIN_NOT_ALLOWED']), ['error:', 'close:1006']);
	const open = ['open', 'reply:{"id":"alice"}', 'close:4401 TOKEN_EXPIRED'];
	assert.deepEqual(browserOutcomes(open), open);
	assert.deepEqual(browserOutcomes(['open', 'exception:Unauthorized']), ['open', 'exception:Unauthorized']);
});

test("a plain WebSocket's outcomes in words, coloured by whether the client should be in", () => {
	assert.deepEqual(logText(outcome.open(), { authenticated: false }), { text: 'open: the server accepted the WebSocket (101 Switching Protocols)', tone: 'bad' });
	assert.equal(logText(outcome.open()).tone, 'good');
	assert.deepEqual(logText(outcome.error(''), { authenticated: false }), { text: 'error: the WebSocket failed, and a page is not told why', tone: 'good' });
	assert.equal(logText(outcome.close(1006, '')).text, 'close: code 1006, no close frame (refused before it opened, or cut off)');
	assert.equal(logText(outcome.close(4401, 'TOKEN_EXPIRED')).text, 'close: code 4401, “TOKEN_EXPIRED”');
	assert.equal(logText(outcome.close(1000, '')).text, 'close: code 1000, no reason given');
	assert.deepEqual(logText(outcome.reply({ ok: true }), { authenticated: false }), { text: 'reply: {"ok":true}', tone: 'bad' });
	assert.deepEqual(logText(outcome.frame('hello')), { text: 'frame: hello', tone: 'neutral' });
	assert.equal(logText(outcome.message({ from: 'Alice', text: 'hi' }), { authenticated: false }).tone, 'leak');
});
