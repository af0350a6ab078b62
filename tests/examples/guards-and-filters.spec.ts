// What the "Guards, filters and acknowledgements" and "Passport in a gateway" guides say beyond
// guard-only's behavior.json, whose variants (GLOBAL_GUARD, GLOBAL_FILTER, ACK_FILTER, PASSPORT)
// the matrix in guard-only.spec.ts plays already. The outcome vocabulary keeps only an exception's message and no HTTP at all, so
// these check the rest on the running example: that the global guards and the global filter do
// work for HTTP (the gateways are not spared because the enhancers are missing), the TypeError
// behind "Internal server error", the whole exception payload, the ack filter's fallback, and
// the Passport strategy's other extractor.
import { expect, test } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import { withExampleApp, type ExampleApp, type Jwt } from './example-app.ts';
import { exampleDir } from './example-dir.ts';

const dir = exampleDir('guard-only');
const { startApp } = await import(`${dir}/demo/app-process.mjs`);
const { tokenFor } = await import(`${dir}/demo/tokens.mjs`);

const withApp = (env: Record<string, string>, run: (app: ExampleApp, jwt: Jwt) => Promise<void>) => withExampleApp('guard-only', env, run);

/** A connected client without a token (the gateway lets it in: guards never run on connection). */
async function connect(url: string): Promise<Socket> {
	const socket = io(url, { reconnection: false, forceNew: true });
	await new Promise<void>((resolve, reject) => {
		socket.once('connect', resolve);
		socket.once('connect_error', reject);
	});
	return socket;
}

const nextException = (socket: Socket) => new Promise<unknown>((resolve) => socket.once('exception', resolve));

// BaseWsExceptionFilter's payload for `throw new WsException('Unauthorized')` on "whoami" with {}.
const NEST_DEFAULT_PAYLOAD = { status: 'error', message: 'Unauthorized', cause: { pattern: 'whoami', data: {} } };

for (const guard of ['http-only', 'checks-type']) {
	test(`GLOBAL_GUARD=${guard}: the global guard protects HTTP routes`, async () => {
		await withApp({ GLOBAL_GUARD: guard, EXPOSE_STATS: '1' }, async (app, jwt) => {
			const stats = (authorization?: string) =>
				fetch(`${app.url}/stats`, { headers: authorization ? { authorization } : {} }).then((response) => response.status);
			expect(await stats()).toBe(401);
			expect(await stats(`Bearer ${tokenFor('expired', jwt)}`)).toBe(401);
			expect(await stats(`Bearer ${tokenFor('valid', jwt)}`)).toBe(200);
		});
	});
}

test("GLOBAL_GUARD=http-only: the client's \"Internal server error\" is the guard's TypeError on the socket", async () => {
	await withApp({ GLOBAL_GUARD: 'http-only' }, async (app) => {
		const socket = await connect(app.url);
		try {
			const exception = nextException(socket);
			socket.emit('whoami', {});
			expect(await exception).toEqual({ status: 'error', message: 'Internal server error', cause: { pattern: 'whoami', data: {} } });
			await expect.poll(() => app.output()).toContain("TypeError: Cannot read properties of undefined (reading 'authorization')");
		} finally {
			socket.close();
		}
	});
});

test('GLOBAL_FILTER=1: the global filter shapes HTTP errors, and gateway clients still get Nest’s default payload', async () => {
	await withApp({ GLOBAL_FILTER: '1' }, async (app) => {
		// Without EXPOSE_STATS, GET /stats throws NotFoundException: the filter answers it.
		const response = await fetch(`${app.url}/stats`);
		expect(response.status).toBe(404);
		expect(await response.json()).toEqual({ error: { status: 404, message: 'Not Found' } });

		const socket = await connect(app.url);
		try {
			const exception = nextException(socket);
			socket.emit('whoami', {});
			expect(await exception).toEqual(NEST_DEFAULT_PAYLOAD);
		} finally {
			socket.close();
		}
	});
});

test('ACK_FILTER=1: without an acknowledgement to answer, the filter emits Nest’s default exception', async () => {
	await withApp({ ACK_FILTER: '1' }, async (app) => {
		const socket = await connect(app.url);
		try {
			const exception = nextException(socket);
			socket.emit('whoami', {}); // no callback: the client asks for no acknowledgement
			expect(await exception).toEqual(NEST_DEFAULT_PAYLOAD);

			// With a callback, the error comes back in the acknowledgement and no exception is emitted.
			let emitted = false;
			socket.once('exception', () => (emitted = true));
			expect(await socket.timeout(1000).emitWithAck('whoami', {})).toEqual({ error: 'Unauthorized' });
			await new Promise((resolve) => setTimeout(resolve, 200));
			expect(emitted).toBe(false);
		} finally {
			socket.close();
		}
	});
});

test('an unknown GLOBAL_GUARD stops the app at start-up', async () => {
	await expect(startApp({ dir, env: { GLOBAL_GUARD: 'typo' }, timeoutMs: 10_000 })).rejects.toThrow(/GLOBAL_GUARD must be one of http-only, checks-type/);
});

test('PASSPORT=1: the strategy also finds a token sent as "Authorization: Bearer" in the handshake headers', async () => {
	await withApp({ PASSPORT: '1' }, async (app, jwt) => {
		const headerClient = async (token: string) => {
			// extraHeaders: Node's client sends them on the handshake request; nothing in `auth`.
			const socket = io(app.url, { reconnection: false, forceNew: true, extraHeaders: { authorization: `Bearer ${token}` } });
			await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));
			return socket;
		};
		const alice = await headerClient(tokenFor('valid', jwt));
		const forged = await headerClient(tokenFor('bad-signature', jwt));
		try {
			expect(await alice.timeout(2000).emitWithAck('whoami', {})).toEqual({ id: 'alice', name: 'Alice', roles: ['member'] });
			const refused = nextException(forged);
			forged.emit('whoami', {});
			expect(await refused).toEqual(NEST_DEFAULT_PAYLOAD);
		} finally {
			alice.close();
			forged.close();
		}
	});
});

test('ACK_FILTER and PASSPORT together stop the app at start-up: each replaces the chat gateway', async () => {
	await expect(startApp({ dir, env: { ACK_FILTER: '1', PASSPORT: '1' }, timeoutMs: 10_000 })).rejects.toThrow(/ACK_FILTER, PASSPORT each replace the chat gateway/);
});
