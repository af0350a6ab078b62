import { Injectable, type ExecutionContext } from '@nestjs/common';
import { AuthGuard } from '@nestjs/passport';
import { WsException } from '@nestjs/websockets';
import type { Socket } from 'socket.io';

// #region guard
/**
 * INSECURE AS THE ONLY PROTECTION, like every guard: it runs before each @SubscribeMessage
 * handler, never on connection (the PASSPORT=1 variant shows it). It lets a gateway reuse the
 * app's Passport JWT strategy (jwt.strategy.ts); AuthGuard('jwt') alone is written for HTTP.
 */
@Injectable()
export class WsPassportGuard extends AuthGuard('jwt') {
	/**
	 * AuthGuard gives Passport `switchToHttp().getRequest()`, which on a gateway event is the
	 * socket: no `headers`, so passport-jwt's header extractor throws a TypeError. The handshake
	 * has what the strategy reads: the connection's HTTP `headers`, and `auth`.
	 */
	getRequest(context: ExecutionContext) {
		return context.switchToWs().getClient<Socket>().handshake;
	}

	/**
	 * AuthGuard's own refuses with UnauthorizedException, an HTTP exception: a gateway's
	 * exception filter only knows WsException and would send the client "Internal server error".
	 * The user goes where gateway handlers look for it: `socket.data.user`.
	 */
	handleRequest<TUser>(error: unknown, user: TUser | false, _info: unknown, context: ExecutionContext): TUser {
		if (error || !user) throw new WsException('Unauthorized');
		context.switchToWs().getClient<Socket>().data.user = user;
		return user;
	}
}
// #endregion guard
