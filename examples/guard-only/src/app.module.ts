import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerGuard, ThrottlerModule } from '@nestjs/throttler';
import { AdminGateway } from './admin/admin.gateway.js';
import { WsAuthModule } from './ws-auth/ws-auth.module.js';
import { JwtStrategy } from './ws-auth/jwt.strategy.js';
import { WsJwtGuard } from './ws-auth/ws-jwt.guard.js';
import { ConfigModule } from './config/config.module.js';
import { StatsModule } from './stats/stats.module.js';
import { DemoUserLookup } from './ws-auth/demo-user-lookup.js';
import { THROTTLE_LIMIT, variantFromEnv } from './variants.js';

// As shipped, none of the variants is on (see variants.ts).
const variant = variantFromEnv();

@Module({
	imports: [
		ConfigModule,
		WsAuthModule.forRoot({ userLookup: DemoUserLookup }),
		StatsModule,
		// #region throttler-module
		...(variant.throttle ? [ThrottlerModule.forRoot([THROTTLE_LIMIT])] : []),
		// #endregion throttler-module
	],
	providers: [
		WsJwtGuard,
		variant.chatGateway,
		AdminGateway,
		// #region global-guard
		// A global guard runs before every HTTP route and every gateway handler (context type 'ws').
		...(variant.globalGuard ? [{ provide: APP_GUARD, useClass: variant.globalGuard }] : []),
		// #endregion global-guard
		// #region global-throttler-guard
		// DELIBERATELY WRONG for gateways: on NestJS 12 this guard runs for every gateway event too.
		...(variant.throttle === 'global-guard' ? [{ provide: APP_GUARD, useClass: ThrottlerGuard }] : []),
		// #endregion global-throttler-guard
		// The strategy registers itself with Passport when Nest creates it; it finds users the way
		// WsAuthService does, through the UserLookup that the global WsAuthModule exports.
		...(variant.passport ? [JwtStrategy] : []),
	],
})
export class AppModule {}
