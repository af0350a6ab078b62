import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';
import type { Authenticated } from './ws-auth.service.js';

// WeakMaps: an upgrade request or a socket that is gone takes its entry along.
const byRequest = new WeakMap<IncomingMessage, Authenticated>();
const bySocket = new WeakMap<WebSocket, Authenticated>();

/** Called by the upgrade check once the request's token is good. */
export function authenticateRequest(request: IncomingMessage, authenticated: Authenticated): void {
	byRequest.set(request, authenticated);
}

/**
 * Moves what the upgrade check found from the request to the socket `ws` made of it. Returns
 * undefined for a socket whose request was never checked, which WsAuthAdapter closes.
 */
export function authenticateSocket(socket: WebSocket, request: IncomingMessage): Authenticated | undefined {
	const authenticated = byRequest.get(request);
	byRequest.delete(request);
	if (authenticated) bySocket.set(socket, authenticated);
	return authenticated;
}

// #region user
/** The user a socket authenticated as, for gateways: every socket that reaches one has one. */
export function userOf(socket: WebSocket): Authenticated['user'] {
	const authenticated = bySocket.get(socket);
	if (!authenticated) throw new Error('socket was not authenticated at the upgrade: is WsAuthAdapter in use?');
	return authenticated.user;
}
// #endregion user
