import type { Namespace, Server, Socket } from 'socket.io';
import type { UserId } from './ws-auth.config.js';
import type { Authenticated } from './ws-auth.service.js';

/** What this folder's checks read from a socket the middleware accepted. */
export interface WsAuthRecord {
	userId: UserId;
	/** When the token stops being valid, in milliseconds since the epoch. */
	expiresAt: number;
}

/**
 * Records the user on a socket the middleware accepts: in `socket.data.user` for your gateways
 * and guards, and the id and the token's expiry in `socket.data.wsAuth`, which the expiry timer,
 * the refresh and the recovery check read. Not `socket.data.user`: guards of your own may set that
 * one themselves (a per-message JWT guard often puts its payload there). Both are plain data, so
 * they survive in a session kept by connectionStateRecovery, on Redis too.
 */
export function recordUser(socket: Socket, { user, expiresAt }: Authenticated): void {
	socket.data.user = user;
	socket.data.wsAuth = { userId: user.id, expiresAt } satisfies WsAuthRecord;
}

/** The record of recordUser(), if any. */
export function recordOf(socket: Pick<Socket, 'data'>): WsAuthRecord | undefined {
	return socket.data?.wsAuth;
}

/** The room every authenticated socket joins in its namespace: all sockets of one user at once. */
export function userRoom(userId: UserId): string {
	return `user:${userId}`;
}

/**
 * How long disconnectUser() waits for the other nodes (with a cluster adapter such as Redis's) to
 * say how many of the user's sockets they hold. socket.io's cluster adapters wait 5 s by default
 * for every node Redis knows, a node that hangs (SIGSTOP, a long pause) included, and while Redis
 * is down, until it is back. Healthy nodes answer in milliseconds: the admin need not wait longer.
 */
export const COUNT_TIMEOUT_MS = 2000;

/** What did not answer in time: another node, or Redis (so not even the number of nodes is known). */
export type CountTimedOut = 'other nodes' | 'redis';

/**
 * What disconnectUser() knows when it resolves:
 * - `{ revoked }`: every node counted; the user had that many sockets on all of them together,
 *   and each is told and closed;
 * - otherwise `revokedHere` sockets of this node were told and closed, and the other nodes were
 *   sent the revocation (each acts on it when it reads it from Redis), their count unknown.
 */
export type Revocation = { revoked: number } | { revokedHere: number; elsewhere: 'sent, count unknown'; timedOut: CountTimedOut };

/**
 * Ends every session of a user now (logout everywhere, a ban, a role change), in every namespace:
 * each socket is told why, with an `exception` carrying `code`, then its connection is closed.
 * Resolves within COUNT_TIMEOUT_MS, even while another node hangs or Redis is down.
 *
 * This closes sockets; it does not stop the user from connecting again with a token that is
 * still valid. To keep them out, make your UserLookup refuse them too, or keep tokens short.
 */
export async function disconnectUser(server: Server, userId: UserId, code = 'REVOKED'): Promise<Revocation> {
	const room = userRoom(userId);
	// socket.io has no public list of namespaces; `_nsps` is the map its own code uses.
	const namespaces = [...server._nsps.values()];
	// Counted before anything closes: fetchSockets() takes this node's sockets when it is called,
	// then asks the other nodes.
	const counts = namespaces.map((namespace) => countEverywhere(namespace, room));
	// This node's share, the one count known for sure if the others do not answer.
	const here = namespaces.reduce((sum, namespace) => sum + (namespace.adapter.rooms.get(room)?.size ?? 0), 0);
	// This node's sockets at once: with the `local` flag, a cluster adapter acts without first
	// publishing to Redis, which it otherwise awaits even for the sockets on its own node.
	tellAndClose(namespaces.map((namespace) => namespace.local.in(room)), code);
	const answers = await Promise.all(counts);
	// Then every node, through the adapter (this node has no one left in the room). Only now: a node
	// that closed its sockets before it counted them would answer 0. A node that hangs acts when it
	// resumes, and while Redis is down the Redis client keeps the messages until it is back.
	tellAndClose(namespaces.map((namespace) => namespace.in(room)), code);
	const counted = answers.filter((answer): answer is number => typeof answer === 'number');
	if (counted.length === answers.length) return { revoked: counted.reduce((sum, count) => sum + count, 0) };
	return { revokedHere: here, elsewhere: 'sent, count unknown', timedOut: answers.includes('redis') ? 'redis' : 'other nodes' };
}

type Sockets = ReturnType<Namespace['in']>;

function tellAndClose(namespaces: Sockets[], code: string): void {
	// Told first, in every namespace: closing a connection also ends that client's sockets in the
	// other namespaces, which would then hear nothing.
	for (const sockets of namespaces) sockets.emit('exception', { status: 'error', message: 'Session revoked', code });
	for (const sockets of namespaces) sockets.disconnectSockets(true);
}

/** The user's sockets in `namespace` on every node, or what did not answer within COUNT_TIMEOUT_MS. */
async function countEverywhere(namespace: Namespace, room: string): Promise<number | CountTimedOut> {
	// Asked only to tell, on a timeout, whether Redis answered at all. The adapter asks it the same
	// before it asks the nodes; while Redis is down, the Redis client keeps the question queued.
	let redisAnswered = false;
	namespace.adapter.serverCount().then(() => (redisAnswered = true), () => {});
	// timeout(): the adapter, too, stops waiting for the nodes' answers then (and rejects).
	const sockets = namespace.in(room).timeout(COUNT_TIMEOUT_MS).fetchSockets();
	const count = sockets.then((found) => found.length, () => undefined);
	return (await within(count, COUNT_TIMEOUT_MS)) ?? (redisAnswered ? 'other nodes' : 'redis');
}

/** What `promise` resolves with, or undefined if that takes longer than `ms`. */
function within<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
	let timer: NodeJS.Timeout | undefined;
	const late = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), ms)));
	return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
