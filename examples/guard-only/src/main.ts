import { Logger, ValidationPipe } from '@nestjs/common';
import { HttpAdapterHost, NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module.js';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { WsValidationPipe } from './common/ws-validation.pipe.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { useDemoEnvDefaults } from './config/demo-env.js';
import { variantFromEnv } from './variants.js';

async function bootstrap() {
	useDemoEnvDefaults();
	// As shipped, none of the variants is on (see variants.ts).
	const variant = variantFromEnv();
	const app = await NestFactory.create(AppModule);
	app.enableShutdownHooks();
	// #region global-filter
	// Applies to HTTP routes only: gateway handlers never see global filters.
	if (variant.globalFilter) app.useGlobalFilters(new AllExceptionsFilter(app.get(HttpAdapterHost)));
	// #endregion global-filter
	// #region global-validation
	// DELIBERATELY UNHELPFUL for gateways: a bad payload reaches the socket client as "Internal server error".
	if (variant.validation === 'global') app.useGlobalPipes(new ValidationPipe());
	// #endregion global-validation
	// #region global-ws-validation
	// Gateway clients get a useful message on NestJS 12. Being global, the pipe runs for every HTTP route too.
	if (variant.validation === 'global-ws-exception') app.useGlobalPipes(new WsValidationPipe());
	// #endregion global-ws-validation
	const { port, host } = app.get<AppConfig>(APP_CONFIG);
	await app.listen(port, host);
	const address = app.getHttpServer().address() as AddressInfo;
	new Logger('Bootstrap').log(`Chat server listening on http://${host}:${address.port}`);
}

void bootstrap();
