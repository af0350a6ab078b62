import { Module } from '@nestjs/common';
import { AdminGateway } from './admin/admin.gateway.js';
import { SecondServerGateway } from './admin/second-server.gateway.js';
import { SessionsEverywhereGateway } from './admin/sessions-everywhere.gateway.js';
import { SessionsGateway } from './admin/sessions.gateway.js';
import { WsAuthModule } from './ws-auth/ws-auth.module.js';
import { ChatGateway } from './chat/chat.gateway.js';
import { ConfigModule } from './config/config.module.js';
import { StatsModule } from './stats/stats.module.js';
import { DemoUserLookup } from './ws-auth/demo-user-lookup.js';

@Module({
	imports: [ConfigModule, WsAuthModule.forRoot({ userLookup: DemoUserLookup }), StatsModule],
	providers: [ChatGateway, AdminGateway, ...sessionGateways()],
})
export class AppModule {}

/**
 * SECOND_SERVER (README: Settings): unset, the app as shipped; `separate`, SecondServerGateway on a
 * socket.io server of its own, and `revoke` on the main server only; `revoke-everywhere`, the same
 * with `revoke` on both servers (SessionsEverywhereGateway).
 */
function sessionGateways() {
	const value = process.env.SECOND_SERVER || undefined;
	if (value === undefined) return [SessionsGateway];
	if (value === 'separate') return [SecondServerGateway, SessionsGateway];
	if (value === 'revoke-everywhere') return [SecondServerGateway, SessionsEverywhereGateway];
	throw new Error(`SECOND_SERVER must be separate or revoke-everywhere (or unset), got "${value}"`);
}
