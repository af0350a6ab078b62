import { Logger } from '@nestjs/common';

/** Injection token for the settings read from the environment at start-up. */
export const APP_CONFIG = Symbol('APP_CONFIG');

export interface AppConfig {
	port: number;
	host: string;
	jwtSecret: string;
	jwtIssuer: string;
	jwtAudience: string;
	/** Simulated latency of the user store, which makes async races visible. */
	userLookupMs: number;
	/** Serve GET /stats (socket counts, memory) for the tests and the benchmark. Off by default. */
	exposeStats: boolean;
}

// Published in the README so that a fresh checkout runs. Anyone who knows it can forge tokens,
// hence the warning below.
const DEMO_SECRET = 'demo-secret-do-not-use-in-production';

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
	if (!env.JWT_SECRET) {
		new Logger('Config').warn(
			'JWT_SECRET is not set: using the public demo secret, so anyone can forge tokens. ' +
				'Set JWT_SECRET before this server leaves your machine.',
		);
	}
	return {
		port: integer(env, 'PORT', 3000),
		host: env.HOST || '127.0.0.1',
		jwtSecret: env.JWT_SECRET || DEMO_SECRET,
		jwtIssuer: env.JWT_ISSUER || 'nestjs-ws-auth-demo',
		jwtAudience: env.JWT_AUDIENCE || 'chat',
		userLookupMs: integer(env, 'USER_LOOKUP_MS', 25),
		exposeStats: env.EXPOSE_STATS === '1',
	};
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 0) {
		throw new Error(`${name} must be a non-negative integer, got "${raw}"`);
	}
	return value;
}
