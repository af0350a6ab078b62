import type { Socket } from 'socket.io';

// setTimeout fires at once for delays above 2^31 - 1 ms (about 24.8 days), so long-lived
// tokens are waited for in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

// #region expiry
/**
 * A socket outlives the handshake that authenticated it. When the token expires, tell the
 * client why (so it can refresh and reconnect) and disconnect it.
 */
export function disconnectWhenExpired(socket: Socket, expiresAt: number): void {
	let timer: NodeJS.Timeout;
	const wait = () => {
		const left = expiresAt - Date.now();
		if (left > 0) {
			timer = setTimeout(wait, Math.min(left, MAX_TIMER_MS));
			return;
		}
		socket.emit('exception', { status: 'error', message: 'Token expired', code: 'TOKEN_EXPIRED' });
		socket.disconnect(true);
	};
	wait();
	socket.once('disconnect', () => clearTimeout(timer));
}
// #endregion expiry
