import { ConnectedSocket, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { SERVER_OPTIONS } from '../config/server-options.js';
import type { DemoUser } from '../ws-auth/demo-user-lookup.js';

// Protected by WsAuthIoAdapter.create(), which Nest calls for this namespace too.
@WebSocketGateway({ ...SERVER_OPTIONS, namespace: 'admin' })
export class AdminGateway {
	@SubscribeMessage('whoami')
	whoami(@ConnectedSocket() client: Socket): DemoUser | null {
		return client.data.user ?? null;
	}
}
