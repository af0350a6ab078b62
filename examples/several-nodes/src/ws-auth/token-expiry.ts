import type { Socket } from 'socket.io';

// setTimeout fires at once for delays above 2^31 - 1 ms (about 24.8 days), so long-lived
// tokens are waited for in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

// One pending timer per connected socket; a WeakMap, so a socket that is gone takes its entry along.
const timers = new WeakMap<Socket, NodeJS.Timeout>();

// #region expiry
/**
 * A socket outlives the handshake that authenticated it. When the token expires, tell the
 * client why (so it can refresh and reconnect) and disconnect it.
 */
export function disconnectWhenExpired(socket: Socket, expiresAt: number): void {
	waitUntil(socket, expiresAt);
	socket.once('disconnect', () => {
		clearTimeout(timers.get(socket));
		timers.delete(socket);
	});
}

function waitUntil(socket: Socket, expiresAt: number): void {
	clearTimeout(timers.get(socket));
	const left = expiresAt - Date.now();
	if (left > 0) {
		timers.set(socket, setTimeout(() => waitUntil(socket, expiresAt), Math.min(left, MAX_TIMER_MS)));
		return;
	}
	timers.delete(socket);
	// Not socket.emit(): with connectionStateRecovery on, that goes through the adapter, and a
	// cluster adapter (Redis) delivers it only after a round trip to Redis, by which time the
	// disconnect below has closed the socket. The socket is on this node: write to it now.
	socket.nsp.local.to(socket.id).emit('exception', { status: 'error', message: 'Token expired', code: 'TOKEN_EXPIRED' });
	socket.disconnect(true);
}
// #endregion expiry

// #region move
/**
 * Moves a connected socket's deadline to `expiresAt` (the exp of the token it now holds), later
 * or earlier. Returns false, and does nothing, for a socket that is no longer connected or has
 * no deadline: that socket is gone, or going, and must not get a timer nothing would clear.
 */
export function moveExpiry(socket: Socket, expiresAt: number): boolean {
	if (!socket.connected || !timers.has(socket)) return false;
	waitUntil(socket, expiresAt);
	return true;
}
// #endregion move
