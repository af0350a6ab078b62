// What an allowRequest refusal is on the wire (the io-adapter example's `allowRequest` variant):
// engine.io answers a refused long-polling request with HTTP 403 (abortRequest), and a refused
// WebSocket upgrade with HTTP 400 (abortUpgrade writes "400 Bad Request" whatever the reason).
// The pages say both; the clients take either for a network error.
import { expect, test } from '@playwright/test';
import { request } from 'node:http';
import { io } from 'socket.io-client';
import { startApp } from '../../examples/io-adapter/demo/app-process.mjs';
import { freshJwtSettings } from '../../examples/io-adapter/demo/behavior.mjs';
import { exampleDir } from './example-dir.ts';

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

test('allowRequest refusing: HTTP 403 for a long-polling client, HTTP 400 for a WebSocket-only one', async () => {
	const jwt = freshJwtSettings();
	const app = await startApp({
		dir: exampleDir('io-adapter'),
		env: { JWT_SECRET: jwt.secret, JWT_ISSUER: jwt.issuer, JWT_AUDIENCE: jwt.audience, AUTH_HOOK: 'allowRequest' },
	});
	try {
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
		const outcome = (transports: string[]) =>
			new Promise<string>((resolve) => {
				const socket = io(app.url, { transports, reconnection: false, forceNew: true });
				socket.once('connect', () => (socket.close(), resolve('connected')));
				socket.once('connect_error', (error) => (socket.close(), resolve(`connect_error:${error.message}`)));
			});
		expect(await outcome(['polling', 'websocket'])).toBe('connect_error:xhr poll error');
		expect(await outcome(['websocket'])).toBe('connect_error:websocket error');
	} finally {
		await app.stop();
	}
});
