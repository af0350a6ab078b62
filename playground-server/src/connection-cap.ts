import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { clientKey } from './client-address.ts';

/**
 * Caps the open TCP connections per peer address (IPv6 per /64): a connection beyond the cap
 * is closed before a byte is read, so one client cannot hold every socket of the server with
 * slow or idle connections. Written here because neither Node nor Fastify offers a per-address
 * cap (server.maxConnections is one global number, which one client could then exhaust).
 * Returns the open connections, so that shutdown can close them all.
 */
export function capConnectionsPerAddress(server: Server, max: number): Set<Socket> {
	const open = new Set<Socket>();
	const perAddress = new Map<string, number>();
	server.on('connection', (socket: Socket) => {
		const key = clientKey(socket.remoteAddress);
		const count = perAddress.get(key) ?? 0;
		if (max > 0 && count >= max) {
			socket.destroy();
			return;
		}
		perAddress.set(key, count + 1);
		open.add(socket);
		socket.once('close', () => {
			open.delete(socket);
			const left = (perAddress.get(key) ?? 1) - 1;
			if (left > 0) perAddress.set(key, left);
			else perAddress.delete(key);
		});
	});
	return open;
}
