import type { IncomingMessage } from 'node:http';

/**
 * Browsers attach cookies to WebSocket upgrades from any site, and CORS does not apply to
 * WebSockets. A page on another origin must not be able to open a socket here, so the
 * engine.io handshake checks `Origin` against an allow-list. Clients that are not browsers
 * send no Origin; they still need a valid token.
 */
export function parseAllowedOrigins(value: string | undefined): Set<string> {
	return new Set(
		(value ?? 'http://localhost:3000,http://127.0.0.1:3000')
			.split(',')
			.map((origin) => origin.trim())
			.filter(Boolean),
	);
}

export function originAllowed(req: IncomingMessage, allowed: Set<string>): boolean {
	const origin = req.headers.origin;
	return origin === undefined || allowed.has(origin);
}
