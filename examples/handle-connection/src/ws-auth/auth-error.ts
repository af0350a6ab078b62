/**
 * Why a handshake was refused. The code is safe to show to the client (it says what to do next:
 * log in, refresh, give up); the detail is for the server log and never contains the token.
 */
export type AuthErrorCode = 'TOKEN_MISSING' | 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'USER_UNKNOWN' | 'SESSION_MISMATCH';

export class AuthError extends Error {
	constructor(
		readonly code: AuthErrorCode,
		readonly detail: string,
	) {
		super(`${code}: ${detail}`);
		this.name = 'AuthError';
	}
}
