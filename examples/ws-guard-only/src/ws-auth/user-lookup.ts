import type { UserId } from './ws-auth.config.js';

/** What authentication needs to know about a user. Yours may carry more (a name, a tenant). */
export interface AuthUser {
	id: UserId;
	/** For WsRolesGuard; `[]` if your app has no roles. */
	roles: string[];
}

/**
 * Finds the user a token names, or `undefined` if there is none: the one thing WsAuthService
 * needs from your user store. Implement it with your database, your UsersService or an identity
 * provider, and give the class to `WsAuthModule.forRoot()`.
 *
 * An abstract class rather than an interface because Nest injects by class: it is both the
 * contract and the injection token.
 */
export abstract class UserLookup {
	/**
	 * `id` is the token's user id claim (JWT_USER_ID_CLAIM, default `sub`): a string, or a number
	 * with JWT_USER_ID_TYPE=number.
	 */
	abstract findById(id: UserId): Promise<AuthUser | undefined>;
}
