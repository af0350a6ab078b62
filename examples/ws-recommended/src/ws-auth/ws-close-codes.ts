/**
 * Close codes this server sends, from the range RFC 6455 leaves to applications (4000-4999). A
 * browser sees the code and the reason of a close frame (`CloseEvent.code`, `.reason`), but
 * nothing of a refused upgrade, not even its HTTP status: so a socket that was open and must end
 * says why with one of these.
 */
export const WS_CLOSE = {
	/**
	 * The token the socket was opened with has expired: refresh it, then open a new socket. 4401,
	 * after HTTP's 401, as graphql-ws numbers its own 44xx codes.
	 */
	TOKEN_EXPIRED: 4401,
} as const;
