import type { Server } from 'socket.io';

/** The room every authenticated socket joins in its namespace: all sockets of one user at once. */
export function userRoom(userId: string): string {
	return `user:${userId}`;
}

/**
 * Ends every session of a user now (logout everywhere, a ban, a role change), in every namespace:
 * each socket is told why, with an `exception` carrying `code`, then its connection is closed.
 * Resolves with the number of sockets it closed.
 *
 * This closes sockets; it does not stop the user from connecting again with a token that is
 * still valid. To keep them out, make your UserLookup refuse them too, or keep tokens short.
 */
export async function disconnectUser(server: Server, userId: string, code = 'REVOKED'): Promise<number> {
	// socket.io has no public list of namespaces; `_nsps` is the map its own code uses.
	const namespaces = [...server._nsps.values()].map((namespace) => namespace.in(userRoom(userId)));
	// Counted and told first: closing a connection also ends that client's sockets in the other
	// namespaces, which would then hear nothing.
	const counts = await Promise.all(namespaces.map(async (sockets) => (await sockets.fetchSockets()).length));
	for (const sockets of namespaces) sockets.emit('exception', { status: 'error', message: 'Session revoked', code });
	for (const sockets of namespaces) sockets.disconnectSockets(true);
	return counts.reduce((sum, count) => sum + count, 0);
}
