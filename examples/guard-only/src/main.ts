import { Logger } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { useDemoEnvDefaults } from './config/demo-env.js';
import { variantFromEnv } from './variants.js';

async function bootstrap() {
	useDemoEnvDefaults();
	const app = await NestFactory.create(AppModule);
	app.enableShutdownHooks();
	// #region global-filter
	// Applies to HTTP routes only: gateway handlers never see global filters.
	if (variantFromEnv().globalFilter) app.useGlobalFilters(new AllExceptionsFilter(app.get(HttpAdapterHost)));
	// #endregion global-filter
	const { port, host } = app.get<AppConfig>(APP_CONFIG);
	await app.listen(port, host);
	const address = app.getHttpServer().address() as AddressInfo;
	new Logger('Bootstrap').log(`Chat server listening on http://${host}:${address.port}`);
}

void bootstrap();
