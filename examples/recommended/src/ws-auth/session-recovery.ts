import { Socket, type Namespace } from 'socket.io';
import { WsAuthError } from './ws-auth.service.js';
import type { AuthUser } from './user-lookup.js';
import { recordOf } from './user-sockets.js';

/*
 * Connection state recovery and authentication (socket.io 4.8; the order is in
 * Namespace._add and the Socket constructor).
 *
 * A client that reconnects with the `pid` and `offset` of a dropped session gets that session
 * back: its socket id, its rooms, its `socket.data`, and every packet sent to those rooms while
 * it was away. socket.io writes those missed packets to the wire while it creates the socket,
 * *before* any middleware runs, `skipMiddlewares: false` or not. So whoever holds a `pid`
 * receives the session's traffic with any token or none, and a valid token of another user takes
 * the session over (its rooms, `user:<id>` included).
 *
 * Two changes close that, through public socket.io APIs except where sendHeldBack() says:
 * - the namespace's adapter restores the session without its missed packets, and keeps them on
 *   the restored `socket.data`, where nothing sends them;
 * - the middleware refuses a restored session that belonged to another user, and the adapter
 *   sends the held-back packets once the socket is connected, after every middleware.
 */

/** Where a restored session's missed packets wait; a symbol, so nothing that reads `socket.data` sees them. */
const HELD_BACK = Symbol('missed packets, held back until the socket is authenticated');

type SessionData = Record<PropertyKey, unknown> & { [HELD_BACK]?: unknown[][] };

/**
 * Makes `namespace`'s adapter restore sessions without sending their missed packets: they are
 * kept on the restored `socket.data` instead. Works with any adapter (in-memory, Redis Streams,
 * ...): it wraps `restoreSession()`, the method socket.io calls on every adapter to restore one.
 */
export function holdBackMissedPackets(namespace: Namespace): void {
	const adapter = namespace.adapter;
	const restoreSession = adapter.restoreSession.bind(adapter);
	adapter.restoreSession = async (pid, offset) => {
		const session = await restoreSession(pid, offset);
		if (!session) return session;
		const data: SessionData = { ...(isRecord(session.data) ? session.data : {}) };
		Object.defineProperty(data, HELD_BACK, { value: session.missedPackets, configurable: true });
		return { ...session, data, missedPackets: [] };
	};
}

/**
 * Called by the middleware once the handshake's token is valid for `user`. A socket that socket.io
 * restored from a dropped session must belong to that same user: otherwise another user's token
 * would take over the session's id and rooms. Throws `WsAuthError('SESSION_MISMATCH')`.
 *
 * Also refuses (as an internal error, logged) a restored socket whose packets were not held
 * back: its adapter was replaced after holdBackMissedPackets(), so they already went out.
 */
export function checkRestoredSession(socket: Socket, user: AuthUser): void {
	if (!socket.recovered) return;
	const data = socket.data as SessionData;
	if (!(HELD_BACK in data)) {
		throw new Error(`a session restored on ${socket.nsp.name} without holdBackMissedPackets(): its missed packets went out unchecked`);
	}
	if (recordOf(socket)?.userId !== user.id) {
		throw new WsAuthError('SESSION_MISMATCH', 'the restored session belongs to another user');
	}
}

// socket.io-parser's PacketType.EVENT, the type socket.io itself gives missed packets.
const EVENT = 2;

type PacketWriter = { packet(packet: { type: number; data: unknown[] }): void };

/**
 * Sends a connected socket the missed packets held back for it, as socket.io would have sent
 * them, in order and with their offsets (so the client can recover again later).
 *
 * `Socket#packet` is not public API: it is the method socket.io's own recovery writes missed
 * packets with, and no public one writes to one socket without going through the adapter again
 * (`socket.emit` would store them a second time and, on Redis, wait for Redis). Checked at
 * startup by assertPacketWriter(), and by the `recovery-fresh` scenario.
 */
export function sendHeldBack(socket: Socket): void {
	const data = socket.data as SessionData;
	const packets = data[HELD_BACK];
	if (!packets) return;
	delete data[HELD_BACK];
	for (const packet of packets) (socket as unknown as PacketWriter).packet({ type: EVENT, data: packet });
}

/** Fails at startup, not on the first recovery, if socket.io no longer has the method sendHeldBack() needs. */
export function assertPacketWriter(): void {
	if (typeof (Socket.prototype as unknown as Partial<PacketWriter>).packet !== 'function') {
		throw new Error('This socket.io version has no Socket#packet: missed packets cannot be held back. Turn connectionStateRecovery off.');
	}
}

function isRecord(value: unknown): value is Record<PropertyKey, unknown> {
	return typeof value === 'object' && value !== null;
}
