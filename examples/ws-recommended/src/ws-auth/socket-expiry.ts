import type { WebSocket } from 'ws';
import { WS_CLOSE } from './ws-close-codes.js';

// setTimeout fires at once for delays above 2^31 - 1 ms (about 24.8 days), so long-lived
// tokens are waited for in steps.
const MAX_TIMER_MS = 2 ** 31 - 1;

// #region expiry
/**
 * A socket outlives the upgrade that authenticated it. When its token expires, close it with
 * WS_CLOSE.TOKEN_EXPIRED, which the client reads from the close event to refresh and reconnect.
 */
export function closeWhenExpired(socket: WebSocket, expiresAt: number): void {
	let timer: NodeJS.Timeout;
	const wait = () => {
		const left = expiresAt - Date.now();
		if (left > 0) timer = setTimeout(wait, Math.min(left, MAX_TIMER_MS));
		else socket.close(WS_CLOSE.TOKEN_EXPIRED, 'TOKEN_EXPIRED');
	};
	wait();
	socket.once('close', () => clearTimeout(timer));
}
// #endregion expiry
