import { UseGuards } from '@nestjs/common';
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
import type { DemoUser } from '../ws-auth/demo-user-lookup.js';
import { userOf } from '../ws-auth/socket-users.js';
import { rememberUpgradeRequest } from '../ws-auth/upgrade-requests.js';
import { WsJwtGuard } from '../ws-auth/ws-jwt.guard.js';
import { messageText } from './chat-message.js';
import { ChatRooms } from './chat-rooms.js';

// #region gateway
// INSECURE: the guard protects the handlers below, not the connection.
@UseGuards(WsJwtGuard)
@WebSocketGateway()
export class ChatGateway implements OnGatewayConnection {
	protected readonly rooms = new ChatRooms();

	// Runs for every client, with or without a token: guards never run here.
	handleConnection(client: WebSocket, request: IncomingMessage) {
		rememberUpgradeRequest(client, request);
		this.rooms.join(client, request);
	}

	@SubscribeMessage('whoami')
	whoami(@ConnectedSocket() client: WebSocket): WsResponse<DemoUser> {
		return { event: 'whoami', data: userOf(client) as DemoUser };
	}

	@SubscribeMessage('send')
	send(@ConnectedSocket() client: WebSocket, @MessageBody() body: unknown): WsResponse<{ ok: true }> {
		const text = messageText(body);
		// Reaches every socket in the room, authenticated or not.
		this.rooms.broadcast(client, 'message', { from: (userOf(client) as DemoUser).name, text });
		return { event: 'send', data: { ok: true } };
	}
}
// #endregion gateway
