import { ConnectedSocket, SubscribeMessage, WebSocketGateway, type OnGatewayConnection } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { authenticateOrDisconnect } from '../ws-auth/authenticate-on-connection.js';
import { WsAuthService } from '../ws-auth/ws-auth.service.js';
import { SERVER_OPTIONS } from '../config/server-options.js';
import type { DemoUser } from '../ws-auth/demo-user-lookup.js';

// Every gateway gets its own handleConnection call, so every gateway must repeat the check.
@WebSocketGateway({ ...SERVER_OPTIONS, namespace: 'admin' })
export class AdminGateway implements OnGatewayConnection {
	constructor(private readonly auth: WsAuthService) {}

	async handleConnection(client: Socket) {
		await authenticateOrDisconnect(client, this.auth);
	}

	@SubscribeMessage('whoami')
	whoami(@ConnectedSocket() client: Socket): DemoUser | null {
		return client.data.user ?? null;
	}
}
