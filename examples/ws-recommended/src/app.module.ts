import { Module } from '@nestjs/common';
import { ChatGateway } from './chat/chat.gateway.js';
import { ConfigModule } from './config/config.module.js';
import { DemoUserLookup } from './ws-auth/demo-user-lookup.js';
import { WsAuthModule } from './ws-auth/ws-auth.module.js';

@Module({
	imports: [ConfigModule, WsAuthModule.forRoot({ userLookup: DemoUserLookup })],
	providers: [ChatGateway],
})
export class AppModule {}
