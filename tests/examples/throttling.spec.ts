// What the "Rate limits" section of the validation guide says, on the guard-only example's
// THROTTLE variants (README: Settings): @nestjs/throttler's ThrottlerGuard bound globally, as its
// docs show for HTTP, and WsThrottlerGuard on the gateway. Real sockets for two users, and a
// second socket for one of them.
import { expect, test } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import { withExampleApp, type ExampleApp } from './example-app.ts';
import { exampleDir } from './example-dir.ts';

const dir = exampleDir('guard-only');
const { startApp } = await import(`${dir}/demo/app-process.mjs`);
const { tokenFor } = await import(`${dir}/demo/tokens.mjs`);
const { THROTTLE_LIMIT } = await import(`${dir}/dist/variants.js`);

type Clients = { alice: Socket; aliceAgain: Socket; bob: Socket; stranger: Socket };

async function withVariant(throttle: string, play: (clients: Clients, app: ExampleApp) => Promise<void>) {
	await withExampleApp('guard-only', { EXPOSE_STATS: '1', THROTTLE: throttle }, async (app, jwt) => {
		const opened: Socket[] = [];
		const open = async (token: string | undefined) => {
			const socket = io(app.url, { auth: token ? { token } : {}, reconnection: false, forceNew: true });
			opened.push(socket);
			await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
			return socket;
		};
		try {
			await play(
				{ alice: await open(tokenFor('valid', jwt)), aliceAgain: await open(tokenFor('valid', jwt)), bob: await open(tokenFor('admin', jwt)), stranger: await open(undefined) },
				app,
			);
		} finally {
			for (const socket of opened) socket.close();
		}
	});
}

/** "whoami" once: the user's id from the acknowledgement, or the exception's message. */
async function whoami(socket: Socket): Promise<string> {
	const exception = new Promise<string>((resolve) => socket.once('exception', (payload: { message: string }) => resolve(`exception:${payload.message}`)));
	const ack = socket.timeout(1000).emitWithAck('whoami', {}).then((user: { id: string }) => `ack:${user.id}`, () => 'timeout');
	const first = await Promise.race([ack, exception]);
	socket.off('exception');
	return first;
}

async function times(count: number, socket: Socket): Promise<string[]> {
	const seen: string[] = [];
	for (let i = 0; i < count; i++) seen.push(await whoami(socket));
	return seen;
}

test('THROTTLE=global-guard: ThrottlerGuard counts every socket under one tracker, and refuses with "Internal server error"', async () => {
	await withVariant('global-guard', async ({ alice, aliceAgain, bob, stranger }, app) => {
		expect(await times(THROTTLE_LIMIT.limit, alice)).toEqual(Array(THROTTLE_LIMIT.limit).fill('ack:alice'));
		// Alice used up the allowance of everyone: her other socket, Bob, and a client without a token.
		for (const socket of [alice, aliceAgain, bob, stranger]) expect(await whoami(socket)).toBe('exception:Internal server error');
		// The key holds the handler: another event still has its own allowance.
		expect(await bob.timeout(1000).emitWithAck('message', { text: 'hello' })).toEqual({ ok: true });
		// For HTTP it works as documented: per address, with a 429.
		const statuses = [];
		for (let i = 0; i <= THROTTLE_LIMIT.limit; i++) statuses.push((await fetch(`${app.url}/stats`)).status);
		expect(statuses).toEqual([...Array(THROTTLE_LIMIT.limit).fill(200), 429]);
	});
});

test('THROTTLE=ws-guard: WsThrottlerGuard counts per user, across their sockets, and refuses with "Too many requests"', async () => {
	await withVariant('ws-guard', async ({ alice, aliceAgain, bob, stranger }) => {
		expect(await times(THROTTLE_LIMIT.limit, alice)).toEqual(Array(THROTTLE_LIMIT.limit).fill('ack:alice'));
		expect(await whoami(alice)).toBe('exception:Too many requests');
		// Her second connection does not get a second allowance.
		expect(await whoami(aliceAgain)).toBe('exception:Too many requests');
		// Bob has his own.
		expect(await times(THROTTLE_LIMIT.limit, bob)).toEqual(Array(THROTTLE_LIMIT.limit).fill('ack:bob'));
		// WsJwtGuard runs first: a client without a token is refused before it is counted.
		expect(await whoami(stranger)).toBe('exception:Unauthorized');
	});
});

test('an unknown THROTTLE stops the app at start-up, and THROTTLE=ws-guard replaces the chat gateway', async () => {
	await expect(startApp({ dir, env: { THROTTLE: 'typo' }, timeoutMs: 10_000 })).rejects.toThrow(/THROTTLE must be one of global-guard, ws-guard/);
	await expect(startApp({ dir, env: { THROTTLE: 'ws-guard', ACK_FILTER: '1' }, timeoutMs: 10_000 })).rejects.toThrow(/ACK_FILTER, THROTTLE=ws-guard each replace the chat gateway/);
});
