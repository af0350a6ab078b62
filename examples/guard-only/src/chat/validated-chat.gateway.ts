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
import { SERVER_OPTIONS } from '../config/server-options.js';
import type { DemoUser } from '../ws-auth/demo-user-lookup.js';
import { WsJwtGuard } from '../ws-auth/ws-jwt.guard.js';
import { WsUser } from '../ws-auth/ws-user.decorator.js';
import { ChatMessageDto } from './message.dto.js';
import { chatRoomOf } from './chat-room.js';

/**
 * The chat gateway of the VALIDATION variants: the `message` body is a ChatMessageDto, which a
 * ValidationPipe checks, and the handlers take the user from @WsUser(). Which pipe runs, and
 * where it is bound, is what the variants change (variants.ts).
 */
// #region gateway
// INSECURE: as in ChatGateway, the guard protects the handlers below, not the connection.
@UseGuards(WsJwtGuard)
@WebSocketGateway(SERVER_OPTIONS)
export class ValidatedChatGateway implements OnGatewayConnection {
	@WebSocketServer() private readonly server!: Server;

	handleConnection(client: Socket) {
		client.join(chatRoomOf(client));
	}

	@SubscribeMessage('whoami')
	whoami(@WsUser() user: DemoUser): DemoUser {
		return user;
	}

	@SubscribeMessage('message')
	message(@ConnectedSocket() client: Socket, @WsUser() user: DemoUser, @MessageBody() body: ChatMessageDto) {
		this.server.to(chatRoomOf(client)).emit('message', { from: user.name, text: body.text });
		return { ok: true };
	}
}
// #endregion gateway
