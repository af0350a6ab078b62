/** Injection token for the example's own settings, read from the environment at start-up. */
export const APP_CONFIG = Symbol('APP_CONFIG');

export interface AppConfig {
	port: number;
	host: string;
	/** Serve GET /stats (socket counts, memory) for the tests and the benchmark. Off by default. */
	exposeStats: boolean;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
	return {
		port: integer(env, 'PORT', 3000),
		host: env.HOST || '127.0.0.1',
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
