import { Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { WsAuthError, type WsAuthErrorCode, type WsAuthService } from './ws-auth.service.js';
import { moveExpiry } from './token-expiry.js';
import { recordOf, recordUser } from './user-sockets.js';

/**
 * The event a connected client sends with a new access token, as `{ token }`: the same object as
 * the handshake's `auth`. Not "refresh-token": the OAuth refresh token never goes to this server.
 *
 * With the token in an httpOnly cookie (`tokenFromCookie`), the page cannot read its token, so it
 * cannot send one here: it gets a new cookie over HTTP and reconnects, and the new handshake
 * reads the new cookie. The event still works for clients that hold their token, and checks it
 * as the handshake does, wherever the handshake read it from.
 */
export const REAUTHENTICATE = 'reauthenticate';

/** Why a new token was refused: the handshake's codes, or a token for someone else. */
export type ReauthenticateCode = WsAuthErrorCode | 'USER_MISMATCH' | 'DISCONNECTED' | 'INTERNAL';

/** The acknowledgement: the new deadline, or why nothing changed. */
export type ReauthenticateAck = { ok: true; expiresAt: number } | { ok: false; code: ReauthenticateCode };

const logger = new Logger('WsAuth');

// #region listen
/**
 * Lets an authenticated socket swap its token without reconnecting: `reauthenticate` `{ token }`
 * → ack `{ ok: true, expiresAt }`, or `{ ok: false, code }` with the session left as it was.
 * Called by the middleware for every socket it accepts, so every namespace answers it.
 */
export function acceptReauthentication(socket: Socket, auth: WsAuthService): void {
	socket.on(REAUTHENTICATE, (body: unknown, ack?: unknown) => {
		// Caught here, like the middleware's check: an escaped rejection would end the process.
		reauthenticate(socket, auth, (body as { token?: unknown } | null)?.token).then(
			(result) => typeof ack === 'function' && ack(result),
			(error: unknown) => logger.error(`reauthentication failed unexpectedly: ${String(error)}`),
		);
	});
}
// #endregion listen

// #region reauthenticate
/**
 * The same checks as the handshake (WsAuthService), then one more: the token must name the user
 * this socket already belongs to. Rooms, `socket.data` and everything the app keyed by that user
 * were set up for them; a token for someone else is a reason to reconnect, not to swap.
 */
export async function reauthenticate(socket: Socket, auth: WsAuthService, token: unknown): Promise<ReauthenticateAck> {
	let result;
	try {
		result = await auth.authenticate(token);
	} catch (error) {
		const code = error instanceof WsAuthError ? error.code : 'INTERNAL';
		// Why, never the token itself.
		logger.warn(`reauthentication refused on ${socket.nsp.name}: ${error instanceof Error ? error.message : code}`);
		return { ok: false, code };
	}
	if (result.user.id !== recordOf(socket)?.userId) {
		logger.warn(`reauthentication refused on ${socket.nsp.name}: the token names another user`);
		return { ok: false, code: 'USER_MISMATCH' };
	}
	// The check took time: meanwhile the old token may have expired, or the client left.
	if (!moveExpiry(socket, result.expiresAt)) return { ok: false, code: 'DISCONNECTED' };
	// The user as the store sees them now: a role removed since the handshake is gone.
	recordUser(socket, result);
	return { ok: true, expiresAt: result.expiresAt };
}
// #endregion reauthenticate
