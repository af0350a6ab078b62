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
import { WsRoles } from '../ws-auth/ws-roles.decorator.js';
import { WsRolesGuard } from '../ws-auth/ws-roles.guard.js';
import { SERVER_OPTIONS } from '../config/server-options.js';
import type { DemoUser } from '../ws-auth/demo-user-lookup.js';
import { messageText } from './chat-message.js';
import { chatRoomOf } from './chat-room.js';

// #region gateway
// No authentication code here: WsAuthIoAdapter refused every unauthenticated socket before
// `connection`, so every client that reaches this gateway has `data.user`.
@UseGuards(WsRolesGuard)
@WebSocketGateway(SERVER_OPTIONS)
export class ChatGateway implements OnGatewayConnection {
	@WebSocketServer() private readonly server!: Server;

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

	@WsRoles('admin')
	@SubscribeMessage('announce')
	announce(@ConnectedSocket() client: Socket, @MessageBody() body: unknown) {
		const text = messageText(body);
		this.server.to(chatRoomOf(client)).emit('message', { from: 'Announcement', text });
		return { ok: true };
	}
}
// #endregion gateway
