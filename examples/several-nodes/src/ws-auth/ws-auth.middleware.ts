import { Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import { WsAuthError, type WsAuthErrorCode, type WsAuthService } from './ws-auth.service.js';
import { tokenFromAuth, type TokenFrom } from './handshake-token.js';
import { checkRestoredSession } from './session-recovery.js';
import { acceptReauthentication } from './token-refresh.js';
import { recordUser } from './user-sockets.js';

/**
 * An Error whose `data` socket.io sends to the client with its message (socket.io's own
 * ExtendedError, which socket.io 4.6, NestJS 9's, declares but does not export).
 */
export type MiddlewareError = Error & { data?: unknown };
export type SocketMiddleware = (socket: Socket, next: (err?: MiddlewareError) => void) => void;

const logger = new Logger('WsAuth');

// #region middleware
/**
 * socket.io middleware: runs on every CONNECT, before `connection`, before any gateway code.
 * A refusal becomes a `connect_error` on the client with message "Unauthorized" and a
 * machine-readable `data.code`; the socket never joins a room and no handler ever runs for it.
 * `tokenFrom` says where the token is: `handshake.auth.token` unless told otherwise.
 */
export function createWsAuthMiddleware(auth: WsAuthService, tokenFrom: TokenFrom = tokenFromAuth): SocketMiddleware {
	return (socket, next) => {
		// Never `await` here without catching: socket.io ignores the returned promise, so a
		// rejection that escapes is an unhandledRejection, and Node ends the whole process. An
		// exception thrown here does the same, so tokenFrom runs inside the chain too.
		Promise.resolve(socket.handshake)
			.then((handshake) => auth.authenticate(tokenFrom(handshake)))
			.then((result) => {
				// A session restored by connectionStateRecovery must be this user's (session-recovery.ts).
				checkRestoredSession(socket, result.user);
				return result;
			})
			.then(
				(result) => {
					// WsAuthIoAdapter starts the expiry timer once the socket is connected.
					recordUser(socket, result);
					// Once connected, the client may hand over a new token without reconnecting.
					acceptReauthentication(socket, auth);
					next();
				},
				(error: unknown) => next(refusal(socket, error)),
			);
	};
}
// #endregion middleware

function refusal(socket: Socket, error: unknown): MiddlewareError {
	let code: WsAuthErrorCode | 'INTERNAL';
	if (error instanceof WsAuthError) {
		code = error.code;
		// Log why, never the token itself.
		logger.warn(`refused ${socket.nsp.name} from ${socket.handshake.address}: ${error.message}`);
	} else {
		code = 'INTERNAL';
		logger.error(`authentication failed unexpectedly: ${String(error)}`);
	}
	return Object.assign(new Error('Unauthorized'), { data: { code } });
}
