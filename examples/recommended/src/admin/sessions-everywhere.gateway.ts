import { UseGuards } from '@nestjs/common';
import { MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer, WsException } from '@nestjs/websockets';
import type { Server } from 'socket.io';
import { SERVER_OPTIONS } from '../config/server-options.js';
import { isUserId } from '../users/user-id.js';
import { disconnectUser, type Revocation } from '../ws-auth/user-sockets.js';
import { WsRoles } from '../ws-auth/ws-roles.decorator.js';
import { WsRolesGuard } from '../ws-auth/ws-roles.guard.js';
import { SecondServerGateway } from './second-server.gateway.js';

// #region revoke
/**
 * SessionsGateway for an app with a second socket.io server (SECOND_SERVER=revoke-everywhere):
 * `revoke` ends the user's sessions on every server, not only on the one this gateway is on.
 * Gateways are providers: this one gets the other gateway, and with it the other server. The
 * ack is one Revocation (user-sockets.ts) per server, this gateway's first.
 */
@UseGuards(WsRolesGuard)
@WebSocketGateway(SERVER_OPTIONS)
export class SessionsEverywhereGateway {
	@WebSocketServer() private readonly server!: Server;

	constructor(private readonly second: SecondServerGateway) {}

	@WsRoles('admin')
	@SubscribeMessage('revoke')
	async revoke(@MessageBody() body: unknown): Promise<Revocation[]> {
		const userId: unknown = (body as { userId?: unknown } | null)?.userId;
		if (!isUserId(userId)) throw new WsException('userId must be a user id');
		return Promise.all([this.server, this.second.server].map((server) => disconnectUser(server, userId)));
	}
}
// #endregion revoke
