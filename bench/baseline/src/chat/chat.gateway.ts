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
import { messageText } from './chat-message.js';
import { chatRoomOf } from './chat-room.js';

/**
 * The examples' chat gateway with no authentication anywhere: the yardstick the benchmark
 * divides by. Nobody is ever identified, so `whoami` answers null and messages are from null.
 */
@WebSocketGateway(SERVER_OPTIONS)
export class ChatGateway implements OnGatewayConnection {
	@WebSocketServer() private readonly server!: Server;

	handleConnection(client: Socket) {
		client.join(chatRoomOf(client));
	}

	@SubscribeMessage('whoami')
	whoami(@ConnectedSocket() client: Socket): DemoUser | null {
		return client.data.user ?? null;
	}

	@SubscribeMessage('message')
	message(@ConnectedSocket() client: Socket, @MessageBody() body: unknown) {
		const text = messageText(body);
		this.server.to(chatRoomOf(client)).emit('message', { from: client.data.user?.name ?? null, text });
		return { ok: true };
	}
}
