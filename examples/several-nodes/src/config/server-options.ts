import type { ServerOptions } from 'socket.io';

/**
 * The socket.io server options of every example. Every gateway passes them, namespaced or not:
 * Nest creates the one server with the options of whichever gateway it sets up first.
 *
 * Connection state recovery is on, as in many apps: a client whose connection drops gets its
 * session back (id, rooms, `socket.data`) if it reconnects within two minutes. The `recovery`
 * scenario shows whether that reconnection is authenticated again.
 */
export const SERVER_OPTIONS = {
	connectionStateRecovery: { maxDisconnectionDuration: 2 * 60 * 1000 },
} satisfies Partial<ServerOptions>;
