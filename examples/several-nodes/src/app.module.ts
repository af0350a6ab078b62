import { Module } from '@nestjs/common';
import { AdminGateway } from './admin/admin.gateway.js';
import { SessionsGateway } from './admin/sessions.gateway.js';
import { AuthModule } from './auth/auth.module.js';
import { ChatGateway } from './chat/chat.gateway.js';
import { PresenceGateway } from './chat/presence.gateway.js';
import { ConfigModule } from './config/config.module.js';
import { StatsModule } from './stats/stats.module.js';
import { DemoUsersService } from './users/demo-users.service.js';

@Module({
	imports: [ConfigModule, AuthModule.forRoot({ userLookup: DemoUsersService }), StatsModule],
	providers: [ChatGateway, PresenceGateway, AdminGateway, SessionsGateway],
})
export class AppModule {}
