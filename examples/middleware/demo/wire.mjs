// What a socket's packets say, read on the wire (the Manager's `packet` event) rather than from
// socket.io-client's events, which hide two things an attacker can read:
// - event packets that arrive before the socket's CONNECT: the client keeps them in a buffer it
//   hands to its listeners only once the socket connects, so a refused socket's events never
//   show a leak that happened before the refusal;
// - the session connectionStateRecovery gives a connection: the `pid` of its CONNECT packet and
//   the offset socket.io appends to each event, which restore that session for whoever sends
//   them back.
// One file, copied unchanged into every example (demo/wire.mjs) and into ws-auth-check
// (src/wire.mjs), which stand alone; the playground imports it. No Node imports: it runs in the
// browser too. Edit examples/recommended/demo/wire.mjs, then `npm run sync:shared -- recommended`.
import { outcome } from './outcomes.mjs';

/** socket.io-parser's packet types (PacketType), as numbers on the wire. */
export const PACKET = /** @type {const} */ ({ CONNECT: 0, DISCONNECT: 1, EVENT: 2, CONNECT_ERROR: 4, BINARY_EVENT: 5 });

/**
 * Records every event packet that reaches the socket's namespace while it is not connected, as
 * `wire:<event>:<first argument>`.
 * @param {import('socket.io-client').Socket} socket
 * @param {(seen: string) => void} record
 */
export function tapWire(socket, record) {
	const namespace = namespaceOf(socket);
	let connected = false;
	socket.io.on('packet', ({ type, nsp, data }) => {
		if (nsp !== namespace) return;
		if (type === PACKET.CONNECT) connected = true;
		else if (type === PACKET.DISCONNECT || type === PACKET.CONNECT_ERROR) connected = false;
		else if (!connected && (type === PACKET.EVENT || type === PACKET.BINARY_EVENT)) record(outcome.wire(data[0], data[1]));
	});
	// A closed transport ends the connection without a DISCONNECT packet: what comes on the next
	// one before its CONNECT is on the wire again.
	socket.io.on('close', () => {
		connected = false;
	});
}

/**
 * The session a socket's connection leaves behind, read as its packets arrive: `pid` from its
 * CONNECT packet, `offset` from the last argument of the last event it received. Both exist only
 * with connectionStateRecovery; like socket.io-client, an offset is read only once there is a pid
 * (a string as an event's last argument is otherwise just a string). A new session (another pid)
 * starts without an offset; a restored one keeps its pid.
 * @param {import('socket.io-client').Socket} socket
 * @param {(session: Readonly<Session>) => void} [onChange] called after each change (a page shows it)
 * @returns {Readonly<Session>} kept up to date as packets arrive
 */
export function sessionOf(socket, onChange) {
	/** @type {Session} */
	const session = { pid: undefined, offset: undefined };
	const namespace = namespaceOf(socket);
	socket.io.on('packet', ({ type, nsp, data }) => {
		if (nsp !== namespace) return;
		if (type === PACKET.CONNECT) {
			const pid = typeof data?.pid === 'string' ? data.pid : undefined;
			if (pid !== session.pid) session.offset = undefined;
			session.pid = pid;
		} else if (type === PACKET.EVENT && session.pid !== undefined && Array.isArray(data) && data.length > 1 && typeof data.at(-1) === 'string') {
			session.offset = data.at(-1);
		} else {
			return;
		}
		onChange?.(session);
	});
	return session;
}

/**
 * The namespace a socket was opened on, as its packets name it: the Manager carries the packets
 * of every socket it multiplexes. `nsp` is public at runtime, private only in socket.io-client's
 * type declarations.
 * @param {import('socket.io-client').Socket} socket
 * @returns {string}
 */
function namespaceOf(socket) {
	return /** @type {{ nsp: string }} */ (/** @type {unknown} */ (socket)).nsp;
}

/** @typedef {{ pid: string | undefined, offset: string | undefined }} Session */
