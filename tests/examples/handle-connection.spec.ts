import { expect, test } from '@playwright/test';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server } from 'socket.io';
import { io as ioClient } from 'socket.io-client';
import { behaviorMatrix } from './behavior-matrix.ts';

behaviorMatrix('handle-connection');

// The handleConnection page says a refused socket is kept out of the chat room, not out of
// everything: socket.io adds a socket to its namespace before it emits `connection` (which is
// where Nest calls handleConnection), so a namespace-wide emit reaches it while an asynchronous
// check is still running. Shown here on socket.io itself, the same version the examples run.
test('a namespace-wide emit reaches a socket whose asynchronous connection check is still running', async () => {
	const http = createServer();
	const io = new Server(http);
	let checkEnded = false;
	io.on('connection', async (socket) => {
		io.emit('news', 'to everyone in the namespace'); // as server.emit(...) in a gateway would
		await new Promise((resolve) => setTimeout(resolve, 300)); // the user lookup
		checkEnded = true;
		socket.disconnect(true); // refused
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const client = ioClient(`http://127.0.0.1:${(http.address() as AddressInfo).port}`, { reconnection: false, forceNew: true });
	try {
		const received = await new Promise<{ data: string; checkEnded: boolean }>((resolve) =>
			client.once('news', (data: string) => resolve({ data, checkEnded })),
		);
		expect(received).toEqual({ data: 'to everyone in the namespace', checkEnded: false });
	} finally {
		client.close();
		io.close();
	}
});
