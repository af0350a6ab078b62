import { UseGuards } from '@nestjs/common';
import { WebSocketGateway, type OnGatewayConnection } from '@nestjs/websockets';
import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import { rememberConnectionCheck } from '../ws-auth/connection-checks.js';
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
 * once the check has passed, and the guard still checks every event, once the check is done.
 */
@UseGuards(WsJwtGuard)
@WebSocketGateway()
export class ConnectionCheckedChatGateway extends ChatGateway implements OnGatewayConnection {
	constructor(private readonly auth: WsAuthService) {
		super();
	}

	handleConnection(client: WebSocket, request: IncomingMessage) {
		rememberUpgradeRequest(client, request);
		// Nest does not await this method, and the socket's events are already bound: the guard
		// waits for the check, so no event is answered before a refused socket is closed.
		rememberConnectionCheck(client, this.check(client, request));
	}

	private async check(client: WebSocket, request: IncomingMessage): Promise<void> {
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
