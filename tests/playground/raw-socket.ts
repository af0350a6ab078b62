// A socket.io client at the frame level, through the playground's WebSocket relay: what an
// attacker scripts (no reading, floods), which socket.io-client never does. Loopback only.
import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import WebSocket from 'ws';

export interface RawSocket {
	ws: WebSocket;
	/** Every text frame received so far. */
	frames: string[];
	/** How the connection ended: the close code and reason the client got (1006: cut off without one). */
	closed: Promise<{ code: number; reason: string }>;
}

/**
 * A WebSocket to /live/<approach>/socket.io/, connected to the default namespace with `auth`
 * (the socket.io CONNECT packet) once engine.io has opened. Resolves when socket.io answers it.
 */
export function connectRaw(port: number, approach: string, auth: Record<string, string> = {}): Promise<RawSocket> {
	const ws = new WebSocket(`ws://127.0.0.1:${port}/live/${approach}/socket.io/?EIO=4&transport=websocket`, { perMessageDeflate: false });
	const frames: string[] = [];
	const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
	return new Promise((resolve, reject) => {
		ws.on('error', reject);
		ws.on('message', (data) => {
			const frame = data.toString();
			frames.push(frame);
			if (frame.startsWith('0{')) ws.send(`40${JSON.stringify(auth)}`);
			else if (frame === '2') ws.send('3');
			else if (frame.startsWith('40{')) resolve({ ws, frames, closed });
			else if (frame.startsWith('44')) reject(new Error(`socket.io refused the connection: ${frame}`));
		});
		closed.then(({ code, reason }) => reject(new Error(`closed before connecting: ${code} ${reason}`)));
	});
}

/** A socket.io `message` event with an acknowledgement id, as a WebSocket frame. */
export const messageFrame = (id: number, text: string) => `42${id}["message",${JSON.stringify({ text })}]`;

/** A client that stops reading once connected: a TCP socket with the WebSocket framing done by hand. */
export interface StalledReader {
	/** Reads what the server sent, until its close frame, the end of the connection, or for `ms`: the frames, and the close frame's code and reason. */
	readAll(ms: number): Promise<{ frames: number; close: { code: number; reason: string } | null }>;
	/** Whether the connection has ended (seen only while reading). */
	readonly closed: boolean;
	destroy(): void;
}

/**
 * Connects like connectRaw, then stops reading (the kernel's buffers fill, then the server's
 * queue): what the review's attacker did with a 4 KB receive buffer. No WebSocket library on this
 * side, so nothing is read or buffered behind the test's back.
 */
export function stalledReader(port: number, approach: string, auth: Record<string, string> = {}): Promise<StalledReader> {
	let connectSent = false;
	return stallOnceConnected(port, `/live/${approach}/socket.io/?EIO=4&transport=websocket`, 10_000, (texts, send) => {
		if (!connectSent && texts.some((text) => text.startsWith('0{'))) {
			connectSent = true;
			send(`40${JSON.stringify(auth)}`);
		}
		return texts.some((text) => text.startsWith('40{'));
	});
}

/** A plain WebSocket to `path` that stops reading once upgraded, as stalledReader does for socket.io. */
export function stalledPlainReader(port: number, path: string): Promise<StalledReader> {
	return stallOnceConnected(port, path, 5_000, () => true);
}

/**
 * Upgrades `path` on a bare TCP socket and shows every text frame received to `connected` (which
 * may answer through `send`) until it says the connection is up; then stops reading. Rejects if
 * the upgrade is refused, or not connected within `withinMs`.
 */
function stallOnceConnected(
	port: number,
	path: string,
	withinMs: number,
	connected: (texts: string[], send: (text: string) => void) => boolean,
): Promise<StalledReader> {
	const socket = connect({ host: '127.0.0.1', port });
	let received = Buffer.alloc(0);
	let closed = false;
	const ended = new Promise<void>((resolve) => socket.once('close', () => ((closed = true), resolve())));
	socket.on('error', () => {});
	socket.on('data', (chunk: Buffer) => (received = Buffer.concat([received, chunk])));
	socket.write(
		`GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n` +
			`Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\n\r\n`,
	);
	return new Promise((resolve, reject) => {
		const fail = (why: string) => {
			clearTimeout(timer);
			socket.off('data', check);
			reject(new Error(`${why} (${path}): ${received.toString('latin1').slice(0, 300)}`));
		};
		const timer = setTimeout(() => fail(`not connected within ${withinMs} ms`), withinMs);
		const check = () => {
			const head = received.indexOf('\r\n\r\n');
			if (head === -1) return;
			if (!/^HTTP\/1\.1 101 /.test(received.toString('latin1', 0, head))) return fail('the upgrade was refused');
			const texts = parseFrames(received.subarray(head + 4)).frames.map((frame) => frame.payload.toString());
			if (!connected(texts, (text) => socket.write(maskedTextFrame(text)))) return;
			clearTimeout(timer);
			socket.off('data', check);
			socket.pause();
			resolve({
				async readAll(ms) {
					socket.resume();
					const deadline = Date.now() + ms;
					for (;;) {
						const { frames, close } = parseFrames(received.subarray(head + 4));
						if (close || closed || Date.now() > deadline) return { frames: frames.length, close };
						await Promise.race([ended, new Promise((done) => setTimeout(done, 100))]);
					}
				},
				get closed() {
					return closed;
				},
				destroy: () => socket.destroy(),
			});
		};
		socket.on('data', check);
	});
}

/** Server frames (never masked, never fragmented by ws for text this small): text frames, and a close frame's code and reason. */
export function parseFrames(bytes: Buffer) {
	const frames: Array<{ opcode: number; payload: Buffer }> = [];
	let close: { code: number; reason: string } | null = null;
	let at = 0;
	while (at + 2 <= bytes.length) {
		const opcode = bytes[at]! & 0x0f;
		let length = bytes[at + 1]! & 0x7f;
		let start = at + 2;
		if (length === 126) [length, start] = [bytes.readUInt16BE(at + 2), at + 4];
		else if (length === 127) [length, start] = [Number(bytes.readBigUInt64BE(at + 2)), at + 10];
		if (start + length > bytes.length) break;
		const payload = bytes.subarray(start, start + length);
		if (opcode === 0x8) close = { code: payload.length >= 2 ? payload.readUInt16BE(0) : 1005, reason: payload.subarray(2).toString() };
		else frames.push({ opcode, payload });
		at = start + length;
	}
	return { frames, close };
}

/** A client's text frame: masked, as RFC 6455 §5.3 requires of clients. */
function maskedTextFrame(text: string): Buffer {
	const payload = Buffer.from(text);
	const mask = randomBytes(4);
	const length = payload.length < 126 ? Buffer.from([0x80 | payload.length]) : Buffer.from([0x80 | 126, payload.length >> 8, payload.length & 0xff]);
	const masked = Buffer.from(payload.map((byte, index) => byte ^ mask[index % 4]!));
	return Buffer.concat([Buffer.from([0x81]), length, mask, masked]);
}
