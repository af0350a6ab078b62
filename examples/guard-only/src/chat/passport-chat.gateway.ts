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
import { WsPassportGuard } from '../ws-auth/ws-passport.guard.js';
import { SERVER_OPTIONS } from '../config/server-options.js';
import type { DemoUser } from '../ws-auth/demo-user-lookup.js';
import { messageText } from './chat-message.js';
import { chatRoomOf } from './chat-room.js';

/**
 * The chat gateway of the PASSPORT=1 variant: ChatGateway with WsPassportGuard in place of
 * WsJwtGuard. It is a class of its own, not a subclass, because @UseGuards on a subclass adds to
 * the guards it inherits: ChatGateway's WsJwtGuard would still run first.
 */
// #region gateway
// INSECURE: the guard protects the handlers below, not the connection.
@UseGuards(WsPassportGuard)
@WebSocketGateway(SERVER_OPTIONS)
export class PassportChatGateway implements OnGatewayConnection {
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
		this.server.to(chatRoomOf(client)).emit('message', { from: client.data.user.name, text: messageText(body) });
		return { ok: true };
	}
}
// #endregion gateway
