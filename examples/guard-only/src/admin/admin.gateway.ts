import { UseGuards } from '@nestjs/common';
import { ConnectedSocket, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { WsJwtGuard } from '../ws-auth/ws-jwt.guard.js';
import { SERVER_OPTIONS } from '../config/server-options.js';
import type { DemoUser } from '../ws-auth/demo-user-lookup.js';

// INSECURE: like the chat gateway, anyone can connect to /admin; only its handlers are guarded.
@UseGuards(WsJwtGuard)
@WebSocketGateway({ ...SERVER_OPTIONS, namespace: 'admin' })
export class AdminGateway {
	@SubscribeMessage('whoami')
	whoami(@ConnectedSocket() client: Socket): DemoUser {
		return client.data.user;
	}
}
