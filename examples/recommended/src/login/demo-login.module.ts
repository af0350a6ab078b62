import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { JwtModule, type JwtModuleOptions } from '@nestjs/jwt';
import { jwtSettingsFromEnv } from '../auth/auth.module.js';
import { UserLookup } from '../auth/user-lookup.js';
import { DemoLoginController, LOGIN_COOKIE, TOKEN_LIFETIME_SECONDS } from './demo-login.controller.js';

export interface DemoLoginOptions {
	/** The cookie the login sets, and the socket reads (AUTH_COOKIE). */
	cookieName: string;
	userLookup: Type<UserLookup>;
}

/**
 * DEMO ONLY: POST /auth/login and /auth/logout, registered only in the cookie variant
 * (AUTH_COOKIE). The login asks for no password; see demo-login.controller.ts.
 */
@Module({})
export class DemoLoginModule {
	static forRoot({ cookieName, userLookup }: DemoLoginOptions): DynamicModule {
		return {
			module: DemoLoginModule,
			imports: [JwtModule.registerAsync({ useFactory: signingOptionsFromEnv })],
			controllers: [DemoLoginController],
			providers: [
				{ provide: UserLookup, useClass: userLookup },
				{ provide: LOGIN_COOKIE, useValue: cookieName },
			],
		};
	}
}

/**
 * The login issues the tokens that AuthModule checks: HS256 with the same secret, `iss` and `aud`
 * (read as AuthModule reads them), and an `exp`.
 */
function signingOptionsFromEnv(): JwtModuleOptions {
	const { secret, issuer, audience } = jwtSettingsFromEnv();
	return { secret, signOptions: { algorithm: 'HS256', issuer, audience, expiresIn: TOKEN_LIFETIME_SECONDS } };
}
