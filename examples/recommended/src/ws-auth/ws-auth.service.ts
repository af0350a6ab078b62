import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AuthError } from './auth-error.js';
import { type AuthUser, UserLookup } from './user-lookup.js';

/** Real tokens are a few hundred characters; anything far larger is refused before parsing. */
export const MAX_TOKEN_LENGTH = 4096;

export interface Authenticated {
	user: AuthUser;
	/** When the token stops being valid, in milliseconds since the epoch. */
	expiresAt: number;
}

/**
 * Turns whatever the client put in `handshake.auth.token` into a known user, or throws an
 * `AuthError`. It is the same in every example: the examples differ only in where they call it.
 */
@Injectable()
export class WsAuthService {
	constructor(
		private readonly jwt: JwtService,
		private readonly users: UserLookup,
	) {}

	async authenticate(token: unknown): Promise<Authenticated> {
		if (token === undefined || token === null || token === '') {
			throw new AuthError('TOKEN_MISSING', 'no token in the handshake');
		}
		if (typeof token !== 'string') {
			throw new AuthError('TOKEN_INVALID', `token is a ${typeof token}, not a string`);
		}
		if (token.length > MAX_TOKEN_LENGTH) {
			throw new AuthError('TOKEN_INVALID', `token is longer than ${MAX_TOKEN_LENGTH} characters`);
		}

		let claims: { sub?: unknown; exp?: unknown };
		try {
			// Algorithm, issuer and audience are pinned in WsAuthModule's verifyOptions.
			claims = await this.jwt.verifyAsync(token);
		} catch (error) {
			const expired = error instanceof Error && error.name === 'TokenExpiredError';
			throw new AuthError(expired ? 'TOKEN_EXPIRED' : 'TOKEN_INVALID', String((error as Error).message));
		}
		// jsonwebtoken accepts tokens without `exp`; a socket can live for days, so we do not.
		if (typeof claims.exp !== 'number') throw new AuthError('TOKEN_INVALID', 'token has no exp claim');
		if (typeof claims.sub !== 'string') throw new AuthError('TOKEN_INVALID', 'token has no sub claim');

		const user = await this.users.findById(claims.sub);
		if (!user) throw new AuthError('USER_UNKNOWN', 'no such user');
		return { user, expiresAt: claims.exp * 1000 };
	}
}
