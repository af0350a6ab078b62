import { parseCookie, stringifySetCookie } from 'cookie';
import type { TokenFrom } from './handshake-token.js';

// The token in a cookie: how the login sets it and how the socket's handshake reads it, in one
// file so that the two cannot drift apart.

// #region read
/**
 * Reads the token from the cookie `name` on the HTTP request that opened the connection
 * (`handshake.headers.cookie`): the first request of the engine.io session, long-polling or
 * WebSocket. Every namespace multiplexed on that connection sees that request's cookies, so a
 * cookie set or cleared later counts from the next connection on.
 */
export function tokenFromCookie(name: string): TokenFrom {
	return (handshake) => {
		const header = handshake.headers.cookie;
		return header === undefined ? undefined : parseCookie(header)[name];
	};
}
// #endregion read

// #region write
// One definition for setting and removing: a browser removes a cookie only when its path (and
// domain) match. What each attribute does is on tokenCookie().
const ATTRIBUTES = { httpOnly: true, secure: true, sameSite: 'lax', path: '/' } as const;

/**
 * The Set-Cookie header that hands a token to the browser:
 * - HttpOnly: the page's scripts cannot read it (`document.cookie` does not list it), so a
 *   script injected into the page cannot copy the token out, though it can act as the user
 *   while it runs;
 * - Secure: only over https. Chromium also keeps and sends it on http://127.0.0.1, where the
 *   browser test runs; on another plain-http host expect the browser to drop it (the socket
 *   is then refused with TOKEN_MISSING);
 * - SameSite=Lax: a page of another site cannot make the browser send it on a WebSocket. A
 *   page of the same site on another origin can: the Origin allow-list keeps those out
 *   (allowed-origins.ts);
 * - Path=/ and no Domain: this host only, every path;
 * - Max-Age: the token's lifetime, so the browser drops the cookie when the token expires.
 */
export function tokenCookie(name: string, token: string, maxAgeSeconds: number): string {
	return stringifySetCookie({ name, value: token, ...ATTRIBUTES, maxAge: maxAgeSeconds });
}

/** The Set-Cookie header that removes it (logout): the same name and attributes, Max-Age=0. */
export function expiredTokenCookie(name: string): string {
	return stringifySetCookie({ name, value: '', ...ATTRIBUTES, maxAge: 0 });
}
// #endregion write
