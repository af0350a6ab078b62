import { Logger, type DynamicModule, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { AddressInfo } from 'node:net';
import { AppModule } from './app.module.js';
import { allowedOriginsFromEnv } from './ws-auth/allowed-origins.js';
import { WsAuthIoAdapter } from './ws-auth/ws-auth-io.adapter.js';
import { tokenFromCookie } from './ws-auth/cookie-token.js';
import { APP_CONFIG, type AppConfig } from './config/app-config.js';
import { useDemoEnvDefaults } from './config/demo-env.js';
import { DemoLoginModule } from './login/demo-login.module.js';
import { variantFromEnv } from './variants.js';

async function bootstrap() {
	useDemoEnvDefaults();
	const { authCookie } = variantFromEnv();
	const app = await NestFactory.create(authCookie ? withDemoLogin(authCookie) : AppModule);
	if (authCookie) useTokenCookie(app, authCookie);
	else app.useWebSocketAdapter(new WsAuthIoAdapter(app));
	app.enableShutdownHooks();
	const { port, host } = app.get<AppConfig>(APP_CONFIG);
	await app.listen(port, host);
	const address = app.getHttpServer().address() as AddressInfo;
	new Logger('Bootstrap').log(`Chat server listening on http://${host}:${address.port}`);
}

// #region cookie
/** DEMO ONLY: AppModule plus POST /auth/login, which sets the cookie without asking for a password. */
function withDemoLogin(cookieName: string): DynamicModule {
	return { module: AppModule, imports: [DemoLoginModule.forRoot({ cookieName })] };
}

/** The cookie variant (AUTH_COOKIE): the socket reads its token from the cookie the login set. */
function useTokenCookie(app: INestApplication, cookieName: string): void {
	app.useWebSocketAdapter(new WsAuthIoAdapter(app, { tokenFrom: tokenFromCookie(cookieName), credentials: true }));
	// Pages on the allowed origins call the login with `credentials: 'include'`: its CORS answer
	// must allow credentials, for those origins only. The socket's CORS is the adapter's.
	app.enableCors({ origin: [...allowedOriginsFromEnv()], credentials: true });
}
// #endregion cookie

void bootstrap();
