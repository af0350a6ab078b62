import { UseGuards } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayConnection } from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { setUserOf } from '../ws-auth/socket-users.js';
import { rememberUpgradeRequest } from '../ws-auth/upgrade-requests.js';
import { upgradeToken } from '../ws-auth/upgrade-token.js';
import { WsAuthError, WsAuthService } from '../ws-auth/ws-auth.service.js';
import { WsJwtGuard } from '../ws-auth/ws-jwt.guard.js';
import { ChatGateway } from './chat.gateway.js';

// #region check
/**
 * The CONNECTION_CHECK=1 variant: the chat gateway, checking the token in handleConnection and
 * closing the socket with 4401 and the reason when it is refused, which a browser can read (it
 * reads nothing of a refused upgrade). The socket is open until then; the room is joined only
 * once the check has passed, and the guard still checks every event.
 */
@UseGuards(WsJwtGuard)
@WebSocketGateway()
export class ConnectionCheckedChatGateway extends ChatGateway implements OnGatewayConnection {
	constructor(private readonly auth: WsAuthService) {
		super();
	}

	async handleConnection(client: WebSocket, request: IncomingMessage) {
		rememberUpgradeRequest(client, request);
		try {
			const { user } = await this.auth.authenticate(upgradeToken(request));
			setUserOf(client, user);
			this.rooms.join(client, request);
		} catch (error) {
			client.close(4401, error instanceof WsAuthError ? error.code : 'INTERNAL');
		}
	}
}
// #endregion check
