import { BadRequestException, Body, Controller, HttpCode, Inject, Post, Res, UnauthorizedException } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import type { ServerResponse } from 'node:http';
import { expiredTokenCookie, tokenCookie } from '../ws-auth/cookie-token.js';
import { UserLookup } from '../ws-auth/user-lookup.js';
import { isUserId } from '../users/user-id.js';

/** Injection token: the name of the cookie that carries the token. */
export const LOGIN_COOKIE = Symbol('LOGIN_COOKIE');

/** How long a token, and the cookie that carries it, lasts. */
export const TOKEN_LIFETIME_SECONDS = 10 * 60;

// #region login
/**
 * DEMO ONLY, DELIBERATELY INSECURE: logs in any demo user by id alone, with no password, so that
 * the cookie variant can be tried. A real login checks credentials (a password, a passkey, an
 * identity provider's code) before it sets the cookie. What is meant to be copied is how it sets
 * the cookie: tokenCookie() in src/ws-auth/cookie-token.ts.
 *
 * POST /auth/login `{ "userId": "alice" }` → 200 `{ id }` and `Set-Cookie: <AUTH_COOKIE>=<jwt>;
 * HttpOnly; Secure; SameSite=Lax`; 400 for a body without a user id; 401 for an unknown user.
 * POST /auth/logout → 204 and a Set-Cookie that removes the cookie.
 */
@Controller('auth')
export class DemoLoginController {
	constructor(
		private readonly jwt: JwtService,
		private readonly users: UserLookup,
		@Inject(LOGIN_COOKIE) private readonly cookieName: string,
	) {}

	@Post('login')
	@HttpCode(200)
	async login(@Body() body: unknown, @Res({ passthrough: true }) res: ServerResponse) {
		const userId: unknown = (body as { userId?: unknown } | null)?.userId;
		if (!isUserId(userId)) throw new BadRequestException('userId must be a user id');
		// DEMO ONLY: no password, no check that the caller is this user.
		const user = await this.users.findById(userId);
		if (!user) throw new UnauthorizedException('unknown user');
		const token = await this.jwt.signAsync({ sub: user.id });
		res.setHeader('Set-Cookie', tokenCookie(this.cookieName, token, TOKEN_LIFETIME_SECONDS));
		return { id: user.id };
	}

	/**
	 * Removes the cookie. Sockets already open stay connected: their token was checked at their
	 * handshake. To end them too, call disconnectUser() (src/ws-auth/user-sockets.ts).
	 */
	@Post('logout')
	@HttpCode(204)
	logout(@Res({ passthrough: true }) res: ServerResponse): void {
		res.setHeader('Set-Cookie', expiredTokenCookie(this.cookieName));
	}
}
// #endregion login
