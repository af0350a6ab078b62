import { Inject, Injectable } from '@nestjs/common';
import { errors, type JWTPayload } from 'jose';
import { WS_AUTH_CONFIG, type WsAuthConfig } from './ws-auth.config.js';
import { type AuthUser, UserLookup } from './user-lookup.js';

/**
 * Real tokens are a few hundred characters; anything far larger is refused before parsing. Raise
 * it if your identity provider's tokens are larger (many groups or roles in them).
 */
export const MAX_TOKEN_LENGTH = 4096;

// #region error
/**
 * Why a handshake was refused. The code is safe to show to the client (it says what to do next:
 * log in, refresh, give up); the detail is for the server log, names what did not match, and
 * never contains the token.
 */
export type WsAuthErrorCode = 'TOKEN_MISSING' | 'TOKEN_INVALID' | 'TOKEN_EXPIRED' | 'USER_UNKNOWN' | 'SESSION_MISMATCH';

export class WsAuthError extends Error {
	constructor(
		readonly code: WsAuthErrorCode,
		readonly detail: string,
	) {
		super(`${code}: ${detail}`);
		this.name = 'WsAuthError';
	}
}
// #endregion error

export interface Authenticated {
	user: AuthUser;
	/** When the token stops being valid, in milliseconds since the epoch. */
	expiresAt: number;
}

/**
 * Turns whatever the client sent as its token into a known user, or throws a `WsAuthError`. It
 * is the same in every example: the examples differ only in where they call it.
 */
@Injectable()
export class WsAuthService {
	constructor(
		@Inject(WS_AUTH_CONFIG) private readonly config: WsAuthConfig,
		private readonly users: UserLookup,
	) {}

	async authenticate(token: unknown): Promise<Authenticated> {
		if (token === undefined || token === null || token === '') {
			throw new WsAuthError('TOKEN_MISSING', 'no token in the handshake');
		}
		if (typeof token !== 'string') {
			throw new WsAuthError('TOKEN_INVALID', `token is a ${typeof token}, not a string`);
		}
		if (token.length > MAX_TOKEN_LENGTH) {
			throw new WsAuthError('TOKEN_INVALID', `token is longer than ${MAX_TOKEN_LENGTH} characters`);
		}

		let claims: JWTPayload;
		try {
			// Algorithm, issuer, audience and a required `exp` are pinned in the config: a socket can
			// live for days, so a token without `exp` is refused.
			claims = await this.config.verify(token);
		} catch (error) {
			// Not the token's fault (your identity provider's key set could not be fetched): not a
			// refusal that tells the client to log in again, so it is rethrown as it is.
			if (!(error instanceof errors.JOSEError) || error instanceof errors.JWKSTimeout || error instanceof errors.JWKSInvalid) throw error;
			throw new WsAuthError(error instanceof errors.JWTExpired ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID', error.message);
		}

		const { userIdClaim, userIdType } = this.config;
		const id = claims[userIdClaim];
		if (id === undefined) throw new WsAuthError('TOKEN_INVALID', `token has no "${userIdClaim}" claim`);
		if (typeof id !== userIdType || (typeof id === 'string' && id === '')) {
			const got = typeof id === 'string' ? 'an empty string' : `a ${id === null ? 'null' : typeof id}`;
			throw new WsAuthError('TOKEN_INVALID', `"${userIdClaim}" must be a ${userIdType} (JWT_USER_ID_TYPE), got ${got}`);
		}
		const user = await this.users.findById(id as string | number);
		if (!user) throw new WsAuthError('USER_UNKNOWN', `no user with ${userIdClaim} ${JSON.stringify(id)}`);
		return { user, expiresAt: (claims.exp as number) * 1000 };
	}
}
