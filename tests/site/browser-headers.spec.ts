// Whether a browser's socket.io client sends `extraHeaders` with its handshake: the fact behind
// tokenFromAuthorizationHeader's comment (examples/recommended/src/ws-auth/handshake-token.ts) and
// the Header row of "Where the token travels". engine.io-client sets them on long-polling
// requests; in a browser its WebSocket transport cannot (the WebSocket API takes no headers).
//
// A plain socket.io server serves a page with socket.io-client's browser bundle; its middleware
// refuses a handshake without the header, so the page sees `connect` or `connect_error`.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';

// The package's exports do not list its browser bundle: read it beside the installed package.
const BUNDLE = readFileSync(new URL('../../node_modules/socket.io-client/dist/socket.io.min.js', import.meta.url));
const PAGE = '<!doctype html><title>headers</title><script src="/socket.io.min.js"></script>';

test('a browser sends extraHeaders with a long-polling handshake, and none with a WebSocket-only one', async ({ page }) => {
	const http = createServer((req, res) => {
		if (req.url === '/socket.io.min.js') res.setHeader('content-type', 'text/javascript').end(BUNDLE);
		else res.setHeader('content-type', 'text/html').end(PAGE);
	});
	const io = new Server(http);
	io.use((socket, next) => next(socket.handshake.headers.authorization === 'Bearer t' ? undefined : new Error('no authorization header')));
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	try {
		await page.goto(`http://127.0.0.1:${(http.address() as AddressInfo).port}/`);
		const outcome = (transports: string[]) =>
			page.evaluate(
				(transports) =>
					new Promise<string>((resolve) => {
						// @ts-expect-error the bundle's global
						const socket = window.io({ transports, extraHeaders: { authorization: 'Bearer t' }, reconnection: false });
						socket.on('connect', () => resolve(`connected over ${socket.io.engine.transport.name}`));
						socket.on('connect_error', (error: Error) => resolve(`connect_error:${error.message}`));
					}),
				transports,
			);
		expect(await outcome(['polling', 'websocket']), 'the default transports: long-polling first').toMatch(/^connected over (polling|websocket)$/);
		expect(await outcome(['websocket']), 'WebSocket only').toBe('connect_error:no authorization header');
	} finally {
		io.close();
	}
});
