import { Module } from '@nestjs/common';
import { AdminGateway } from './admin/admin.gateway.js';
import { WsAuthModule } from './ws-auth/ws-auth.module.js';
import { ChatGateway } from './chat/chat.gateway.js';
import { ConfigModule } from './config/config.module.js';
import { StatsModule } from './stats/stats.module.js';
import { DemoUserLookup } from './ws-auth/demo-user-lookup.js';

@Module({
	imports: [ConfigModule, WsAuthModule.forRoot({ userLookup: DemoUserLookup }), StatsModule],
	providers: [ChatGateway, AdminGateway],
})
export class AppModule {}
