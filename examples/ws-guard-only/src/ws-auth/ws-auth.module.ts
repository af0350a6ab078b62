import { Module, type DynamicModule, type ModuleMetadata, type Type } from '@nestjs/common';
import { WS_AUTH_CONFIG, wsAuthConfigFromEnv } from './ws-auth.config.js';
import { WsAuthService } from './ws-auth.service.js';
import { UserLookup } from './user-lookup.js';

export interface WsAuthModuleOptions {
	/** Your class that implements UserLookup. WsAuthModule creates it, so it can inject anything `imports` exports. */
	userLookup: Type<UserLookup>;
	/** Modules whose exports `userLookup` injects (your UsersModule, say). */
	imports?: ModuleMetadata['imports'];
}

/**
 * Register once, in your root module: `WsAuthModule.forRoot({ userLookup: YourUserLookup })`.
 * Global, so that any gateway, guard or adapter can inject WsAuthService, and the one UserLookup
 * it creates, without importing it. It has no JwtModule of its own: your login's JwtModule, if
 * it has one, stays as it is.
 */
@Module({})
export class WsAuthModule {
	static forRoot({ userLookup, imports = [] }: WsAuthModuleOptions): DynamicModule {
		return {
			module: WsAuthModule,
			global: true,
			imports,
			providers: [
				// Read when the app starts, not when this file is imported, so the environment can still be set up first.
				{ provide: WS_AUTH_CONFIG, useFactory: () => wsAuthConfigFromEnv() },
				WsAuthService,
				{ provide: UserLookup, useClass: userLookup },
			],
			exports: [WsAuthService, UserLookup],
		};
	}
}
