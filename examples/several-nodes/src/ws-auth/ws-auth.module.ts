import { Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { JwtModule, type JwtModuleOptions } from '@nestjs/jwt';
import { WsAuthService } from './ws-auth.service.js';
import { UserLookup } from './user-lookup.js';

export interface WsAuthModuleOptions {
	/** Your class that implements UserLookup. WsAuthModule creates it, so it can inject anything `imports` exports. */
	userLookup: Type<UserLookup>;
	/** Modules whose exports `userLookup` injects (your UsersModule, say). */
	imports?: ModuleMetadata['imports'];
}

/**
 * Register once, in AppModule: `WsAuthModule.forRoot({ userLookup: YourUserLookup })`.
 * Global, so that any gateway, guard, adapter or login can inject WsAuthService, and the one
 * UserLookup it creates, without importing it.
 */
@Module({})
export class WsAuthModule {
	static forRoot({ userLookup, imports = [] }: WsAuthModuleOptions): DynamicModule {
		return {
			module: WsAuthModule,
			global: true,
			imports: [...imports, JwtModule.registerAsync({ useFactory: jwtOptionsFromEnv })],
			providers: [WsAuthService, { provide: UserLookup, useClass: userLookup }],
			exports: [WsAuthService, UserLookup],
		};
	}
}

/** What a token must be signed with and carry to be accepted: HS256 with `secret`, `iss` and `aud`. */
export interface JwtSettings {
	secret: string;
	issuer: string;
	audience: string;
}

/**
 * Read when the app starts, not when this file is imported, so the environment can still be
 * set up first. There are no defaults: a server that silently used a known secret would
 * accept forged tokens. Exported for code that verifies tokens without JwtService (a Passport
 * strategy, say), so that it checks the same things.
 */
export function jwtSettingsFromEnv(): JwtSettings {
	return {
		secret: requiredEnv('JWT_SECRET', 'the HS256 secret your login signs tokens with'),
		issuer: requiredEnv('JWT_ISSUER', "the `iss` claim your login puts in tokens"),
		audience: requiredEnv('JWT_AUDIENCE', "the `aud` claim your login puts in tokens for this app"),
	};
}

function jwtOptionsFromEnv(): JwtModuleOptions {
	const { secret, issuer, audience } = jwtSettingsFromEnv();
	// Pin the algorithm: never let the token's own header choose how it is checked.
	// Issuer and audience: only tokens your login issued for this app are accepted.
	return { secret, verifyOptions: { algorithms: ['HS256'], issuer, audience } };
}

function requiredEnv(name: string, what: string): string {
	const value = process.env[name];
	if (!value) throw new Error(`${name} is not set: set it to ${what}.`);
	return value;
}
