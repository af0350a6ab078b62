// What the namespaces guide says about gateways on a socket.io server of their own, on the
// recommended example's SECOND_SERVER variants (README: Settings): SecondServerGateway on another
// path of the same HTTP server, which WsAuthIoAdapter authenticates like the main one, and an
// admin's `revoke`, which reaches the second server only when it is asked to.
import { expect, test } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import { withExampleApp, type ExampleApp, type Jwt } from './example-app.ts';
import { exampleDir } from './example-dir.ts';

const dir = exampleDir('recommended');
const { startApp } = await import(`${dir}/demo/app-process.mjs`);
const { tokenFor } = await import(`${dir}/demo/tokens.mjs`);
const { SECOND_SERVER_PATH } = await import(`${dir}/dist/admin/second-server.gateway.js`);

const withVariant = (secondServer: string, play: (app: ExampleApp, jwt: Jwt) => Promise<void>) => withExampleApp('recommended', { SECOND_SERVER: secondServer }, play);

const sockets: Socket[] = [];
test.afterEach(() => {
	for (const socket of sockets.splice(0)) socket.close();
});

/** Connects with `token` (none when undefined) on `path`; resolves with the socket, or the connect_error's message and code. */
async function connect(url: string, token: string | undefined, path?: string): Promise<Socket | string> {
	const socket = io(url, { auth: token ? { token } : {}, path, reconnection: false, forceNew: true });
	sockets.push(socket);
	return new Promise((resolve) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', (error: Error & { data?: { code?: string } }) => resolve(`${error.message}:${error.data?.code}`));
	});
}

async function connected(url: string, token: string, path?: string): Promise<Socket> {
	const socket = await connect(url, token, path);
	if (typeof socket === 'string') throw new Error(`refused: ${socket}`);
	return socket;
}

/** What happens to a socket of Alice's: `exception:<code>` then `disconnect:<reason>`, as they come. */
function watch(socket: Socket): string[] {
	const seen: string[] = [];
	socket.on('exception', (payload: { code?: string }) => seen.push(`exception:${payload.code}`));
	socket.on('disconnect', (reason) => seen.push(`disconnect:${reason}`));
	return seen;
}

for (const variant of ['separate', 'revoke-everywhere']) {
	test(`SECOND_SERVER=${variant}: WsAuthIoAdapter authenticates the second server too`, async () => {
		await withVariant(variant, async (app, jwt) => {
			expect(await connect(app.url, undefined, SECOND_SERVER_PATH)).toBe('Unauthorized:TOKEN_MISSING');
			expect(await connect(app.url, tokenFor('expired', jwt), SECOND_SERVER_PATH)).toBe('Unauthorized:TOKEN_EXPIRED');
			const alice = await connected(app.url, tokenFor('valid', jwt), SECOND_SERVER_PATH);
			expect(await alice.timeout(1000).emitWithAck('whoami', {})).toEqual({ id: 'alice', name: 'Alice', roles: ['member'] });
		});
	});
}

test('SECOND_SERVER=separate: revoke on the main server leaves Alice connected on the second', async () => {
	await withVariant('separate', async (app, jwt) => {
		const onMain = await connected(app.url, tokenFor('valid', jwt));
		const onSecond = await connected(app.url, tokenFor('valid', jwt), SECOND_SERVER_PATH);
		const [main, second] = [watch(onMain), watch(onSecond)];
		const bob = await connected(app.url, tokenFor('admin', jwt));
		expect(await bob.timeout(3000).emitWithAck('revoke', { userId: 'alice' })).toEqual({ revoked: 1 });
		await expect.poll(() => main).toEqual(['exception:REVOKED', 'disconnect:io server disconnect']);
		expect(second).toEqual([]);
		expect(onSecond.connected).toBe(true);
		expect(await onSecond.timeout(1000).emitWithAck('whoami', {})).toEqual({ id: 'alice', name: 'Alice', roles: ['member'] });
	});
});

test('SECOND_SERVER=revoke-everywhere: revoke ends Alice’s sessions on both servers', async () => {
	await withVariant('revoke-everywhere', async (app, jwt) => {
		const onMain = await connected(app.url, tokenFor('valid', jwt));
		const onSecond = await connected(app.url, tokenFor('valid', jwt), SECOND_SERVER_PATH);
		const [main, second] = [watch(onMain), watch(onSecond)];
		const bob = await connected(app.url, tokenFor('admin', jwt));
		expect(await bob.timeout(3000).emitWithAck('revoke', { userId: 'alice' })).toEqual([{ revoked: 1 }, { revoked: 1 }]);
		for (const seen of [main, second]) await expect.poll(() => seen).toEqual(['exception:REVOKED', 'disconnect:io server disconnect']);
	});
});

test('an unknown SECOND_SERVER stops the app at start-up', async () => {
	await expect(startApp({ dir, env: { SECOND_SERVER: 'typo' }, timeoutMs: 10_000 })).rejects.toThrow(/SECOND_SERVER must be separate or revoke-everywhere/);
});
