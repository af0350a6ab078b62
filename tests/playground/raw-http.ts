// HTTP at the byte level, for tests that send what a browser or fetch never would (malformed
// framing, unnormalized paths, trickled bytes). Loopback only.
import { request } from 'node:http';
import { connect, type Socket } from 'node:net';

export interface RawResponse {
	status: number;
	headers: Record<string, string>;
	body: string;
}

/** One request through node:http, which sends the path exactly as given (fetch normalizes it). */
export function send(port: number, path: string, headers: Record<string, string> = {}, method = 'GET', body?: string): Promise<RawResponse> {
	return new Promise((resolve, reject) => {
		const req = request({ host: '127.0.0.1', port, path, method, headers, agent: false, timeout: 10_000 }, (res) => {
			let text = '';
			res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
			res.on('end', () => resolve({ status: res.statusCode!, headers: flatten(res.headers), body: text }));
			res.on('error', reject);
		});
		req.on('timeout', () => req.destroy(new Error(`no answer to ${method} ${path} within 10 s`)));
		req.on('error', reject);
		req.end(body);
	});
}

function flatten(headers: Record<string, string | string[] | undefined>): Record<string, string> {
	return Object.fromEntries(Object.entries(headers).map(([name, value]) => [name, Array.isArray(value) ? value.join(', ') : (value ?? '')]));
}

/** A TCP connection to the server, with everything it sends collected and its closing noticed. */
export interface RawConnection {
	socket: Socket;
	/** Everything received so far. */
	received(): string;
	/** Resolves when the connection is closed (by either side); true if within `ms`. */
	closedWithin(ms: number): Promise<boolean>;
	closed: boolean;
}

export function open(port: number): Promise<RawConnection> {
	return new Promise((resolve, reject) => {
		const socket = connect({ host: '127.0.0.1', port });
		let data = '';
		let closed = false;
		const whenClosed = new Promise<void>((done) => socket.once('close', () => ((closed = true), done())));
		socket.setEncoding('utf8').on('data', (chunk: string) => (data += chunk));
		// A reset by the server is a close too; the tests look at the outcome, not the manner.
		socket.on('error', () => {});
		socket.once('connect', () =>
			resolve({
				socket,
				received: () => data,
				get closed() {
					return closed;
				},
				closedWithin: (ms) => Promise.race([whenClosed.then(() => true), sleep(ms).then(() => closed)]),
			}),
		);
		socket.once('error', reject);
	});
}

/**
 * Sends `data` on a fresh connection and returns what came back once the server closed it, or
 * once `ms` passed. Each response is cut out by its own framing (Content-Length or chunked).
 */
export async function exchange(port: number, data: string, ms = 10_000): Promise<RawResponse[]> {
	const connection = await open(port);
	try {
		connection.socket.write(data);
		await connection.closedWithin(ms);
		return parseResponses(connection.received());
	} finally {
		connection.socket.destroy();
	}
}

/** Splits a byte stream of HTTP/1.1 responses; a truncated last one is kept as far as it got. */
export function parseResponses(stream: string): RawResponse[] {
	const responses: RawResponse[] = [];
	let rest = stream;
	while (rest.startsWith('HTTP/')) {
		const end = rest.indexOf('\r\n\r\n');
		if (end < 0) break;
		const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
		const headers: Record<string, string> = {};
		for (const line of lines) {
			const colon = line.indexOf(':');
			headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
		}
		rest = rest.slice(end + 4);
		let body = '';
		if (headers['transfer-encoding']?.includes('chunked')) {
			for (;;) {
				const lineEnd = rest.indexOf('\r\n');
				const size = lineEnd < 0 ? 0 : parseInt(rest.slice(0, lineEnd), 16);
				if (lineEnd < 0 || !size) {
					rest = lineEnd < 0 ? '' : rest.slice(lineEnd + 2).replace(/^\r\n/, '');
					break;
				}
				body += rest.slice(lineEnd + 2, lineEnd + 2 + size);
				rest = rest.slice(lineEnd + 2 + size + 2);
			}
		} else {
			// Content-Length counts bytes; the tests' bodies are ASCII, so characters will do.
			const length = Number(headers['content-length'] ?? rest.length);
			body = rest.slice(0, length);
			rest = rest.slice(length);
		}
		responses.push({ status: Number(statusLine!.split(' ')[1]), headers, body });
	}
	return responses;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * A WebSocket upgrade request: 101 (the connection is then closed at once), or the refusal the
 * server sent instead.
 */
export async function upgrade(port: number, path: string, headers: Record<string, string> = {}): Promise<RawResponse> {
	const connection = await open(port);
	try {
		const lines = [`GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${port}`, 'Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ=='];
		for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
		connection.socket.write(`${lines.join('\r\n')}\r\n\r\n`);
		const deadline = Date.now() + 10_000;
		// Bounded wait: a 101 keeps the connection open, a refusal carries its own length or closes.
		while (Date.now() < deadline && !connection.closed) {
			const [response] = parseResponses(connection.received());
			if (response && (response.status === 101 || response.body.length >= Number(response.headers['content-length'] ?? Infinity))) return response;
			await sleep(20);
		}
		const [response] = parseResponses(connection.received());
		if (!response) throw new Error(`no answer to the upgrade of ${path}`);
		return response;
	} finally {
		connection.socket.destroy();
	}
}

/** Whether anything accepts connections on the port. */
export async function answering(port: number): Promise<boolean> {
	try {
		(await open(port)).socket.destroy();
		return true;
	} catch {
		return false;
	}
}
