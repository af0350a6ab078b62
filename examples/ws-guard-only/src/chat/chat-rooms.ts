import type { IncomingMessage } from 'node:http';
import { WebSocket } from 'ws';

const ROOM_NAME = /^[\w-]{1,64}$/;

/**
 * The chat rooms of a plain WebSocket server, which has none of its own (socket.io's rooms are
 * socket.io's). A client picks its room with `?room=<name>` in the URL, so that several people
 * can try the same server without seeing each other's messages; anything odd is the lobby.
 */
export class ChatRooms {
	private readonly rooms = new Map<string, Set<WebSocket>>();
	private readonly roomOfSocket = new WeakMap<WebSocket, Set<WebSocket>>();

	join(socket: WebSocket, request: IncomingMessage): void {
		const name = roomOf(request);
		const members = this.rooms.get(name) ?? new Set<WebSocket>();
		this.rooms.set(name, members.add(socket));
		this.roomOfSocket.set(socket, members);
		socket.once('close', () => {
			members.delete(socket);
			if (members.size === 0 && this.rooms.get(name) === members) this.rooms.delete(name);
		});
	}

	/** Sends `{ event, data }` to every open socket in `socket`'s room, `socket` included. */
	broadcast(socket: WebSocket, event: string, data: unknown): void {
		const frame = JSON.stringify({ event, data });
		for (const member of this.roomOfSocket.get(socket) ?? []) {
			if (member.readyState === WebSocket.OPEN) member.send(frame);
		}
	}
}

function roomOf(request: IncomingMessage): string {
	const room = new URL(request.url ?? '/', 'ws://localhost').searchParams.get('room');
	return room !== null && ROOM_NAME.test(room) ? room : 'lobby';
}
