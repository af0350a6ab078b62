import { UseGuards } from '@nestjs/common';
import { ConnectedSocket, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { WsJwtGuard } from '../auth/ws-jwt.guard.js';
import type { User } from '../users/user.js';

// INSECURE: like the chat gateway, anyone can connect to /admin; only its handlers are guarded.
@UseGuards(WsJwtGuard)
@WebSocketGateway({ namespace: 'admin' })
export class AdminGateway {
	@SubscribeMessage('whoami')
	whoami(@ConnectedSocket() client: Socket): User {
		return client.data.user;
	}
}
