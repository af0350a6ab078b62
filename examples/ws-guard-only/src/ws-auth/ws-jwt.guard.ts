import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import type { WebSocket } from 'ws';
import { connectionCheckOf } from './connection-checks.js';
import { setUserOf } from './socket-users.js';
import { upgradeRequestOf } from './upgrade-requests.js';
import { upgradeToken } from './upgrade-token.js';
import { WsAuthService } from './ws-auth.service.js';

// #region guard
/**
 * INSECURE AS THE ONLY PROTECTION. Correct for what it does, on @nestjs/platform-ws as on
 * socket.io: it checks the token on every message. But guards run only for @SubscribeMessage
 * handlers, never on connection, so a client without a token still gets its WebSocket, keeps it,
 * and receives every broadcast sent to its room.
 */
@Injectable()
export class WsJwtGuard implements CanActivate {
	constructor(private readonly auth: WsAuthService) {}

	async canActivate(context: ExecutionContext): Promise<boolean> {
		const client = context.switchToWs().getClient<WebSocket>();
		// The connection's own check first, where the gateway has one (CONNECTION_CHECK=1).
		await connectionCheckOf(client);
		const request = upgradeRequestOf(client);
		try {
			const { user } = await this.auth.authenticate(request && upgradeToken(request));
			setUserOf(client, user);
			return true;
		} catch {
			// Sent to the client as an `exception` frame (NestJS 12; 10 and 11 send a ws client
			// nothing); the socket stays open.
			throw new WsException('Unauthorized');
		}
	}
}
// #endregion guard
