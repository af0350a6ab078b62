import { UseGuards } from '@nestjs/common';
import {
	ConnectedSocket,
	MessageBody,
	SubscribeMessage,
	WebSocketGateway,
	WebSocketServer,
	type OnGatewayConnection,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { WsJwtGuard } from '../ws-auth/ws-jwt.guard.js';
import { SERVER_OPTIONS } from '../config/server-options.js';
import type { DemoUser } from '../ws-auth/demo-user-lookup.js';
import { messageText } from './chat-message.js';
import { chatRoomOf } from './chat-room.js';

// #region gateway
// INSECURE: the guard protects the handlers below, not the connection.
@UseGuards(WsJwtGuard)
@WebSocketGateway(SERVER_OPTIONS)
export class ChatGateway implements OnGatewayConnection {
	@WebSocketServer() private readonly server!: Server;

	// Runs for every client, with or without a token: guards never run here.
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
		// Reaches every socket in the room, authenticated or not.
		this.server.to(chatRoomOf(client)).emit('message', { from: client.data.user.name, text });
		return { ok: true };
	}
}
// #endregion gateway
