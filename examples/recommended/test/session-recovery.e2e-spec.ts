import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Server, type Namespace, type Socket as ServerSocket } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { WsAuthError } from '../src/ws-auth/ws-auth.service.js';
import { assertPacketWriter, checkRestoredSession, holdBackMissedPackets, sendHeldBack } from '../src/ws-auth/session-recovery.js';
import { recordUser } from '../src/ws-auth/user-sockets.js';

// session-recovery.ts against socket.io itself, without Nest: a plain server whose middleware
// takes the token to be the user id. What socket.io does without the file: recovery-order.e2e-spec.ts.

type Packet = { type: number; nsp: string; data?: unknown };
const EVENT = 2;

const servers: Server[] = [];
const clients: Socket[] = [];
afterEach(async () => {
	clients.splice(0).forEach((client) => client.close());
	await Promise.all(servers.splice(0).map((server) => server.close()));
});

/** A server with recovery on, the middlewares run on restored sessions, and session-recovery.ts applied. */
async function startServer(): Promise<{ url: string; namespace: Namespace }> {
	const http = createServer();
	const server = new Server(http, { connectionStateRecovery: { maxDisconnectionDuration: 60_000, skipMiddlewares: false } });
	servers.push(server);
	const namespace = server.of('/');
	holdBackMissedPackets(namespace);
	namespace.use((socket, next) => {
		const user = typeof socket.handshake.auth.token === 'string' ? { id: socket.handshake.auth.token, roles: [] } : undefined;
		if (!user) return next(Object.assign(new Error('Unauthorized'), { data: { code: 'TOKEN_MISSING' } }));
		try {
			checkRestoredSession(socket, user);
		} catch (error) {
			return next(Object.assign(new Error('Unauthorized'), { data: { code: error instanceof WsAuthError ? error.code : 'INTERNAL' } }));
		}
		recordUser(socket, { user, expiresAt: Date.now() + 60_000 });
		next();
	});
	namespace.on('connection', (socket: ServerSocket) => {
		sendHeldBack(socket);
		socket.join('chat');
		socket.on('say', (text: string) => namespace.to('chat').emit('said', text));
	});
	await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
	return { url: `http://127.0.0.1:${(http.address() as AddressInfo).port}`, namespace };
}

/** A client and every packet that reached it, in order, from the Manager (the wire, decoded). */
function connect(url: string, auth: Record<string, unknown>): { client: Socket; packets: Packet[]; settled: Promise<void> } {
	const client = io(url, { auth, forceNew: true, reconnection: false, transports: ['websocket'] });
	clients.push(client);
	const packets: Packet[] = [];
	client.io.on('packet', (packet: Packet) => packets.push(packet));
	const settled = new Promise<void>((resolve) => client.once('connect', () => resolve()).once('connect_error', () => resolve()));
	return { client, packets, settled };
}

/**
 * Alice connects, receives "before", her transport drops, and Bob says "while away": resolves
 * with the pid and offset a replay sends.
 */
async function dropAliceSession(url: string): Promise<{ pid: string; offset: string }> {
	const alice = connect(url, { token: 'alice' });
	const bob = connect(url, { token: 'bob' });
	await Promise.all([alice.settled, bob.settled]);
	bob.client.emit('say', 'before');
	await until(() => alice.packets.some((packet) => packet.type === EVENT));
	const pid = (alice.packets.find((packet) => packet.type === 0)?.data as { pid: string }).pid;
	const offset = (alice.packets.findLast((packet) => packet.type === EVENT)?.data as string[]).at(-1) as string;
	alice.client.io.engine.close();
	await sleep(100); // the server sees the transport close and keeps the session
	bob.client.emit('say', 'while away');
	await sleep(100);
	return { pid, offset };
}

/**
 * The pid of the session a client got, from its CONNECT packet: a restored session keeps its
 * old pid. (socket.io-client's own `recovered` only knows pids it was given by a server.)
 */
const restoredPid = (packets: Packet[]) => (packets.find((packet) => packet.type === 0)?.data as { pid?: string } | undefined)?.pid;

async function until(condition: () => boolean, ms = 2000): Promise<void> {
	for (const deadline = Date.now() + ms; !condition(); await sleep(10)) {
		if (Date.now() > deadline) throw new Error('timed out');
	}
}

describe('connectionStateRecovery with a middleware (socket.io 4.8)', () => {
	it('refuses a replay without a token with nothing on the wire before the refusal', async () => {
		const { url } = await startServer();
		const session = await dropAliceSession(url);
		const replay = connect(url, { ...session });
		await replay.settled;
		await sleep(50);
		assert.deepEqual(replay.packets, [{ type: 4, nsp: '/', data: { message: 'Unauthorized', data: { code: 'TOKEN_MISSING' } } }]);
	});

	it("refuses another user's valid token on the session (SESSION_MISMATCH)", async () => {
		const { url } = await startServer();
		const session = await dropAliceSession(url);
		const replay = connect(url, { ...session, token: 'bob' });
		await replay.settled;
		await sleep(50);
		assert.deepEqual(replay.packets, [{ type: 4, nsp: '/', data: { message: 'Unauthorized', data: { code: 'SESSION_MISMATCH' } } }]);
	});

	it('gives the same user the session back, with the missed packets after CONNECT and their offsets, so it can recover again', async () => {
		const { url } = await startServer();
		const session = await dropAliceSession(url);
		const back = connect(url, { ...session, token: 'alice' });
		await back.settled;
		await until(() => back.packets.some((packet) => packet.type === EVENT));
		assert.equal(restoredPid(back.packets), session.pid);
		assert.deepEqual(back.packets.map((packet) => packet.type), [0, EVENT]);
		const [event, text, offset] = back.packets[1]?.data as string[];
		assert.deepEqual([event, text], ['said', 'while away']);
		assert.notEqual(offset, session.offset);
		// A second drop and recovery from the offset it received: the session still works.
		back.client.io.engine.close();
		await sleep(100);
		const again = connect(url, { pid: session.pid, offset, token: 'alice' });
		await again.settled;
		assert.equal(restoredPid(again.packets), session.pid);
	});

	it('refuses, as an internal error, a session restored by an adapter that was replaced after holdBackMissedPackets()', async () => {
		const { url, namespace } = await startServer();
		const session = await dropAliceSession(url);
		// What server.adapter(...) does to every namespace: a new adapter, without the wrapper. The
		// session is moved over by hand, as a shared store (Redis) would still have it.
		const { sessions, packets } = namespace.adapter as unknown as { sessions: Map<string, unknown>; packets: unknown[] };
		namespace._initAdapter();
		Object.assign(namespace.adapter, { sessions, packets });
		const replay = connect(url, { ...session, token: 'alice' });
		await replay.settled;
		assert.deepEqual(replay.packets.at(-1), { type: 4, nsp: '/', data: { message: 'Unauthorized', data: { code: 'INTERNAL' } } });
	});

	it('treats a malformed pid and offset as no session at all', async () => {
		const { url } = await startServer();
		await dropAliceSession(url);
		const replay = connect(url, { pid: 'x'.repeat(4096), offset: '-1', token: 'alice' });
		await replay.settled;
		assert.equal(replay.client.connected, true);
		assert.notEqual(restoredPid(replay.packets), undefined);
		assert.notEqual(restoredPid(replay.packets), 'x'.repeat(4096));
	});

	it('finds the method it sends missed packets with on this socket.io version', () => {
		assert.doesNotThrow(assertPacketWriter);
	});
});
