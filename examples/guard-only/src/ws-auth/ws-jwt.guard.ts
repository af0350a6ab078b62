import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { WsAuthService } from './ws-auth.service.js';

// #region guard
/**
 * INSECURE AS THE ONLY PROTECTION. This is the guard the NestJS docs lead you to write, and it
 * is correct for what it does: it checks the token on every message. But guards only run for
 * @SubscribeMessage handlers, never on connection, so an unauthenticated client still connects,
 * stays connected and receives every broadcast sent to its room.
 */
@Injectable()
export class WsJwtGuard implements CanActivate {
	constructor(private readonly auth: WsAuthService) {}

	async canActivate(context: ExecutionContext): Promise<boolean> {
		const client = context.switchToWs().getClient<Socket>();
		try {
			const { user } = await this.auth.authenticate(client.handshake.auth?.token);
			client.data.user = user;
			return true;
		} catch {
			// Sent to the client as an `exception` event; the socket stays connected.
			throw new WsException('Unauthorized');
		}
	}
}
// #endregion guard
