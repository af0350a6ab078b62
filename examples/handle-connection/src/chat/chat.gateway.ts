import {
	ConnectedSocket,
	MessageBody,
	SubscribeMessage,
	WebSocketGateway,
	WebSocketServer,
	type OnGatewayConnection,
} from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { authenticateOrDisconnect } from '../ws-auth/authenticate-on-connection.js';
import { WsAuthService } from '../ws-auth/ws-auth.service.js';
import { SERVER_OPTIONS } from '../config/server-options.js';
import type { DemoUser } from '../ws-auth/demo-user-lookup.js';
import { messageText } from './chat-message.js';
import { chatRoomOf } from './chat-room.js';

// #region gateway
@WebSocketGateway(SERVER_OPTIONS)
export class ChatGateway implements OnGatewayConnection {
	@WebSocketServer() private readonly server!: Server;

	constructor(private readonly auth: WsAuthService) {}

	// Nest calls this after the connection is accepted and does not wait for the promise.
	async handleConnection(client: Socket) {
		if (await authenticateOrDisconnect(client, this.auth)) client.join(chatRoomOf(client));
	}

	@SubscribeMessage('whoami')
	whoami(@ConnectedSocket() client: Socket): DemoUser | null {
		return client.data.user ?? null;
	}

	@SubscribeMessage('message')
	message(@ConnectedSocket() client: Socket, @MessageBody() body: unknown) {
		const text = messageText(body);
		// Can run before handleConnection has finished: `from` is then null.
		this.server.to(chatRoomOf(client)).emit('message', { from: client.data.user?.name ?? null, text });
		return { ok: true };
	}
}
// #endregion gateway
