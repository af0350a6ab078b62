import { Agent, request, type IncomingMessage, type ServerResponse } from 'node:http';
import { connect, type Socket } from 'node:net';
import { setSecurityHeaders } from './security-headers.ts';

// Headers that describe one connection, not the message (RFC 9110 §7.6.1): never forwarded.
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-authenticate']);

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function forwardedHeaders(req: IncomingMessage): Record<string, string | string[]> {
	const headers: Record<string, string | string[]> = {};
	const listed = new Set(
		String(req.headers.connection ?? '')
			.split(',')
			.map((name) => name.trim().toLowerCase()),
	);
	for (const [name, value] of Object.entries(req.headers)) {
		if (value === undefined || HOP_BY_HOP.has(name) || listed.has(name)) continue;
		headers[name] = value;
	}
	headers['x-forwarded-for'] = req.socket.remoteAddress ?? '';
	return headers;
}

/** Forwards one HTTP request (socket.io long-polling) to a loopback port, rewriting its path. */
export function proxyRequest(req: IncomingMessage, res: ServerResponse, port: number, path: string, onError: (error: Error) => void): void {
	const upstream = request({ host: '127.0.0.1', port, method: req.method, path, headers: forwardedHeaders(req), agent }, (response) => {
		const headers: Record<string, string | string[]> = {};
		for (const [name, value] of Object.entries(response.headers)) {
			if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
		}
		setSecurityHeaders(res);
		res.writeHead(response.statusCode ?? 502, headers);
		response.pipe(res);
	});
	upstream.on('error', (error) => {
		if (res.headersSent) res.destroy();
		else onError(error);
	});
	// The visitor went away: stop the long-poll upstream too.
	res.on('close', () => {
		if (!res.writableFinished) upstream.destroy();
	});
	req.pipe(upstream);
}

/**
 * Forwards an HTTP upgrade (the WebSocket transport) to a loopback port: replays the request
 * head with the rewritten path, then pipes bytes both ways until either side closes.
 */
export function proxyUpgrade(req: IncomingMessage, client: Socket, head: Buffer, port: number, path: string, onError: (error: Error) => void): void {
	const upstream = connect({ host: '127.0.0.1', port });
	const lines = [`${req.method} ${path} HTTP/1.1`];
	const headers = forwardedHeaders(req);
	headers.connection = 'Upgrade';
	headers.upgrade = String(req.headers.upgrade);
	for (const [name, value] of Object.entries(headers)) {
		for (const item of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${item.replace(/[\r\n]/g, '')}`);
	}
	let connected = false;
	upstream.once('connect', () => {
		connected = true;
		upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
		if (head.length) upstream.write(head);
		upstream.pipe(client);
		client.pipe(upstream);
	});
	upstream.on('error', (error) => {
		if (!connected) onError(error);
		client.destroy();
	});
	client.on('error', () => upstream.destroy());
	upstream.on('close', () => client.destroy());
	client.on('close', () => upstream.destroy());
}
