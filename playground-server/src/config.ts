import { fileURLToPath } from 'node:url';

/** The repository root: playground-server/src/../.. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface PlaygroundConfig {
	port: number;
	host: string;
	/** The built site (astro build's outDir). */
	siteDir: string;
	/** PLAYGROUND_SITE_DIR names a site built elsewhere: serve it, never rebuild it. */
	siteDirGiven: boolean;
	examplesDir: string;
	/** Only these examples (PLAYGROUND_EXAMPLES=a,b); all of them when empty. */
	onlyExamples: string[];
	/** Build missing or stale examples and the site before starting. */
	build: boolean;
	/** Stream every child's log lines to our stdout. */
	verbose: boolean;
	/** Origins the examples accept (the recommended one checks Origin). */
	publicOrigins: string[];
	tokensPerMinute: number;
	connectionsPerMinute: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): PlaygroundConfig {
	const port = integer(env, 'PORT', 4321, { min: 0, max: 65535 });
	const host = env.HOST || '127.0.0.1';
	const origins = new Set([`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`]);
	if (!['0.0.0.0', '::'].includes(host)) origins.add(`http://${host.includes(':') ? `[${host}]` : host}:${port}`);
	for (const origin of list(env.PLAYGROUND_ORIGINS)) origins.add(origin);
	return {
		port,
		host,
		siteDir: env.PLAYGROUND_SITE_DIR || `${REPO_ROOT}dist`,
		siteDirGiven: Boolean(env.PLAYGROUND_SITE_DIR),
		examplesDir: `${REPO_ROOT}examples`,
		onlyExamples: list(env.PLAYGROUND_EXAMPLES),
		build: env.PLAYGROUND_SKIP_BUILD !== '1',
		verbose: env.PLAYGROUND_VERBOSE === '1',
		publicOrigins: [...origins],
		// A person clicking Connect never comes near these; a script does.
		tokensPerMinute: integer(env, 'TOKENS_PER_MINUTE', 30, { min: 1 }),
		connectionsPerMinute: integer(env, 'CONNECTIONS_PER_MINUTE', 60, { min: 1 }),
	};
}

function list(value: string | undefined): string[] {
	return (value ?? '')
		.split(',')
		.map((item) => item.trim())
		.filter(Boolean);
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, { min = 0, max = Number.MAX_SAFE_INTEGER } = {}) {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < min || value > max) {
		throw new Error(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
	}
	return value;
}
