import { expect, test } from '@playwright/test';
import { createHmac } from 'node:crypto';
import { io, Manager, type Socket } from 'socket.io-client';
import { startApp } from '../../examples/recommended/demo/app-process.mjs';
import { freshJwtSettings } from '../../examples/recommended/demo/behavior.mjs';
import { signJwt, tokenFor } from '../../examples/recommended/demo/tokens.mjs';
import { connectChat, reauthenticate } from '../../examples/recommended/client/chat-client.mjs';
import { behaviorMatrix } from './behavior-matrix.ts';
import { exampleDir } from './example-dir.ts';

/** A token kind that is a JWT (not `no-token` or `non-string`), as the string it is. */
function jwtFor(kind: string, settings: Parameters<typeof tokenFor>[1]): string {
	const token = tokenFor(kind, settings);
	if (typeof token !== 'string') throw new Error(`token kind ${kind} is not a JWT`);
	return token;
}

behaviorMatrix('recommended');

const ALLOWED_ORIGIN = 'https://chat.example';

test.describe('recommended, beyond the scenario matrix', () => {
	const jwt = freshJwtSettings();
	let app: Awaited<ReturnType<typeof startApp>>;

	test.beforeAll(async () => {
		app = await startApp({
			dir: exampleDir('recommended'),
			env: {
				JWT_SECRET: jwt.secret,
				JWT_ISSUER: jwt.issuer,
				JWT_AUDIENCE: jwt.audience,
				ALLOWED_ORIGINS: ALLOWED_ORIGIN,
				EXPOSE_STATS: '1',
			},
		});
	});
	test.afterAll(async () => app?.stop());

	const claims = (extra: object = {}) => {
		const iat = Math.floor(Date.now() / 1000);
		return { sub: 'alice', iss: jwt.issuer, aud: jwt.audience, iat, exp: iat + 600, ...extra };
	};

	test('refuses tampered, HS512, exp-less and foreign-issuer or -audience tokens (jsonwebtoken alone lets the last three through)', async () => {
		const valid = jwtFor('valid', jwt);
		const [header, , signature] = valid.split('.');
		const asBob = Buffer.from(JSON.stringify(claims({ sub: 'bob' }))).toString('base64url');
		const hs512Header = Buffer.from(JSON.stringify({ alg: 'HS512', typ: 'JWT' })).toString('base64url');
		const hs512Body = Buffer.from(JSON.stringify(claims())).toString('base64url');
		const hs512 = `${hs512Header}.${hs512Body}.${createHmac('sha512', jwt.secret).update(`${hs512Header}.${hs512Body}`).digest('base64url')}`;
		const { exp: _exp, ...withoutExp } = claims();
		const cases: Record<string, string> = {
			'tampered payload (alice → bob, old signature)': `${header}.${asBob}.${signature}`,
			'HS512 with the right secret': hs512,
			'no exp claim': signJwt(withoutExp, jwt.secret),
			'wrong issuer': signJwt(claims({ iss: 'someone-else' }), jwt.secret),
			'wrong audience': signJwt(claims({ aud: 'another-api' }), jwt.secret),
		};
		for (const [name, token] of Object.entries(cases)) {
			const error = await refusal(io(app.url, { auth: { token }, reconnection: false, forceNew: true }));
			expect(error, name).toEqual({ message: 'Unauthorized', data: { code: 'TOKEN_INVALID' } });
		}
	});

	test('an admin-only event is refused to a member with a readable exception, and served to an admin', async () => {
		const room = `roles-${Date.now()}`;
		const alice = await connected(io(app.url, { auth: { token: tokenFor('valid', jwt), room }, forceNew: true }));
		const bob = await connected(io(app.url, { auth: { token: tokenFor('admin', jwt), room }, forceNew: true }));
		try {
			const exception = new Promise((resolve) => alice.once('exception', resolve));
			alice.emit('announce', { text: 'from a member' });
			expect(await exception).toMatchObject({ status: 'error', message: 'Forbidden', code: 'FORBIDDEN' });

			const broadcast = new Promise((resolve) => alice.once('message', resolve));
			expect(await bob.timeout(2000).emitWithAck('announce', { text: 'maintenance at noon' })).toEqual({ ok: true });
			expect(await broadcast).toEqual({ from: 'Announcement', text: 'maintenance at noon' });
		} finally {
			alice.close();
			bob.close();
		}
	});

	test('a browser on another origin is refused at the handshake; an allowed origin gets in', async () => {
		const token = tokenFor('valid', jwt);
		const foreign = io(app.url, { auth: { token }, extraHeaders: { origin: 'https://evil.example' }, reconnection: false, forceNew: true });
		expect((await refusal(foreign)).message).toBe('xhr poll error');
		const allowed = await connected(io(app.url, { auth: { token }, extraHeaders: { origin: ALLOWED_ORIGIN }, forceNew: true }));
		allowed.close();
	});

	test('1,000 bad connection attempts in a row neither crash it nor leave a socket open', async () => {
		const kinds = ['no-token', 'malformed', 'bad-signature', 'expired', 'alg-none', 'unknown-user', 'non-string', 'oversized'];
		const refusedWith = new Map<string, number>();
		for (let batch = 0; batch < 20; batch++) {
			const errors = await Promise.all(
				Array.from({ length: 50 }, (_, i) => {
					const token = tokenFor(kinds[(batch * 50 + i) % kinds.length], jwt);
					return refusal(io(app.url, { auth: { token }, reconnection: false, forceNew: true }));
				}),
			);
			for (const error of errors) refusedWith.set(error.message, (refusedWith.get(error.message) ?? 0) + 1);
		}
		expect(Object.fromEntries(refusedWith)).toEqual({ Unauthorized: 1000 });
		expect(app.child.exitCode).toBeNull();
		await expect
			.poll(async () => (await fetch(`${app.url}/stats`).then((response) => response.json())).engineClients)
			.toBe(0);
		const stats = await fetch(`${app.url}/stats`).then((response) => response.json());
		expect(stats.sockets).toEqual({ '/': 0, '/admin': 0 });
		expect(stats.handshakes).toBeGreaterThanOrEqual(1000);
		const alice = await connected(io(app.url, { auth: { token: tokenFor('valid', jwt) }, forceNew: true }));
		alice.close();
	});

	test('a client that leaves during the check leaves no expiry timer behind', async () => {
		// A user store slow enough for the clients to leave while their check runs.
		const slow = await startApp({
			dir: exampleDir('recommended'),
			env: { JWT_SECRET: jwt.secret, JWT_ISSUER: jwt.issuer, JWT_AUDIENCE: jwt.audience, EXPOSE_STATS: '1', USER_LOOKUP_MS: '500' },
		});
		try {
			const timers = async (): Promise<number> => (await fetch(`${slow.url}/stats`).then((response) => response.json())).timers;
			const before = await timers();
			const leavers = 20;
			await Promise.all(
				Array.from({ length: leavers }, async () => {
					const socket = io(slow.url, { auth: { token: tokenFor('valid', jwt) }, transports: ['websocket'], reconnection: false, forceNew: true });
					await new Promise((resolve) => setTimeout(resolve, 150)); // CONNECT sent, the lookup still running
					expect(socket.connected).toBe(false);
					socket.close();
				}),
			);
			await new Promise((resolve) => setTimeout(resolve, 1000)); // every check has ended
			// Each token is valid for 10 minutes: a timer started in the middleware would still be pending.
			expect(await timers()).toBeLessThan(before + leavers / 2);
		} finally {
			await slow.stop();
		}
	});

	test('never writes a token to its log', async () => {
		const tokens = ['valid', 'bad-signature', 'expired', 'unknown-user'].map((kind) => jwtFor(kind, jwt));
		for (const token of tokens) {
			const socket = io(app.url, { auth: { token }, reconnection: false, forceNew: true });
			await new Promise<void>((resolve) => {
				socket.once('connect', () => resolve());
				socket.once('connect_error', () => resolve());
			});
			socket.close();
		}
		// The same tokens handed over in place, to a connected socket.
		const connectedSocket = await connected(io(app.url, { auth: { token: tokenFor('valid', jwt) }, forceNew: true }));
		for (const token of tokens) await connectedSocket.timeout(2000).emitWithAck('reauthenticate', { token });
		connectedSocket.close();
		const log = app.output();
		expect(log).toContain('refused /');
		expect(log).toContain('reauthentication refused on /');
		for (const token of tokens) {
			// Any of the three parts would let someone replay or study the token.
			for (const part of token.split('.')) expect(log).not.toContain(part);
		}
	});

	test('the client snippet refreshes its token and reconnects after TOKEN_EXPIRED', async () => {
		let current = jwtFor('expired', jwt);
		let refreshes = 0;
		const socket = connectChat(app.url, {
			getToken: async () => current,
			refreshToken: async () => {
				refreshes++;
				// The first refresh yields a token that expires 1 to 2 s after it is issued.
				current = jwtFor(refreshes === 1 ? 'expiring' : 'valid', jwt);
			},
		});
		try {
			// Refused with TOKEN_EXPIRED at the handshake → refresh → connected.
			await connected(socket);
			expect(refreshes).toBe(1);
			const firstId = socket.id;
			// Disconnected with TOKEN_EXPIRED while connected → refresh → connected again.
			const disconnect = new Promise((resolve) => socket.once('disconnect', resolve));
			expect(await disconnect).toBe('io server disconnect');
			await expect.poll(() => socket.connected, { timeout: 5000 }).toBe(true);
			expect(refreshes).toBe(2);
			// A new socket, authenticated by a new handshake (refreshing in place keeps the old one).
			expect(socket.id).not.toBe(firstId);
			expect(await socket.timeout(2000).emitWithAck('whoami', {})).toMatchObject({ id: 'alice' });
		} finally {
			socket.close();
		}
	});

	test('reauthenticating in place before exp keeps the same socket connected past the old exp, in every namespace', async () => {
		// Alice's first token expires 1 to 2 s after it is issued; she hands over a 10-minute one at once.
		const auth = { token: jwtFor('expiring', jwt) };
		const chat = await connected(io(app.url, { auth, forceNew: true }));
		const admin = await connected(chat.io.socket('/admin', { auth }));
		const seen: string[] = [];
		for (const [name, socket] of Object.entries({ '/': chat, '/admin': admin })) {
			socket.on('exception', (payload) => seen.push(`${name} exception:${payload?.code}`));
			socket.on('disconnect', (reason) => seen.push(`${name} disconnect:${reason}`));
		}
		try {
			const ids = [chat.id, admin.id];
			const fresh = jwtFor('valid', jwt);
			for (const socket of [chat, admin]) {
				const expiresAt = await reauthenticate(socket, fresh);
				expect(expiresAt).toBeGreaterThan(Date.now() + 9 * 60_000);
			}
			await new Promise((resolve) => setTimeout(resolve, 3000)); // past the first token's exp
			expect(seen).toEqual([]);
			expect([chat.connected, admin.connected]).toEqual([true, true]);
			expect([chat.id, admin.id]).toEqual(ids); // no reconnection happened
			expect(await chat.timeout(2000).emitWithAck('whoami', {})).toMatchObject({ id: 'alice' });
			expect(await admin.timeout(2000).emitWithAck('whoami', {})).toMatchObject({ id: 'alice' });
		} finally {
			chat.close();
			admin.close();
		}
	});

	test('a refused reauthentication answers with a code and leaves the session, and its deadline, as they were', async () => {
		const socket = await connected(io(app.url, { auth: { token: jwtFor('expiring', jwt) }, forceNew: true }));
		try {
			const refused = (token: unknown) => socket.timeout(2000).emitWithAck('reauthenticate', { token });
			expect(await refused(jwtFor('expired', jwt))).toEqual({ ok: false, code: 'TOKEN_EXPIRED' });
			expect(await refused(jwtFor('admin', jwt))).toEqual({ ok: false, code: 'USER_MISMATCH' }); // Bob's token
			expect(await refused(jwtFor('bad-signature', jwt))).toEqual({ ok: false, code: 'TOKEN_INVALID' });
			expect(await refused(jwtFor('alg-none', jwt))).toEqual({ ok: false, code: 'TOKEN_INVALID' });
			expect(await refused(undefined)).toEqual({ ok: false, code: 'TOKEN_MISSING' });
			// The client helper rejects with the code.
			await expect(reauthenticate(socket, jwtFor('unknown-user', jwt))).rejects.toMatchObject({ code: 'USER_UNKNOWN' });
			expect(await socket.timeout(2000).emitWithAck('whoami', {})).toMatchObject({ id: 'alice' });
			// The first token's deadline still holds: told why, then disconnected.
			const exception = new Promise((resolve) => socket.once('exception', resolve));
			const disconnect = new Promise((resolve) => socket.once('disconnect', resolve));
			expect(await exception).toMatchObject({ code: 'TOKEN_EXPIRED' });
			expect(await disconnect).toBe('io server disconnect');
		} finally {
			socket.close();
		}
	});

	test("an admin's revoke closes every socket of that user, in every namespace, and no one else's", async () => {
		const alice = { auth: { token: tokenFor('valid', jwt) }, reconnection: false };
		// Two connections: one carrying "/" and "/admin" (socket.io multiplexes them), one with "/" only.
		const manager = new Manager(app.url, { reconnection: false });
		const aliceSockets = await Promise.all([
			connected(manager.socket('/', alice)),
			connected(manager.socket('/admin', alice)),
			connected(io(app.url, { ...alice, forceNew: true })),
		]);
		const bob = await connected(io(app.url, { auth: { token: tokenFor('admin', jwt) }, reconnection: false, forceNew: true }));
		const seen = aliceSockets.map(watch);
		const bobSeen = watch(bob);
		try {
			// A member may not revoke.
			const forbidden = new Promise((resolve) => aliceSockets[0]!.once('exception', resolve));
			aliceSockets[0]!.emit('revoke', { userId: 'bob' });
			expect(await forbidden).toMatchObject({ code: 'FORBIDDEN' });
			seen[0]!.length = 0;

			expect(await bob.timeout(2000).emitWithAck('revoke', { userId: 'alice' })).toEqual({ revoked: 3 });
			for (const [i, outcomes] of seen.entries()) {
				await expect.poll(() => outcomes, { message: `Alice's socket ${i}` }).toEqual(['exception:REVOKED', 'disconnect:io server disconnect']);
			}
			expect(bob.connected).toBe(true);
			expect(bobSeen).toEqual([]);
			// Nobody left to revoke; a malformed id is refused.
			expect(await bob.timeout(2000).emitWithAck('revoke', { userId: 'alice' })).toEqual({ revoked: 0 });
			const refused = new Promise((resolve) => bob.once('exception', resolve));
			bob.emit('revoke', { userId: { $ne: null } });
			expect(await refused).toMatchObject({ message: 'userId must be a user id' });
			// Closing sockets does not ban: with a token that is still valid she connects again.
			const again = await connected(io(app.url, { ...alice, forceNew: true }));
			again.close();
		} finally {
			for (const socket of [...aliceSockets, bob]) socket.close();
		}
	});
});

/** What a socket sees from now on: exceptions and its disconnect reason. */
function watch(socket: Socket): string[] {
	const seen: string[] = [];
	socket.on('exception', (payload: { code?: string }) => seen.push(`exception:${payload.code}`));
	socket.on('disconnect', (reason) => seen.push(`disconnect:${reason}`));
	return seen;
}

function connected(socket: Socket): Promise<Socket> {
	return new Promise((resolve, reject) => {
		if (socket.connected) return resolve(socket);
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', (error) => {
			// The snippet under test reconnects by itself after TOKEN_EXPIRED.
			if ((error as { data?: { code?: string } }).data?.code !== 'TOKEN_EXPIRED') reject(error);
		});
	});
}

function refusal(socket: Socket): Promise<{ message: string; data?: unknown }> {
	return new Promise((resolve, reject) => {
		socket.once('connect', () => {
			socket.close();
			reject(new Error('connected, but a refusal was expected'));
		});
		socket.once('connect_error', (error) => {
			socket.close();
			resolve({ message: error.message, ...((error as { data?: unknown }).data === undefined ? {} : { data: (error as { data?: unknown }).data }) });
		});
	});
}

// The settings every example reads (examples/README.md, Settings): a bad value stops the app at
// start-up with a message that names it. Shown on this example; the files are shared.
test('a bad PORT or USER_LOOKUP_MS stops the app with a message that names it', async () => {
	const jwt = freshJwtSettings();
	const env = { JWT_SECRET: jwt.secret, JWT_ISSUER: jwt.issuer, JWT_AUDIENCE: jwt.audience };
	await expect(startApp({ dir: exampleDir('recommended'), env: { ...env, USER_LOOKUP_MS: 'soon' } })).rejects.toThrow(
		/USER_LOOKUP_MS must be a non-negative integer, got "soon"/,
	);
	await expect(startApp({ dir: exampleDir('recommended'), env: { ...env, PORT: '-1' } })).rejects.toThrow(/PORT must be a non-negative integer, got "-1"/);
});
