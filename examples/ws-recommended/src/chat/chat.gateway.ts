import {
	ConnectedSocket,
	MessageBody,
	SubscribeMessage,
	WebSocketGateway,
	type OnGatewayConnection,
	type WsResponse,
} from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { userOf } from '../ws-auth/authenticated-sockets.js';
import type { DemoUser } from '../ws-auth/demo-user-lookup.js';
import { messageText } from './chat-message.js';
import { ChatRooms } from './chat-rooms.js';

// #region gateway
// No authentication code here: WsAuthAdapter refused every unauthenticated upgrade, so every
// socket that reaches this gateway has a user.
@WebSocketGateway()
export class ChatGateway implements OnGatewayConnection {
	private readonly rooms = new ChatRooms();

	handleConnection(client: WebSocket, request: IncomingMessage) {
		this.rooms.join(client, request);
	}

	@SubscribeMessage('whoami')
	whoami(@ConnectedSocket() client: WebSocket): WsResponse<DemoUser> {
		return { event: 'whoami', data: userOf(client) as DemoUser };
	}

	@SubscribeMessage('send')
	send(@ConnectedSocket() client: WebSocket, @MessageBody() body: unknown): WsResponse<{ ok: true }> {
		const text = messageText(body);
		this.rooms.broadcast(client, 'message', { from: (userOf(client) as DemoUser).name, text });
		return { event: 'send', data: { ok: true } };
	}
}
// #endregion gateway
