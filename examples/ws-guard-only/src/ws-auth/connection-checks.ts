import type { WebSocket } from 'ws';

// A WeakMap: a socket that is gone takes its check along.
const checks = new WeakMap<WebSocket, Promise<void>>();

/**
 * Nest does not wait for handleConnection: it binds the socket's message handlers as it calls it
 * (WebSocketsController.getConnectionHandler), so an event sent the moment the socket opens
 * reaches the guard while the connection's own check is still verifying the token. The gateway
 * keeps its check here, and the guard waits for it: a refused socket is closed before any of its
 * events is answered.
 */
export function rememberConnectionCheck(socket: WebSocket, check: Promise<void>): void {
	checks.set(socket, check);
}

/** The connection's check, where the gateway has one; it never rejects. */
export function connectionCheckOf(socket: WebSocket): Promise<void> | undefined {
	return checks.get(socket);
}
