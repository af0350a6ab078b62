import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';

// The socket.io behaviour src/ws-auth/session-recovery.ts works around, on its own: when this test
// fails, socket.io has changed the order, and that file should be looked at again. The guide
// shows the region below as the reproduction for an upstream report.

// #region upstream
it('socket.io sends a restored session its missed packets before the middlewares run', async () => {
	const http = createServer();
	const server = new Server(http, { connectionStateRecovery: { skipMiddlewares: false } });
	after(() => server.close());
	// Only "alice" gets in.
	server.use((socket, next) => next(socket.handshake.auth.token === 'alice' ? undefined : new Error('Unauthorized')));
	server.on('connection', (socket) => socket.join('chat'));
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;

	// Alice connects and receives a message, which gives her client an offset.
	const alice = io(url, { auth: { token: 'alice' }, reconnection: false });
	await new Promise<void>((resolve) => alice.once('connect', () => resolve()));
	const received = new Promise((resolve) => alice.once('news', resolve));
	server.to('chat').emit('news', 'before the drop');
	await received;
	// Her transport drops; the server keeps her session and a message is sent to her room.
	const { _pid: pid, _lastOffset: offset } = alice as unknown as { _pid: string; _lastOffset: string };
	alice.io.engine.close();
	await sleep(100);
	server.to('chat').emit('news', 'while Alice was away');

	// Another client sends her pid and offset, with no token: every packet it receives, decoded.
	const replay = io(url, { auth: { pid, offset }, reconnection: false, forceNew: true });
	const packets: Array<{ type: number; data?: unknown }> = [];
	replay.io.on('packet', ({ type, data }) => packets.push({ type, data }));
	await new Promise((resolve) => replay.once('connect_error', resolve));
	replay.close();

	// An EVENT (2) with the missed message, then the middleware's CONNECT_ERROR (4).
	assert.deepEqual(
		packets.map(({ type, data }) => (type === 2 ? [type, (data as unknown[]).slice(0, 2)] : [type])),
		[[2, ['news', 'while Alice was away']], [4]],
	);
});
// #endregion upstream
