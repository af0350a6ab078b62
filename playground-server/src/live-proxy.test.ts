// The query a /live/ URL is rate-limited and proxied with. Run with `npm run test:unit`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalLiveUrl } from './live-proxy.ts';

test('each query name once, with its last value: what engine.io reads', () => {
	assert.equal(canonicalLiveUrl('/live/a/socket.io/?EIO=4&transport=polling&sid=x&sid='), '/live/a/socket.io/?EIO=4&transport=polling&sid=');
	assert.equal(canonicalLiveUrl('/live/a/socket.io/?sid=&sid=abc'), '/live/a/socket.io/?sid=abc');
	// Encoded names are names: %73id is sid.
	assert.equal(canonicalLiveUrl('/live/a/socket.io/?sid=abc&%73id='), '/live/a/socket.io/?sid=');
});

test('other URLs, and /live/ URLs without a query, are left as they are', () => {
	assert.equal(canonicalLiveUrl('/live/a/socket.io/'), '/live/a/socket.io/');
	assert.equal(canonicalLiveUrl('/api/health?x=1&x=2'), '/api/health?x=1&x=2');
});
