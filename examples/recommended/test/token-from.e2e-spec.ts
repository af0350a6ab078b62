import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { io, type Socket } from 'socket.io-client';
import { AppModule } from '../src/app.module.js';
import { WsAuthIoAdapter } from '../src/ws-auth/ws-auth-io.adapter.js';
import { tokenFromAuthorizationHeader } from '../src/ws-auth/handshake-token.js';
import { UserLookup, type AuthUser } from '../src/ws-auth/user-lookup.js';

// An app whose clients already send `Authorization: Bearer <token>`: the adapter reads it there.
process.env.JWT_SECRET = randomBytes(32).toString('hex');
process.env.JWT_ISSUER = 'e2e-tests';
process.env.JWT_AUDIENCE = 'e2e-tests';
process.env.ALLOWED_ORIGINS = '';

const users: UserLookup = {
	findById: async (id): Promise<AuthUser | undefined> => (id === 'alice' ? { id, roles: ['member'] } : undefined),
};

const sockets: Socket[] = [];
afterEach(() => sockets.splice(0).forEach((socket) => socket.close()));

describe('tokenFrom: tokenFromAuthorizationHeader (e2e)', () => {
	let app: INestApplication;
	let url: string;
	let token: string;

	beforeEach(async () => {
		const moduleFixture = await Test.createTestingModule({ imports: [AppModule] }).overrideProvider(UserLookup).useValue(users).compile();
		app = moduleFixture.createNestApplication();
		app.useWebSocketAdapter(new WsAuthIoAdapter(app, { tokenFrom: tokenFromAuthorizationHeader }));
		await app.listen(0, '127.0.0.1');
		url = await app.getUrl();
		token = await aliceToken(new TextEncoder().encode(process.env.JWT_SECRET));
	});
	afterEach(() => app.close());

	for (const transports of [['polling', 'websocket'], ['websocket']]) {
		it(`lets a Node client in with the token in the header (${transports.join(' then ')})`, async () => {
			const socket = await connected(connect(url, transports, { authorization: `Bearer ${token}` }));
			assert.deepEqual(await socket.emitWithAck('whoami'), { id: 'alice', roles: ['member'] });
		});
	}

	it('refuses a client whose token is only in the auth payload, or whose header is not a Bearer token', async () => {
		for (const [auth, headers] of [
			[{ token }, {}],
			[{}, { authorization: `Basic ${token}` }],
			[{}, { authorization: 'Bearer' }],
		] as const) {
			const socket = connect(url, ['websocket'], headers, auth);
			const error = await refusal(socket);
			assert.deepEqual(error.data, { code: 'TOKEN_MISSING' }, JSON.stringify(headers));
		}
	});

	it('checks a token from the header like any other: a forged one is refused', async () => {
		// Signed with another secret: editing the signature's last characters is not enough, as the
		// final base64url character carries unused bits and the edit can leave the bytes unchanged.
		const forged = await aliceToken(randomBytes(32));
		const error = await refusal(connect(url, ['websocket'], { authorization: `Bearer ${forged}` }));
		assert.deepEqual(error.data, { code: 'TOKEN_INVALID' });
	});
});

function aliceToken(secret: Uint8Array): Promise<string> {
	return new SignJWT({ sub: 'alice' })
		.setProtectedHeader({ alg: 'HS256' })
		.setIssuer(process.env.JWT_ISSUER!)
		.setAudience(process.env.JWT_AUDIENCE!)
		.setExpirationTime('60s')
		.sign(secret);
}

function connect(url: string, transports: string[], extraHeaders: Record<string, string>, auth: Record<string, string> = {}): Socket {
	const socket = io(url, { auth, extraHeaders, transports, reconnection: false, forceNew: true });
	sockets.push(socket);
	return socket;
}

function connected(socket: Socket): Promise<Socket> {
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', reject);
	});
}

function refusal(socket: Socket): Promise<Error & { data?: unknown }> {
	return new Promise((resolve, reject) => {
		socket.once('connect', () => reject(new Error('connected, but a refusal was expected')));
		socket.once('connect_error', resolve);
	});
}
