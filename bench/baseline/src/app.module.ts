import { Module } from '@nestjs/common';
import { ChatGateway } from './chat/chat.gateway.js';
import { ConfigModule } from './config/config.module.js';
import { StatsModule } from './stats/stats.module.js';

// The examples' module minus WsAuthModule (and so minus JWT verification and the user lookup).
@Module({
	imports: [ConfigModule, StatsModule],
	providers: [ChatGateway],
})
export class AppModule {}
