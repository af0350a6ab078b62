import type { IncomingMessage } from 'node:http';

/**
 * CORS does not apply to WebSockets: any page can open one to this server, and the browser
 * attaches this site's cookies to it whenever their SameSite rules allow. SameSite=Lax (the
 * default in Chromium) and Strict cookies still go out from pages on the same site but another
 * origin (another port, a sibling subdomain); SameSite=None cookies go out from any site where
 * third-party cookies are allowed, and so do cookies without SameSite in browsers that do not
 * default to Lax. So the HTTP request that opens the socket is checked: its `Origin` must be on
 * an allow-list, and only the listed pages may open a socket. Clients that are not browsers send
 * no Origin; they still need a valid token.
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
