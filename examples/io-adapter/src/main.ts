import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module.js';
import { WsAuthIoAdapter } from './ws-auth/ws-auth-io.adapter.js';
import { adapterForHook } from './ws-auth/pitfall-adapters.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { useDemoEnvDefaults } from './config/demo-env.js';

async function bootstrap() {
	useDemoEnvDefaults();
	const app = await NestFactory.create(AppModule);
	const hook = process.env.AUTH_HOOK;
	// AUTH_HOOK=createIOServer or allowRequest swaps in a deliberately wrong adapter, to see its pitfall.
	app.useWebSocketAdapter(hook ? adapterForHook(app, hook) : new WsAuthIoAdapter(app));
	app.enableShutdownHooks();
	const { port, host } = app.get<AppConfig>(APP_CONFIG);
	await app.listen(port, host);
	const address = app.getHttpServer().address() as AddressInfo;
	new Logger('Bootstrap').log(`Chat server listening on http://${host}:${address.port}`);
}

void bootstrap();
