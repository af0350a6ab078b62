import type { IncomingMessage } from 'node:http';
import type { WebSocket } from 'ws';

// A WeakMap: a socket that is gone takes its request along.
const requests = new WeakMap<WebSocket, IncomingMessage>();

/**
 * A guard gets the socket, not the HTTP request it was opened with, where the token is: the
 * gateway's handleConnection (which gets both) keeps the request for it.
 */
export function rememberUpgradeRequest(socket: WebSocket, request: IncomingMessage): void {
	requests.set(socket, request);
}

export function upgradeRequestOf(socket: WebSocket): IncomingMessage | undefined {
	return requests.get(socket);
}
