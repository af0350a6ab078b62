import { Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';
import type { WsAuthService } from './ws-auth.service.js';

const logger = new Logger('HandleConnection');

// DELIBERATELY WRONG when set: shows that a throw in handleConnection ends the whole process.
const THROW_ON_FAILURE = process.env.HANDLE_CONNECTION_THROWS === '1';

// #region check
/**
 * Called from handleConnection. By the time it runs the client is already connected: it has
 * seen `connect`, and Nest has attached every @SubscribeMessage handler. While this awaits the
 * user store, the client's events are handled as if it were authenticated.
 */
export async function authenticateOrDisconnect(client: Socket, auth: WsAuthService): Promise<boolean> {
	try {
		const { user } = await auth.authenticate(client.handshake.auth?.token);
		client.data.user = user;
		return true;
	} catch (error) {
		logger.warn(`disconnecting ${client.id}: ${(error as Error).message}`);
		// Never throw from handleConnection: Nest does not await it and no exception filter
		// sees it, so the rejection is unhandled and Node ends the process for every client.
		if (THROW_ON_FAILURE) throw error;
		client.disconnect(true);
		return false;
	}
}
// #endregion check
