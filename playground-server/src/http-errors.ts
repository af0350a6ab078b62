import type { IncomingMessage, ServerResponse } from 'node:http';
import { setSecurityHeaders } from './security-headers.ts';

/** A request we refuse, with the status and the message the client gets. */
export class HttpError extends Error {
	readonly status: number;
	readonly headers: Record<string, string>;

	constructor(status: number, message: string, headers: Record<string, string> = {}) {
		super(message);
		this.status = status;
		this.headers = headers;
	}
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	const json = JSON.stringify(body);
	setSecurityHeaders(res);
	res.writeHead(status, {
		'Content-Type': 'application/json; charset=utf-8',
		'Content-Length': Buffer.byteLength(json),
		'Cache-Control': 'no-store',
		...headers,
	});
	res.end(json);
}

export function sendError(res: ServerResponse, error: HttpError): void {
	sendJson(res, error.status, { error: error.message, status: error.status }, error.headers);
}

/** Reads a small JSON object body; anything else is a 4xx with a message. */
export async function readJsonBody(req: IncomingMessage, limit = 1024): Promise<Record<string, unknown>> {
	const type = String(req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
	if (type !== 'application/json') throw new HttpError(415, 'Send a JSON body with Content-Type: application/json.');
	if (Number(req.headers['content-length'] ?? 0) > limit) throw new HttpError(413, `The body is larger than ${limit} bytes.`);
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of req as AsyncIterable<Buffer>) {
		size += chunk.length;
		if (size > limit) throw new HttpError(413, `The body is larger than ${limit} bytes.`);
		chunks.push(chunk);
	}
	let body: unknown;
	try {
		body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
	} catch {
		throw new HttpError(400, 'The body is not valid JSON.');
	}
	if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new HttpError(400, 'The body must be a JSON object.');
	return body as Record<string, unknown>;
}
