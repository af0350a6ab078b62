import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, type CryptoKey, type JWTPayload } from 'jose';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, before, describe, it } from 'node:test';
import { io, type Socket } from 'socket.io-client';
import { AppModule } from '../src/app.module.js';
import { UserLookup, type AuthUser } from '../src/ws-auth/user-lookup.js';
import { wsAuthConfigFromEnv, type UserId } from '../src/ws-auth/ws-auth.config.js';
import { WsAuthIoAdapter } from '../src/ws-auth/ws-auth-io.adapter.js';
import { WsAuthService } from '../src/ws-auth/ws-auth.service.js';

// "Connect your login": the same app checks tokens signed with a shared secret, a key pair or an
// identity provider's key set, names the user with any claim of either type, and checks `iss` and
// `aud` only when told to. Each test starts the app with its own settings, as your environment
// would set them.

const SETTINGS = ['JWT_SECRET', 'JWT_PUBLIC_KEY', 'JWT_JWKS_URL', 'JWT_ALGORITHM', 'JWT_ISSUER', 'JWT_AUDIENCE', 'JWT_USER_ID_CLAIM', 'JWT_USER_ID_TYPE'];

/** The ids the lookup was asked for, with their types: the user store sees the claim as the token carries it. */
const asked: UserId[] = [];
const users: UserLookup = {
	findById: async (id): Promise<AuthUser | undefined> => {
		asked.push(id);
		return id === 'alice' || id === 1 ? { id, roles: [] } : undefined;
	},
};

let app: INestApplication | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
	sockets.splice(0).forEach((socket) => socket.close());
	await app?.close();
	app = undefined;
	asked.length = 0;
});

/** Starts the app with exactly these settings (ALLOWED_ORIGINS aside); resolves with its URL. */
async function start(settings: Record<string, string>): Promise<string> {
	for (const name of SETTINGS) delete process.env[name];
	Object.assign(process.env, { ALLOWED_ORIGINS: '' }, settings);
	const moduleFixture = await Test.createTestingModule({ imports: [AppModule] }).overrideProvider(UserLookup).useValue(users).compile();
	app = moduleFixture.createNestApplication({ logger: false });
	app.useWebSocketAdapter(new WsAuthIoAdapter(app));
	await app.listen(0, '127.0.0.1');
	return app.getUrl();
}

function sign(claims: JWTPayload, key: CryptoKey | Uint8Array, header: { alg: string; kid?: string }, expires = '60s'): Promise<string> {
	return new SignJWT(claims).setProtectedHeader(header).setExpirationTime(expires).sign(key);
}

/** What a socket.io client sees: `connected`, or the refusal's `data.code`. */
function outcome(url: string, token: string): Promise<string> {
	const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
	sockets.push(socket);
	return new Promise((resolve) => {
		socket.once('connect', () => resolve('connected'));
		socket.once('connect_error', (error: Error & { data?: { code?: string } }) => resolve(error.data?.code ?? error.message));
	});
}

/** Why WsAuthService refuses `token`: the code and the detail the server logs. */
async function refusalOf(token: string): Promise<{ code: string; detail: string }> {
	try {
		await app!.get(WsAuthService).authenticate(token);
	} catch (error) {
		const { code, detail } = error as { code: string; detail: string };
		return { code, detail };
	}
	throw new Error('accepted, but a refusal was expected');
}

describe('a shared secret (JWT_SECRET)', () => {
	const secret = randomBytes(32).toString('hex');
	const key = new TextEncoder().encode(secret);

	it('accepts a token with no `iss` or `aud` when neither is set, and refuses them once set, naming the claim', async () => {
		const token = await sign({ sub: 'alice' }, key, { alg: 'HS256' });
		assert.equal(await outcome(await start({ JWT_SECRET: secret }), token), 'connected');
		await app!.close();
		await start({ JWT_SECRET: secret, JWT_AUDIENCE: 'chat' });
		assert.deepEqual(await refusalOf(token), { code: 'TOKEN_INVALID', detail: 'missing required "aud" claim' });
	});

	it('a numeric `sub`: refused as a string, naming the mismatch; with JWT_USER_ID_TYPE=number, given to the lookup as a number', async () => {
		const token = await sign({ sub: 1 as unknown as string }, key, { alg: 'HS256' });
		const url = await start({ JWT_SECRET: secret });
		assert.deepEqual(await refusalOf(token), { code: 'TOKEN_INVALID', detail: '"sub" must be a string (JWT_USER_ID_TYPE), got a number' });
		assert.equal(await outcome(url, token), 'TOKEN_INVALID');
		await app!.close();
		assert.equal(await outcome(await start({ JWT_SECRET: secret, JWT_USER_ID_TYPE: 'number' }), token), 'connected');
		assert.deepEqual(asked, [1]);
	});

	it('the user in another claim (JWT_USER_ID_CLAIM=username), as a login that signs { sub: <number>, username } has it', async () => {
		const url = await start({ JWT_SECRET: secret, JWT_USER_ID_CLAIM: 'username' });
		assert.equal(await outcome(url, await sign({ sub: 2 as unknown as string, username: 'alice' }, key, { alg: 'HS256' })), 'connected');
		assert.deepEqual(asked, ['alice']);
		assert.deepEqual(await refusalOf(await sign({ sub: 'alice' }, key, { alg: 'HS256' })), {
			code: 'TOKEN_INVALID',
			detail: 'token has no "username" claim',
		});
		assert.deepEqual(await refusalOf(await sign({ username: 'nobody' }, key, { alg: 'HS256' })), { code: 'USER_UNKNOWN', detail: 'no user with username "nobody"' });
	});

	it('refuses a token without `exp`, and an expired one as TOKEN_EXPIRED', async () => {
		const url = await start({ JWT_SECRET: secret });
		const noExp = await new SignJWT({ sub: 'alice' }).setProtectedHeader({ alg: 'HS256' }).sign(key);
		assert.deepEqual(await refusalOf(noExp), { code: 'TOKEN_INVALID', detail: 'missing required "exp" claim' });
		assert.equal(await outcome(url, await sign({ sub: 'alice' }, key, { alg: 'HS256' }, '-10s')), 'TOKEN_EXPIRED');
	});
});

describe('a key pair (JWT_PUBLIC_KEY)', () => {
	for (const alg of ['RS256', 'ES256']) {
		it(`${alg}: accepts the login's tokens, refuses another key's and the public key used as an HMAC secret`, async () => {
			const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
			const pem = await exportSPKI(publicKey);
			const url = await start({ JWT_PUBLIC_KEY: pem, ...(alg === 'RS256' ? {} : { JWT_ALGORITHM: alg }), JWT_ISSUER: 'https://login.example', JWT_AUDIENCE: 'chat' });
			const claims = { sub: 'alice', iss: 'https://login.example', aud: 'chat' };
			assert.equal(await outcome(url, await sign(claims, privateKey, { alg })), 'connected');
			const other = await generateKeyPair(alg);
			assert.equal(await outcome(url, await sign(claims, other.privateKey, { alg })), 'TOKEN_INVALID');
			// The classic confusion: a server that let the token choose HS256 would check it with the public key as the secret.
			const confused = await sign(claims, new TextEncoder().encode(pem), { alg: 'HS256' });
			assert.deepEqual(await refusalOf(confused), { code: 'TOKEN_INVALID', detail: '"alg" (Algorithm) Header Parameter value not allowed' });
			assert.deepEqual(await refusalOf(await sign({ ...claims, iss: 'https://elsewhere.example' }, privateKey, { alg })), {
				code: 'TOKEN_INVALID',
				detail: 'unexpected "iss" claim value',
			});
		});
	}
});

describe("an identity provider's key set (JWT_JWKS_URL)", () => {
	let keys: Awaited<ReturnType<typeof generateKeyPair>>;
	let jwks: Server;
	let jwksUrl: string;
	let fetches = 0;

	before(async () => {
		keys = await generateKeyPair('RS256', { extractable: true });
		const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
		jwks = createServer((_req, res) => {
			fetches++;
			res.setHeader('content-type', 'application/json').end(JSON.stringify({ keys: [jwk] }));
		});
		await new Promise<void>((resolve) => jwks.listen(0, '127.0.0.1', resolve));
		jwksUrl = `http://127.0.0.1:${(jwks.address() as AddressInfo).port}/.well-known/jwks.json`;
	});

	it('accepts its tokens (one fetch of the key set for many), refuses another audience', async () => {
		const url = await start({ JWT_JWKS_URL: jwksUrl, JWT_ISSUER: 'https://idp.example/', JWT_AUDIENCE: 'chat' });
		const claims = { sub: 'alice', iss: 'https://idp.example/', aud: 'chat' };
		fetches = 0;
		for (let i = 0; i < 3; i++) assert.equal(await outcome(url, await sign(claims, keys.privateKey, { alg: 'RS256', kid: 'key-1' })), 'connected');
		assert.equal(fetches, 1);
		assert.deepEqual(await refusalOf(await sign({ ...claims, aud: 'another-app' }, keys.privateKey, { alg: 'RS256', kid: 'key-1' })), {
			code: 'TOKEN_INVALID',
			detail: 'unexpected "aud" claim value',
		});
	});

	it('answers INTERNAL, not TOKEN_INVALID, while the key set cannot be fetched: the token may be fine', async () => {
		const url = await start({ JWT_JWKS_URL: jwksUrl, JWT_ISSUER: 'https://idp.example/' });
		await new Promise((resolve) => {
			jwks.close(resolve);
			jwks.closeAllConnections();
		});
		const token = await sign({ sub: 'alice', iss: 'https://idp.example/' }, keys.privateKey, { alg: 'RS256', kid: 'key-1' });
		assert.equal(await outcome(url, token), 'INTERNAL');
	});
});

describe('settings that cannot work stop the app, naming the setting', () => {
	const cases: Array<[string, Record<string, string>, RegExp]> = [
		['none of the three', {}, /JWT_SECRET is not set:/],
		['two of them', { JWT_SECRET: 'x', JWT_JWKS_URL: 'https://idp.example/jwks' }, /JWT_SECRET and JWT_JWKS_URL are both set/],
		['a key set without an issuer', { JWT_JWKS_URL: 'https://idp.example/jwks' }, /JWT_ISSUER is not set:/],
		['a key set over plain http', { JWT_JWKS_URL: 'http://idp.example/jwks', JWT_ISSUER: 'x' }, /JWT_JWKS_URL must be an https URL/],
		['an HMAC algorithm with a public key', { JWT_PUBLIC_KEY: 'x', JWT_ALGORITHM: 'HS256' }, /JWT_ALGORITHM must be one of RS256/],
		['a public key that is not one', { JWT_PUBLIC_KEY: 'not a key' }, /JWT_PUBLIC_KEY is not a RS256 public key/],
		['an unknown id type', { JWT_SECRET: 'x', JWT_USER_ID_TYPE: 'uuid' }, /JWT_USER_ID_TYPE must be string or number/],
	];
	for (const [what, env, message] of cases) {
		it(what, async () => {
			await assert.rejects(wsAuthConfigFromEnv(env), message);
		});
	}
});
