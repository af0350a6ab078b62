import type { IncomingMessage } from 'node:http';

/**
 * Browsers attach cookies to WebSocket upgrades from any site, and CORS does not apply to
 * WebSockets. A page on another origin must not be able to open a socket here, so the
 * engine.io handshake checks `Origin` against an allow-list. Clients that are not browsers
 * send no Origin; they still need a valid token.
 *
 * `ALLOWED_ORIGINS` is required: comma-separated origins of the pages that open sockets
 * (`https://app.example.com,http://localhost:5173`), or empty if no browser connects.
 */
export function allowedOriginsFromEnv(value = process.env.ALLOWED_ORIGINS): Set<string> {
	if (value === undefined) {
		throw new Error(
			'ALLOWED_ORIGINS is not set: set it to the comma-separated origins of the web pages that ' +
				'open sockets (e.g. https://app.example.com), or to an empty string if no browser connects.',
		);
	}
	return new Set(
		value
			.split(',')
			.map((origin) => origin.trim())
			.filter(Boolean),
	);
}

export function originAllowed(req: IncomingMessage, allowed: Set<string>): boolean {
	const origin = req.headers.origin;
	return origin === undefined || allowed.has(origin);
}
