import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { useDemoEnvDefaults } from './config/demo-env.js';
import { WsAuthAdapter } from './ws-auth/ws-auth.adapter.js';

async function bootstrap() {
	useDemoEnvDefaults();
	const app = await NestFactory.create(AppModule);
	// #region adapter
	app.useWebSocketAdapter(new WsAuthAdapter(app));
	// #endregion adapter
	app.enableShutdownHooks();
	const { port, host } = app.get<AppConfig>(APP_CONFIG);
	await app.listen(port, host);
	const address = app.getHttpServer().address() as AddressInfo;
	new Logger('Bootstrap').log(`Chat server listening on http://${host}:${address.port}`);
}

void bootstrap();
