import { isIP } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { SocketLimits } from './relay-limits.ts';

/** The repository root: playground-server/src/../.. */
export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** Every setting, read from the environment once at start-up. README.md documents each one. */
export interface PlaygroundConfig {
	port: number;
	host: string;
	/** The origin visitors use (PUBLIC_ORIGIN); printed at start-up, trusted for tokens. */
	publicOrigin: string;
	/** Origins allowed to ask for tokens and to open sockets: the public one, loopback aliases, PLAYGROUND_ORIGINS. */
	allowedOrigins: string[];
	/**
	 * Which peers may tell us the client's address in X-Forwarded-For (Fastify's trustProxy):
	 * false (the default: the TCP peer is the client), true (any peer), or addresses/CIDRs.
	 */
	trustProxy: boolean | string[];
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
	tokensPerMinute: number;
	/** New connections per client address and minute: engine.io sessions (handshakes, polling or WebSocket) and plain WebSockets. */
	connectionsPerMinute: number;
	/** Open TCP connections per peer address; 0 turns the cap off (it is off behind a trusted proxy). */
	maxConnectionsPerAddress: number;
	/** What one socket may queue and send, WebSocket or long-polling (relay-limits.ts). */
	socketLimits: SocketLimits;
	timeouts: {
		/** The request line and headers must arrive within this. */
		headersMs: number;
		/** The whole request, body included, must arrive within this. */
		requestMs: number;
		/**
		 * A connection with no traffic either way is closed after this (above socket.io's 25 s ping);
		 * a plain WebSocket relay pings its client this often (ws-relay.ts).
		 */
		idleMs: number;
		/** An idle keep-alive connection between two requests is closed after this. */
		keepAliveMs: number;
	};
}

const LOOPBACK_HOSTS = ['127.0.0.1', '::1', 'localhost'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): PlaygroundConfig {
	const port = integer(env, 'PORT', 4321, { min: 1, max: 65535 });
	const host = env.HOST || '127.0.0.1';
	const publicOrigin = origin(env.PUBLIC_ORIGIN ?? `http://localhost:${port}`, 'PUBLIC_ORIGIN');
	const allowed = new Set([publicOrigin]);
	// Bound to loopback, the same server is also reached as 127.0.0.1 or [::1]: those names
	// cannot be pointed elsewhere by DNS, so they are as safe as the public origin.
	if (LOOPBACK_HOSTS.includes(host)) for (const name of ['localhost', '127.0.0.1', '[::1]']) allowed.add(`http://${name}:${port}`);
	for (const extra of list(env.PLAYGROUND_ORIGINS)) allowed.add(origin(extra, 'PLAYGROUND_ORIGINS'));
	const trustProxy = parseTrustProxy(env.TRUST_PROXY);
	const timeouts = {
		headersMs: integer(env, 'HEADERS_TIMEOUT_MS', 10_000, { min: 100 }),
		requestMs: integer(env, 'REQUEST_TIMEOUT_MS', 20_000, { min: 100 }),
		idleMs: integer(env, 'IDLE_TIMEOUT_MS', 35_000, { min: 100 }),
		keepAliveMs: integer(env, 'KEEP_ALIVE_TIMEOUT_MS', 5_000, { min: 100 }),
	};
	// Node refuses a head timeout longer than the whole request's.
	if (timeouts.headersMs > timeouts.requestMs) throw new Error('HEADERS_TIMEOUT_MS must not be larger than REQUEST_TIMEOUT_MS');
	return {
		port,
		host,
		publicOrigin,
		allowedOrigins: [...allowed],
		trustProxy,
		siteDir: env.PLAYGROUND_SITE_DIR || `${REPO_ROOT}dist`,
		siteDirGiven: Boolean(env.PLAYGROUND_SITE_DIR),
		examplesDir: `${REPO_ROOT}examples`,
		onlyExamples: list(env.PLAYGROUND_EXAMPLES),
		build: env.PLAYGROUND_SKIP_BUILD !== '1',
		verbose: env.PLAYGROUND_VERBOSE === '1',
		// A person clicking Connect never comes near these; a script does.
		tokensPerMinute: integer(env, 'TOKENS_PER_MINUTE', 30, { min: 1 }),
		connectionsPerMinute: integer(env, 'CONNECTIONS_PER_MINUTE', 60, { min: 1 }),
		// A browser opens about 6 connections per host, and each playground 2 sockets.
		maxConnectionsPerAddress: trustProxy === false ? integer(env, 'MAX_CONNECTIONS_PER_ADDRESS', 64) : 0,
		// A chat of people, with room to spare: a playground scenario sends a few messages a second.
		socketLimits: {
			queueBytes: integer(env, 'SOCKET_QUEUE_BYTES', 256 * 1024, { min: 1024 }),
			messagesPerSecond: integer(env, 'SOCKET_MESSAGES_PER_SECOND', 20, { min: 1 }),
			bytesPerSecond: integer(env, 'SOCKET_BYTES_PER_SECOND', 64 * 1024, { min: 1024 }),
		},
		timeouts,
	};
}

function parseTrustProxy(raw: string | undefined): PlaygroundConfig['trustProxy'] {
	if (raw === undefined || raw === '' || raw === 'false') return false;
	if (raw === 'true') return true;
	const entries = list(raw);
	for (const entry of entries) {
		const [address, bits] = entry.split('/');
		const named = ['loopback', 'linklocal', 'uniquelocal'].includes(entry);
		if (!named && (!isIP(address ?? '') || (bits !== undefined && !/^\d{1,3}$/.test(bits)))) {
			throw new Error(`TRUST_PROXY must be true or addresses/CIDRs (e.g. 127.0.0.1,10.0.0.0/8); got "${entry}"`);
		}
	}
	return entries;
}

function origin(value: string, name: string): string {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new Error(`${name} must be an origin such as https://playground.example.com, got "${value}"`);
	}
	if (!['http:', 'https:'].includes(url.protocol) || url.origin !== value.replace(/\/$/, '')) {
		throw new Error(`${name} must be an origin (scheme, host, optional port; no path), got "${value}"`);
	}
	return url.origin;
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
