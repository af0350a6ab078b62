import { Module, type DynamicModule } from '@nestjs/common';
import { JwtModule, type JwtModuleOptions } from '@nestjs/jwt';
import { jwtSettingsFromEnv } from '../ws-auth/ws-auth.module.js';
import { DemoLoginController, LOGIN_COOKIE, TOKEN_LIFETIME_SECONDS } from './demo-login.controller.js';

export interface DemoLoginOptions {
	/** The cookie the login sets, and the socket reads (AUTH_COOKIE). */
	cookieName: string;
}

/**
 * DEMO ONLY: POST /auth/login and /auth/logout, registered only in the cookie variant
 * (AUTH_COOKIE). The login asks for no password; see demo-login.controller.ts.
 */
@Module({})
export class DemoLoginModule {
	/** The login finds users through the UserLookup that the global WsAuthModule exports. */
	static forRoot({ cookieName }: DemoLoginOptions): DynamicModule {
		return {
			module: DemoLoginModule,
			imports: [JwtModule.registerAsync({ useFactory: signingOptionsFromEnv })],
			controllers: [DemoLoginController],
			providers: [{ provide: LOGIN_COOKIE, useValue: cookieName }],
		};
	}
}

/**
 * The login issues the tokens that WsAuthModule checks: HS256 with the same secret, `iss` and `aud`
 * (read as WsAuthModule reads them), and an `exp`.
 */
function signingOptionsFromEnv(): JwtModuleOptions {
	const { secret, issuer, audience } = jwtSettingsFromEnv();
	return { secret, signOptions: { algorithm: 'HS256', issuer, audience, expiresIn: TOKEN_LIFETIME_SECONDS } };
}
