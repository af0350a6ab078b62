import { expect, test } from '@playwright/test';
import { request } from 'node:http';
import { io, type ManagerOptions, type SocketOptions } from 'socket.io-client';
import { startApp } from '../../examples/io-adapter/demo/app-process.mjs';
import { freshJwtSettings } from '../../examples/io-adapter/demo/behavior.mjs';
import { tokenFor } from '../../examples/io-adapter/demo/tokens.mjs';
import { behaviorMatrix } from './behavior-matrix.ts';
import { exampleDir } from './example-dir.ts';

behaviorMatrix('io-adapter');

// The allowRequest variant, started once for the tests below.
test.describe('the allowRequest variant', () => {
	const jwt = freshJwtSettings();
	let app: Awaited<ReturnType<typeof startApp>>;

	test.beforeAll(async () => {
		app = await startApp({
			dir: exampleDir('io-adapter'),
			env: { JWT_SECRET: jwt.secret, JWT_ISSUER: jwt.issuer, JWT_AUDIENCE: jwt.audience, AUTH_HOOK: 'allowRequest' },
		});
	});
	test.afterAll(async () => app?.stop());

	/** What socket.io-client saw: `connected`, or `connect_error:<message>`. */
	const outcome = (options: Partial<ManagerOptions & SocketOptions>) =>
		new Promise<string>((resolve) => {
			const socket = io(app.url, { ...options, reconnection: false, forceNew: true });
			const settle = (seen: string) => {
				socket.close();
				resolve(seen);
			};
			socket.once('connect', () => settle('connected'));
			socket.once('connect_error', (error) => settle(`connect_error:${error.message}`));
		});

	test('allowRequest does see HTTP headers: a token sent as an Authorization header gets through', async () => {
		expect(await outcome({ extraHeaders: { authorization: `Bearer ${tokenFor('valid', jwt)}` } })).toBe('connected');
		expect(await outcome({ extraHeaders: { authorization: `Bearer ${tokenFor('bad-signature', jwt)}` } })).toBe('connect_error:xhr poll error');
	});

	// engine.io answers a refused long-polling request with HTTP 403 (abortRequest), and a refused
	// WebSocket upgrade with HTTP 400 (abortUpgrade writes "400 Bad Request" whatever the reason).
	// The pages say both; the clients take either for a network error.
	test('allowRequest refusing: HTTP 403 for a long-polling client, HTTP 400 for a WebSocket-only one', async () => {
		expect(await status(`${app.url}/socket.io/?EIO=4&transport=polling`)).toBe(403);
		expect(
			await status(`${app.url}/socket.io/?EIO=4&transport=websocket`, {
				connection: 'Upgrade',
				upgrade: 'websocket',
				'sec-websocket-version': '13',
				'sec-websocket-key': Buffer.from('0123456789abcdef').toString('base64'),
			}),
		).toBe(400);
		// What socket.io-client makes of each: a transport error, not a refusal it can read.
		expect(await outcome({ transports: ['polling', 'websocket'] })).toBe('connect_error:xhr poll error');
		expect(await outcome({ transports: ['websocket'] })).toBe('connect_error:websocket error');
	});
});

/** The HTTP status engine.io answers a request with (101 for an accepted upgrade). */
function status(url: string, headers: Record<string, string> = {}): Promise<number> {
	return new Promise((resolve, reject) => {
		const req = request(url, { headers }, (res) => {
			res.resume();
			resolve(res.statusCode ?? 0);
		});
		req.on('upgrade', (_res, socket) => {
			socket.destroy();
			resolve(101);
		});
		req.on('error', reject);
		req.end();
	});
}

test('an unknown AUTH_HOOK stops the app with a message that lists the valid ones', async () => {
	const start = startApp({ dir: exampleDir('io-adapter'), env: { AUTH_HOOK: 'handshake' } });
	await expect(start).rejects.toThrow(/AUTH_HOOK must be create, createIOServer or allowRequest, got "handshake"/);
});
