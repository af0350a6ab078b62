import { ConnectedSocket, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import { SERVER_OPTIONS } from '../config/server-options.js';
import type { DemoUser } from '../ws-auth/demo-user-lookup.js';

// A namespaced gateway: WsAuthIoAdapter.create() is called for it too, so it is protected
// without a line of authentication code here.
@WebSocketGateway({ ...SERVER_OPTIONS, namespace: 'admin' })
export class AdminGateway {
	@SubscribeMessage('whoami')
	whoami(@ConnectedSocket() client: Socket): DemoUser {
		return client.data.user;
	}
}
