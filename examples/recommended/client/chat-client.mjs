// The client side of the recommended setup: works in the browser and in Node.
import { io } from 'socket.io-client';

// #region client
/**
 * Connects to the chat and keeps the connection authenticated across token expiry.
 * @param {string} url
 * @param {{ getToken: () => Promise<string>, refreshToken: () => Promise<void>, onAuthFailed?: (code: string) => void, room?: string }} auth
 *   getToken: the current access token; refreshToken: gets a new one (e.g. from your refresh
 *   endpoint); onAuthFailed: the user has to log in again
 */
export function connectChat(url, { getToken, refreshToken, onAuthFailed = () => {}, room }, options = {}) {
	const socket = io(url, {
		// A function, not an object: socket.io calls it before every connection attempt, so a
		// reconnection sends the refreshed token. The token travels in the CONNECT packet,
		// never in the URL.
		auth: (send) => getToken().then((token) => send({ token, room }), () => send({ room })),
		...options,
	});

	let refreshedSinceConnect = false;
	const refreshAndReconnect = () => {
		// One refresh per failure: if a fresh token is refused too, retrying will not help.
		if (refreshedSinceConnect) return onAuthFailed('TOKEN_EXPIRED');
		refreshedSinceConnect = true;
		refreshToken().then(
			() => socket.connect(),
			() => onAuthFailed('REFRESH_FAILED'),
		);
	};
	socket.on('connect', () => {
		refreshedSinceConnect = false;
	});

	// Refused at the handshake. A middleware refusal is final: socket.io does not retry by itself.
	socket.on('connect_error', (error) => {
		const code = error.data?.code;
		if (code === 'TOKEN_EXPIRED') refreshAndReconnect();
		// TOKEN_MISSING, TOKEN_INVALID, USER_UNKNOWN: a new token from the user, not a retry.
		else if (code) onAuthFailed(code);
	});

	// Disconnected by the server while connected: it says why first.
	let expired = false;
	socket.on('exception', (payload) => {
		if (payload?.code === 'TOKEN_EXPIRED') expired = true;
	});
	socket.on('disconnect', (reason) => {
		if (reason === 'io server disconnect' && expired) {
			expired = false;
			refreshAndReconnect();
		}
	});
	return socket;
}
// #endregion client

// #region reauthenticate
/**
 * Hands a new access token to a connected socket, without reconnecting: call it whenever your app
 * gets a fresh token (before the old one expires). Resolves with the new expiry (ms since the
 * epoch); rejects with `error.code` (TOKEN_EXPIRED, USER_MISMATCH, …) and the old session intact.
 * @param {import('socket.io-client').Socket} socket
 * @param {string} token
 */
export async function reauthenticate(socket, token, timeoutMs = 5000) {
	const ack = await socket.timeout(timeoutMs).emitWithAck('reauthenticate', { token });
	if (ack?.ok) return ack.expiresAt;
	throw Object.assign(new Error(`token refused: ${ack?.code}`), { code: ack?.code });
}
// #endregion reauthenticate
