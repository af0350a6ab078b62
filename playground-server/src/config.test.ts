// Settings from the environment: defaults, and a clear error for every bad value. Run with `npm run test:unit`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadConfig } from './config.ts';

test('defaults: the printed URL is the public origin, loopback aliases are allowed, no proxy is trusted', () => {
	const config = loadConfig({});
	assert.equal(config.port, 4321);
	assert.equal(config.publicOrigin, 'http://localhost:4321');
	assert.deepEqual(config.allowedOrigins, ['http://localhost:4321', 'http://127.0.0.1:4321', 'http://[::1]:4321']);
	assert.equal(config.trustProxy, false);
	assert.equal(config.maxConnectionsPerAddress, 64);
	assert.deepEqual(config.timeouts, { headersMs: 10_000, requestMs: 20_000, idleMs: 35_000, keepAliveMs: 5_000 });
});

test('a public host: its origin only, plus the extra ones named', () => {
	const config = loadConfig({ HOST: '0.0.0.0', PORT: '8080', PUBLIC_ORIGIN: 'https://play.example.com/', PLAYGROUND_ORIGINS: 'https://docs.example.com' });
	assert.deepEqual(config.allowedOrigins, ['https://play.example.com', 'https://docs.example.com']);
});

test('behind a proxy: its addresses are trusted and the per-address cap is off', () => {
	const config = loadConfig({ TRUST_PROXY: '127.0.0.1, 10.0.0.0/8' });
	assert.deepEqual(config.trustProxy, ['127.0.0.1', '10.0.0.0/8']);
	assert.equal(config.maxConnectionsPerAddress, 0);
	assert.equal(loadConfig({ TRUST_PROXY: 'true' }).trustProxy, true);
});

test('a bad value stops the server with a message naming the setting', () => {
	const cases: Array<[Record<string, string>, RegExp]> = [
		[{ PORT: '0' }, /PORT must be an integer from 1 to 65535, got "0"/],
		[{ PORT: 'http' }, /PORT must be an integer/],
		[{ TOKENS_PER_MINUTE: '0' }, /TOKENS_PER_MINUTE must be an integer from 1/],
		[{ PUBLIC_ORIGIN: 'playground.example.com' }, /PUBLIC_ORIGIN must be an origin such as/],
		[{ PUBLIC_ORIGIN: 'https://play.example.com/path' }, /PUBLIC_ORIGIN must be an origin \(scheme, host, optional port; no path\)/],
		[{ PLAYGROUND_ORIGINS: 'ftp://files.example.com' }, /PLAYGROUND_ORIGINS must be an origin/],
		[{ TRUST_PROXY: 'my-proxy' }, /TRUST_PROXY must be true or addresses\/CIDRs/],
		[{ TRUST_PROXY: '10.0.0.0/abc' }, /TRUST_PROXY must be/],
		[{ HEADERS_TIMEOUT_MS: '30000' }, /HEADERS_TIMEOUT_MS must not be larger than REQUEST_TIMEOUT_MS/],
	];
	for (const [env, message] of cases) assert.throws(() => loadConfig(env), message, JSON.stringify(env));
});
