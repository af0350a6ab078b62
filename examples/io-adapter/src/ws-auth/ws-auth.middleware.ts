import { Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import type { WsAuthService } from './ws-auth.service.js';

/**
 * An Error whose `data` socket.io sends to the client with its message (socket.io's own
 * ExtendedError, which socket.io 4.6, NestJS 9's, declares but does not export).
 */
export type MiddlewareError = Error & { data?: unknown };
export type SocketMiddleware = (socket: Socket, next: (err?: MiddlewareError) => void) => void;

const logger = new Logger('WsAuth');

// #region middleware
/**
 * A socket.io middleware factory. Gateways inject WsAuthService and pass it in, so the
 * middleware gets Nest's DI without being a provider itself.
 */
export function createWsAuthMiddleware(auth: WsAuthService): SocketMiddleware {
	return (socket, next) => {
		// socket.io ignores the promise a middleware returns: an escaped rejection is an
		// unhandledRejection, which ends the process. Every outcome must reach next().
		auth.authenticate(socket.handshake.auth?.token).then(
			({ user }) => {
				socket.data.user = user;
				next();
			},
			(error: unknown) => {
				logger.warn(`refused ${socket.nsp.name}: ${(error as Error).message}`);
				next(new Error('Unauthorized'));
			},
		);
	};
}
// #endregion middleware
