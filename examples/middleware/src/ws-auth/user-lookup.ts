/** What authentication needs to know about a user. Yours may carry more (a name, a tenant). */
export interface AuthUser {
	id: string;
	roles: string[];
}

/**
 * Finds the user a token names (its `sub` claim), or `undefined` if there is none: the one
 * thing WsAuthService needs from your user store. Implement it with your database, your
 * UsersService or an identity provider, and give the class to `WsAuthModule.forRoot()`.
 *
 * An abstract class rather than an interface because Nest injects by class: it is both the
 * contract and the injection token.
 */
export abstract class UserLookup {
	abstract findById(id: string): Promise<AuthUser | undefined>;
}
