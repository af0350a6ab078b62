import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createConnection, type Socket } from 'node:net';
import { after, before, describe, it, mock } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { createRemoteJWKSet, decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { DEFAULT_TTL_SECONDS, startOidcProvider, type OidcProvider } from './oidc-provider.ts';

/** Resolves with the error a TCP connection to `port` on 127.0.0.1 fails with, or null if something accepts it. */
function connectError(port: number): Promise<NodeJS.ErrnoException | null> {
	return new Promise((resolve) => {
		const socket = createConnection({ host: '127.0.0.1', port });
		socket.once('connect', () => {
			socket.destroy();
			resolve(null);
		});
		socket.once('error', resolve);
	});
}

// First in the file: oidc-provider writes each of its notices once per process, so a later test would not see them.
it('starts, gives a token and stops without a word on the console, and stop() leaves nothing listening', { timeout: 10_000 }, async () => {
	const calls = (['log', 'info', 'warn', 'error', 'debug'] as const).map((method) => mock.method(console, method).mock);
	let provider: OidcProvider | undefined;
	let halfSent: Socket | undefined;
	try {
		provider = await startOidcProvider();
		await provider.tokenFor('alice');
		// A request still coming in (a client that hangs, or a test stopped halfway): server.close() alone waits for it.
		halfSent = createConnection({ host: '127.0.0.1', port: Number(new URL(provider.issuer).port) });
		halfSent.on('error', () => {}); // A reset is one way of being closed.
		await once(halfSent, 'connect');
		halfSent.write('GET /jwks HTTP/1.1\r\nHost: 127.0.0.1\r\n');
		await sleep(50);
	} finally {
		mock.restoreAll();
		// Resolves only once every connection is closed: without closing them, it would wait until the test's timeout.
		await provider?.stop();
	}
	if (!halfSent.closed) await once(halfSent, 'close');
	assert.equal((await connectError(Number(new URL(provider.issuer).port)))?.code, 'ECONNREFUSED');
	await assert.rejects(provider.tokenFor('alice'), TypeError, 'fetch failed: nothing answers any more');
	assert.deepEqual(
		calls.map((call) => call.calls.map((c) => c.arguments.join(' '))),
		[[], [], [], [], []],
	);
});

describe('startOidcProvider', () => {
	let provider: OidcProvider;
	let jwks: ReturnType<typeof createRemoteJWKSet>;
	before(async () => {
		provider = await startOidcProvider();
		jwks = createRemoteJWKSet(new URL(provider.jwksUrl));
	});
	after(() => provider.stop());

	const verify = (token: string, audience = provider.audience) =>
		jwtVerify(token, jwks, { algorithms: ['RS256'], issuer: provider.issuer, audience });

	it('runs on loopback, with its JWKS URL from its discovery document', () => {
		assert.match(provider.issuer, /^http:\/\/127\.0\.0\.1:\d+$/);
		assert.equal(provider.jwksUrl, `${provider.issuer}/jwks`);
		assert.equal(provider.audience, 'urn:chat');
	});

	it("gives alice an RS256 JWT access token that verifies against the provider's JWKS", async () => {
		const token = await provider.tokenFor('alice');
		const { payload, protectedHeader } = await verify(token);
		assert.equal(payload.sub, 'alice');
		assert.equal(payload.iss, provider.issuer);
		assert.equal(payload.aud, 'urn:chat');
		assert.equal(protectedHeader.alg, 'RS256');
		assert.ok(protectedHeader.kid, 'the token names its key');
		assert.equal(payload.exp! - payload.iat!, DEFAULT_TTL_SECONDS);
	});

	it('gives each user a token of their own', async () => {
		const [alice, bob] = await Promise.all([provider.tokenFor('alice'), provider.tokenFor('bob')]);
		assert.equal((await verify(alice)).payload.sub, 'alice');
		assert.equal((await verify(bob)).payload.sub, 'bob');
		assert.notEqual(alice, bob);
	});

	it('gives a token of the lifetime asked for, refused as expired once it is over', async () => {
		const [short, long] = await Promise.all([
			provider.tokenFor('alice', { ttlSeconds: 1 }),
			provider.tokenFor('alice', { ttlSeconds: 120 }),
		]);
		const payload = decodeJwt(short);
		assert.equal(payload.exp! - payload.iat!, 1);
		assert.equal(decodeJwt(long).exp! - decodeJwt(long).iat!, 120);
		await sleep(2_100);
		await assert.rejects(verify(short), errors.JWTExpired);
		assert.equal((await verify(long)).payload.sub, 'alice');
	});

	it('gives a token that does not verify for another audience', async () => {
		const token = await provider.tokenFor('alice');
		await assert.rejects(verify(token, 'urn:other'), (error: unknown) => {
			assert.ok(error instanceof errors.JWTClaimValidationFailed);
			assert.equal(error.claim, 'aud');
			return true;
		});
	});

	it('gives a token that does not verify against the keys of another provider', async () => {
		const other = await startOidcProvider();
		try {
			const token = await other.tokenFor('alice');
			assert.notEqual(decodeProtectedHeader(token).kid, decodeProtectedHeader(await provider.tokenFor('alice')).kid);
			await assert.rejects(jwtVerify(token, jwks, { algorithms: ['RS256'], audience: provider.audience }), errors.JWKSNoMatchingKey);
		} finally {
			await other.stop();
		}
	});

	it('names the step of the flow that failed', async () => {
		// The login page refuses an empty login.
		await assert.rejects(provider.tokenFor(''), /OIDC provider: the login as "" answered HTTP 400: .*needs a login/);
		await assert.rejects(provider.tokenFor('alice', { ttlSeconds: 0 }), RangeError);
	});
});

it('issues tokens for the audience it is started with', async () => {
	const provider = await startOidcProvider({ audience: 'urn:orders' });
	try {
		const token = await provider.tokenFor('carol');
		const jwks = createRemoteJWKSet(new URL(provider.jwksUrl));
		const { payload } = await jwtVerify(token, jwks, { algorithms: ['RS256'], issuer: provider.issuer, audience: 'urn:orders' });
		assert.equal(payload.sub, 'carol');
	} finally {
		await provider.stop();
	}
});
