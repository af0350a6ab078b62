import type { IncomingMessage } from 'node:http';

/**
 * The subprotocol a browser offers in front of its token: `new WebSocket(url, ['bearer', token])`.
 * A browser cannot set headers on a WebSocket, and a token in the URL ends up in access logs;
 * `Sec-WebSocket-Protocol` is the one header its WebSocket API lets a page fill in.
 */
export const BEARER_PROTOCOL = 'bearer';

// #region token
/**
 * The token in an upgrade request: `Authorization: Bearer <token>` (clients that are not
 * browsers), or else the protocol offered right after `bearer` in `Sec-WebSocket-Protocol`
 * (browsers). `undefined` when there is neither.
 */
export function upgradeToken(request: IncomingMessage): string | undefined {
	const [scheme, credentials] = request.headers.authorization?.split(' ') ?? [];
	if (scheme?.toLowerCase() === 'bearer' && credentials) return credentials;
	const offered = request.headers['sec-websocket-protocol']?.split(',').map((protocol) => protocol.trim()) ?? [];
	const at = offered.indexOf(BEARER_PROTOCOL);
	return at === -1 ? undefined : offered[at + 1] || undefined;
}
// #endregion token
