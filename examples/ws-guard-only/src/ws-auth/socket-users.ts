import type { WebSocket } from 'ws';
import type { AuthUser } from './user-lookup.js';

// A WeakMap: a socket that is gone takes its user along. A plain WebSocket has no `data` of its own.
const users = new WeakMap<WebSocket, AuthUser>();

export function setUserOf(socket: WebSocket, user: AuthUser): void {
	users.set(socket, user);
}

export function userOf(socket: WebSocket): AuthUser | undefined {
	return users.get(socket);
}
