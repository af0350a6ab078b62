import { Module, type DynamicModule } from '@nestjs/common';
import { JwtModule, type JwtModuleOptions } from '@nestjs/jwt';
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
 * The login issues the tokens that WsAuthModule checks: HS256 with the same JWT_SECRET, JWT_ISSUER
 * and JWT_AUDIENCE (the demo sets all three: demo-env.ts), and an `exp`.
 */
function signingOptionsFromEnv(): JwtModuleOptions {
	const { JWT_SECRET: secret, JWT_ISSUER: issuer, JWT_AUDIENCE: audience } = process.env;
	if (!secret) throw new Error('JWT_SECRET is not set: the demo login signs tokens with it.');
	return { secret, signOptions: { algorithm: 'HS256', issuer, audience, expiresIn: TOKEN_LIFETIME_SECONDS } };
}
