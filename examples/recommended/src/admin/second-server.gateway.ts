import { ConnectedSocket, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { SERVER_OPTIONS } from '../config/server-options.js';
import type { DemoUser } from '../ws-auth/demo-user-lookup.js';

/** Where SecondServerGateway's clients connect: `io(url, { path: SECOND_SERVER_PATH })`. */
export const SECOND_SERVER_PATH = '/second/socket.io';

// #region gateway
/**
 * A gateway with a `path` of its own (the SECOND_SERVER variants): Nest keeps one socket.io
 * server per port and path, so this one gets a server of its own, on the same HTTP server.
 * WsAuthIoAdapter authenticates it like the main one; disconnectUser() on the main server does
 * not reach it.
 */
@WebSocketGateway({ ...SERVER_OPTIONS, path: SECOND_SERVER_PATH })
export class SecondServerGateway {
	@WebSocketServer() readonly server!: Server;

	@SubscribeMessage('whoami')
	whoami(@ConnectedSocket() client: Socket): DemoUser {
		return client.data.user;
	}
}
// #endregion gateway
