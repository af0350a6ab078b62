import { UseGuards } from '@nestjs/common';
import { MessageBody, SubscribeMessage, WebSocketGateway, WebSocketServer, WsException } from '@nestjs/websockets';
import type { Server } from 'socket.io';
import { WsRoles } from '../ws-auth/ws-roles.decorator.js';
import { disconnectUser } from '../ws-auth/user-sockets.js';
import { WsRolesGuard } from '../ws-auth/ws-roles.guard.js';
import { SERVER_OPTIONS } from '../config/server-options.js';
import { isUserId } from '../users/user-id.js';

// #region revoke
/**
 * Admins end a user's sessions: `revoke` `{ userId }`. The ack says what was done:
 * - `{ revoked: <n> }`: every node answered; the user had n sockets on all of them together, and
 *   each is told and closed;
 * - `{ revokedHere: <n>, elsewhere: 'sent, count unknown', timedOut: 'other nodes' | 'redis' }`
 *   (several nodes only): a node did not say within COUNT_TIMEOUT_MS (user-sockets.ts) how many it
 *   had, or Redis did not answer at all. The n sockets on this node were told and closed; the other
 *   nodes were sent the revocation, and each acts on it when it reads it: a node that hung once it
 *   resumes, all of them once Redis is back.
 */
@UseGuards(WsRolesGuard)
@WebSocketGateway(SERVER_OPTIONS)
export class SessionsGateway {
	@WebSocketServer() private readonly server!: Server;

	@WsRoles('admin')
	@SubscribeMessage('revoke')
	async revoke(@MessageBody() body: unknown) {
		const userId: unknown = (body as { userId?: unknown } | null)?.userId;
		if (!isUserId(userId)) throw new WsException('userId must be a user id');
		return disconnectUser(this.server, userId);
	}
}
// #endregion revoke
