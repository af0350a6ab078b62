import { ConnectedSocket, SubscribeMessage, WebSocketGateway, type OnGatewayInit } from '@nestjs/websockets';
import type { Namespace, Socket } from 'socket.io';
import { WsAuthService } from '../ws-auth/ws-auth.service.js';
import { createWsAuthMiddleware } from '../ws-auth/ws-auth.middleware.js';
import { SERVER_OPTIONS } from '../config/server-options.js';
import type { DemoUser } from '../ws-auth/demo-user-lookup.js';

// DELIBERATELY WRONG when set: shows that /admin is open when only "/" has the middleware.
const SKIP_ADMIN_MIDDLEWARE = process.env.SKIP_ADMIN_MIDDLEWARE === '1';

// #region namespace
// A namespaced gateway's afterInit receives its Namespace, not the Server. The middleware the
// chat gateway put on "/" does not run here: each namespace needs its own use().
@WebSocketGateway({ ...SERVER_OPTIONS, namespace: 'admin' })
export class AdminGateway implements OnGatewayInit {
	constructor(private readonly auth: WsAuthService) {}

	afterInit(namespace: Namespace) {
		if (!SKIP_ADMIN_MIDDLEWARE) namespace.use(createWsAuthMiddleware(this.auth));
	}

	@SubscribeMessage('whoami')
	whoami(@ConnectedSocket() client: Socket): DemoUser | null {
		return client.data.user ?? null;
	}
}
// #endregion namespace
