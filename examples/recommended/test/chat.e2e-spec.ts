import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { SignJWT } from 'jose';
import { io, type Socket } from 'socket.io-client';
import { AppModule } from '../src/app.module.js';
import { WsAuthIoAdapter } from '../src/ws-auth/ws-auth-io.adapter.js';
import { UserLookup, type AuthUser } from '../src/ws-auth/user-lookup.js';

// What WsAuthModule and WsAuthIoAdapter read when the app starts (your setup file may set them).
process.env.JWT_SECRET = randomBytes(32).toString('hex');
process.env.JWT_ISSUER = 'e2e-tests';
process.env.JWT_AUDIENCE = 'e2e-tests';
process.env.ALLOWED_ORIGINS = ''; // no browser in these tests

// Your user store, replaced: the test needs no database.
const users: UserLookup = {
	findById: async (id): Promise<AuthUser | undefined> => (id === 'alice' ? { id, roles: ['member'] } : undefined),
};

// A token as your login signs it: HS256 with JWT_SECRET, `iss`, `aud` and `exp`.
function tokenFor(sub: string): Promise<string> {
	return new SignJWT({ sub })
		.setProtectedHeader({ alg: 'HS256' })
		.setIssuer(process.env.JWT_ISSUER!)
		.setAudience(process.env.JWT_AUDIENCE!)
		.setExpirationTime('60s')
		.sign(new TextEncoder().encode(process.env.JWT_SECRET));
}

// Every client a test opens is closed after it.
const sockets: Socket[] = [];
afterEach(() => sockets.splice(0).forEach((socket) => socket.close()));

async function createApp(): Promise<INestApplication> {
	const moduleFixture = await Test.createTestingModule({ imports: [AppModule] })
		.overrideProvider(UserLookup)
		.useValue(users)
		.compile();
	// main.ts is not run: createNestApplication() gives an app with Nest's default IoAdapter.
	return moduleFixture.createNestApplication();
}

describe('Chat gateway authentication (e2e)', () => {
	let app: INestApplication;
	let url: string;

	beforeEach(async () => {
		app = await createApp();
		// As main.ts does. Without this line, a client with no token connects (see the PITFALL block).
		app.useWebSocketAdapter(new WsAuthIoAdapter(app));
		await app.listen(0, '127.0.0.1');
		url = await app.getUrl();
	});
	afterEach(() => app.close());

	it('refuses a client without a token', async () => {
		const error = await refusal(connect(url, {}));
		assert.equal(error.message, 'Unauthorized');
		assert.deepEqual(error.data, { code: 'TOKEN_MISSING' });
	});

	it('lets a client with a valid token in, as the user the token names', async () => {
		const token = await tokenFor('alice');
		const socket = await connected(connect(url, { token }));
		assert.deepEqual(await socket.timeout(2000).emitWithAck('whoami', {}), { id: 'alice', roles: ['member'] });
	});
});

// The pitfall (nestjs/nest#1368): an e2e test that builds the app without main.ts's
// useWebSocketAdapter() line tests gateways that nothing protects. This block shows it happening;
// the tests above fail if their setup forgets the line.
describe('PITFALL: the same app without useWebSocketAdapter()', () => {
	let app: INestApplication;
	let url: string;

	beforeEach(async () => {
		app = await createApp();
		await app.listen(0, '127.0.0.1');
		url = await app.getUrl();
	});
	afterEach(() => app.close());

	it('lets a client without a token connect', async () => {
		const socket = await connected(connect(url, {}));
		assert.equal(socket.connected, true);
	});
});

function connect(url: string, auth: { token?: string }): Socket {
	const socket = io(url, { auth, transports: ['websocket'], reconnection: false, forceNew: true });
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
