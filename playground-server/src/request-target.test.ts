// The one reading of a request target. Run with `npm run test:unit`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canonicalUrl, refusal } from './request-target.ts';

test('a /live/ query keeps each name once, with its last value: what engine.io reads', () => {
	assert.equal(canonicalUrl('/live/a/socket.io/?EIO=4&transport=polling&sid=x&sid='), '/live/a/socket.io/?EIO=4&transport=polling&sid=');
	assert.equal(canonicalUrl('/live/a/socket.io/?sid=&sid=abc'), '/live/a/socket.io/?sid=abc');
	// Encoded names are names: %73id is sid.
	assert.equal(canonicalUrl('/live/a/socket.io/?sid=abc&%73id='), '/live/a/socket.io/?sid=');
});

test('the absolute form is read as its path and query, and a /live/ query in it is made canonical', () => {
	assert.equal(canonicalUrl('http://host/live/a/socket.io/?EIO=4&sid=x&sid='), '/live/a/socket.io/?EIO=4&sid=');
	assert.equal(canonicalUrl('HTTPS://host:8443/api/health?x=1&x=2'), '/api/health?x=1&x=2');
	assert.equal(canonicalUrl('http://host?x=1'), '/?x=1');
	assert.equal(canonicalUrl('http://host'), '/');
});

test('other URLs, and /live/ URLs without a query, are left as they are', () => {
	assert.equal(canonicalUrl('/live/a/socket.io/'), '/live/a/socket.io/');
	assert.equal(canonicalUrl('/api/health?x=1&x=2'), '/api/health?x=1&x=2');
	assert.equal(canonicalUrl('*'), '*');
	assert.equal(canonicalUrl('host:443'), 'host:443');
});

test('targets that are neither a path nor an http(s) URL, or that have a fragment, are refused', () => {
	assert.match(refusal('*') ?? '', /must be a path/);
	assert.match(refusal('example.com:443') ?? '', /must be a path/);
	assert.match(refusal('ftp://host/live/a/socket.io/') ?? '', /must be a path/);
	assert.match(refusal('/live/a/socket.io/#?sid=') ?? '', /fragment/);
	assert.equal(refusal('/live/a/socket.io/?EIO=4&transport=polling'), null);
	assert.match(refusal('http://host/live/a/socket.io/?sid=1#x') ?? '', /fragment/);
	assert.equal(refusal('http://host/live/a/socket.io/?sid=1'), null);
});
