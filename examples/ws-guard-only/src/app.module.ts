import { Module } from '@nestjs/common';
import { ConfigModule } from './config/config.module.js';
import { DemoUserLookup } from './ws-auth/demo-user-lookup.js';
import { WsAuthModule } from './ws-auth/ws-auth.module.js';
import { chatGatewayFromEnv } from './variants.js';

@Module({
	imports: [ConfigModule, WsAuthModule.forRoot({ userLookup: DemoUserLookup })],
	providers: [chatGatewayFromEnv()],
})
export class AppModule {}
