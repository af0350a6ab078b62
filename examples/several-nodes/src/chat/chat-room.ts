import type { Socket } from 'socket.io';

const ROOM_NAME = /^[\w-]{1,64}$/;

/**
 * The chat room a client asked for with `auth: { room }`, so that several people can try the
 * same server without seeing each other's messages. Anything odd falls back to the lobby.
 */
export function chatRoomOf(socket: Socket): string {
	const room: unknown = socket.handshake.auth?.room;
	return typeof room === 'string' && ROOM_NAME.test(room) ? `chat:${room}` : 'chat:lobby';
}
