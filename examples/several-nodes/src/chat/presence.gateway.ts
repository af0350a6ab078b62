import { SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server } from 'socket.io';
import type { AuthUser } from '../ws-auth/user-lookup.js';
import { SERVER_OPTIONS } from '../config/server-options.js';

// #region online
/** `online` → ack with the sorted ids of the users connected to the chat, on every node. */
@WebSocketGateway(SERVER_OPTIONS)
export class PresenceGateway {
	@WebSocketServer() private readonly server!: Server;

	@SubscribeMessage('online')
	async online(): Promise<AuthUser['id'][]> {
		// With the Redis adapter, fetchSockets() asks every node. A socket of another node carries
		// only what crossed the network: its id, rooms, `data` and handshake (its `auth`, the
		// token, included). So the user belongs in `socket.data`, and nothing secret should be in it.
		const sockets = await this.server.fetchSockets();
		const ids = new Set(sockets.map((socket) => (socket.data.user as AuthUser).id));
		return [...ids].sort();
	}
}
// #endregion online
