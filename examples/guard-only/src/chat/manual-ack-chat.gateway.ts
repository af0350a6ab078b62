import { UseGuards } from '@nestjs/common';
import {
	Ack,
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
import { messageText } from './chat-message.js';
import { chatRoomOf } from './chat-room.js';

/** What the `message` handler acknowledges with, before it broadcasts. */
export interface MessageReceipt {
	received: true;
	length: number;
}

/**
 * The chat gateway of the ACK_DECORATOR=1 variant: `message` answers the client's
 * acknowledgement itself, with @Ack(), before it broadcasts.
 */
// #region gateway
// INSECURE: as in ChatGateway, the guard protects the handlers below, not the connection.
@UseGuards(WsJwtGuard)
@WebSocketGateway(SERVER_OPTIONS)
export class ManualAckChatGateway implements OnGatewayConnection {
	@WebSocketServer() private readonly server!: Server;

	handleConnection(client: Socket) {
		client.join(chatRoomOf(client));
	}

	@SubscribeMessage('whoami')
	whoami(@WsUser() user: DemoUser): DemoUser {
		return user;
	}

	@SubscribeMessage('message')
	message(
		@ConnectedSocket() client: Socket,
		@WsUser() user: DemoUser,
		@MessageBody() body: unknown,
		@Ack() ack: ((receipt: MessageReceipt) => void) | undefined,
	) {
		const text = messageText(body);
		// Undefined when the client sent the event without a callback.
		ack?.({ received: true, length: text.length });
		this.server.to(chatRoomOf(client)).emit('message', { from: user.name, text });
		// With @Ack() in the handler, Nest no longer sends the return value as the acknowledgement.
		return { ignored: true };
	}
}
// #endregion gateway
