import {
	ConnectedSocket,
	MessageBody,
	SubscribeMessage,
	WebSocketGateway,
	WebSocketServer,
	type OnGatewayConnection,
	type OnGatewayInit,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { WsAuthService } from '../ws-auth/ws-auth.service.js';
import { createWsAuthMiddleware } from '../ws-auth/ws-auth.middleware.js';
import { SERVER_OPTIONS } from '../config/server-options.js';
import type { DemoUser } from '../ws-auth/demo-user-lookup.js';
import { messageText } from './chat-message.js';
import { chatRoomOf } from './chat-room.js';

// #region gateway
@WebSocketGateway(SERVER_OPTIONS)
export class ChatGateway implements OnGatewayInit, OnGatewayConnection {
	@WebSocketServer() private readonly server!: Server;

	constructor(private readonly auth: WsAuthService) {}

	// For a gateway without a namespace this is the Server, and server.use() covers "/" only.
	afterInit(server: Server) {
		server.use(createWsAuthMiddleware(this.auth));
	}

	// Only reached by sockets the middleware let through.
	handleConnection(client: Socket) {
		client.join(chatRoomOf(client));
	}

	@SubscribeMessage('whoami')
	whoami(@ConnectedSocket() client: Socket): DemoUser {
		return client.data.user;
	}

	@SubscribeMessage('message')
	message(@ConnectedSocket() client: Socket, @MessageBody() body: unknown) {
		const text = messageText(body);
		this.server.to(chatRoomOf(client)).emit('message', { from: client.data.user.name, text });
		return { ok: true };
	}
}
// #endregion gateway
