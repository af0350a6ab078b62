import { UseGuards } from '@nestjs/common';
import { MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer, WsException } from '@nestjs/websockets';
import type { Server } from 'socket.io';
import { Roles } from '../auth/roles.decorator.js';
import { disconnectUser } from '../auth/user-sockets.js';
import { WsRolesGuard } from '../auth/ws-roles.guard.js';
import { SERVER_OPTIONS } from '../config/server-options.js';
import { isUserId } from '../users/user-id.js';

// #region revoke
/** Admins end a user's sessions: `revoke` `{ userId }` → ack `{ revoked: <sockets closed> }`. */
@UseGuards(WsRolesGuard)
@WebSocketGateway(SERVER_OPTIONS)
export class SessionsGateway {
	@WebSocketServer() private readonly server!: Server;

	@Roles('admin')
	@SubscribeMessage('revoke')
	async revoke(@MessageBody() body: unknown) {
		const userId: unknown = (body as { userId?: unknown } | null)?.userId;
		if (!isUserId(userId)) throw new WsException('userId must be a user id');
		return { revoked: await disconnectUser(this.server, userId) };
	}
}
// #endregion revoke
