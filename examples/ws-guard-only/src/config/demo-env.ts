import { Logger } from '@nestjs/common';

// DELIBERATELY INSECURE, for the demo only. WsAuthModule has no defaults (your app must set these);
// the example fills in public values so that a fresh checkout runs with `npm start`. Anyone who
// knows the secret below can forge tokens, hence the warning.
const DEMO_ENV = {
	JWT_SECRET: 'demo-secret-do-not-use-in-production',
	JWT_ISSUER: 'nestjs-ws-auth-demo',
	JWT_AUDIENCE: 'chat',
	// Read by the recommended example's Origin check.
	ALLOWED_ORIGINS: 'http://localhost:3000,http://127.0.0.1:3000',
};

/** Sets each demo value that the environment leaves unset. */
export function useDemoEnvDefaults(env: NodeJS.ProcessEnv = process.env): void {
	for (const [name, value] of Object.entries(DEMO_ENV)) {
		if (!env[name]) env[name] = value;
	}
	if (env.JWT_SECRET === DEMO_ENV.JWT_SECRET) {
		new Logger('Config').warn(
			'JWT_SECRET is not set: using the public demo secret, so anyone can forge tokens. ' +
				'Set JWT_SECRET before this server leaves your machine.',
		);
	}
}
