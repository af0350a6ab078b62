import { createServer, STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Example } from './examples.ts';
import { HttpError, readJsonBody, sendError, sendJson } from './http-errors.ts';
import { proxyRequest, proxyUpgrade } from './http-proxy.ts';
import { logger } from './log.ts';
import { RateLimiter } from './rate-limiter.ts';
import { setSecurityHeaders } from './security-headers.ts';
import { staticFiles } from './static-files.ts';
import type { ExampleSupervisor } from './supervisor.ts';

export const SERVICE = 'nestjs-ws-auth-playground';
/** Where each example's socket.io endpoint is reachable: /live/<slug>/socket.io/ */
export const LIVE_PREFIX = '/live/';
const LIVE_PATH = /^\/live\/([^/]+)(\/socket\.io\/.*)$/;

export interface LiveExample {
	example: Example;
	supervisor: ExampleSupervisor;
	/** The JWT settings this child was started with: only we can mint tokens it accepts. */
	jwt: { secret: string; issuer: string; audience: string };
}

export interface PlaygroundOptions {
	live: Map<string, LiveExample>;
	siteDir: string;
	siteBuilt: boolean;
	publicOrigins: string[];
	tokensPerMinute: number;
	connectionsPerMinute: number;
}

const log = logger('http');

/** The one HTTP server: API, socket.io proxy (polling and WebSocket upgrades), built site. */
export function createPlaygroundServer(options: PlaygroundOptions) {
	const { live } = options;
	const tokenLimiter = new RateLimiter(options.tokensPerMinute);
	const connectionLimiter = new RateLimiter(options.connectionsPerMinute);
	const serveStatic = staticFiles(options.siteDir);
	const approaches = () => [...live.keys()].join(', ');

	function clientAddress(req: IncomingMessage): string {
		return (req.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
	}

	function limit(limiter: RateLimiter, req: IncomingMessage, what: string) {
		const wait = limiter.take(clientAddress(req));
		if (wait > 0) {
			throw new HttpError(429, `Too many ${what} from your address (at most ${limiter.perMinute} a minute). Try again in ${wait} s.`, {
				'Retry-After': String(wait),
			});
		}
	}

	function sameOrigin(req: IncomingMessage): boolean {
		const origin = req.headers.origin;
		return origin === undefined || origin === `http://${req.headers.host}` || options.publicOrigins.includes(origin);
	}

	/** The example a /live/<slug>/socket.io/... request is for, and the path to ask it for. */
	function liveTarget(req: IncomingMessage, url: URL) {
		const match = LIVE_PATH.exec(url.pathname);
		if (!match) throw new HttpError(404, `Not found: ${url.pathname}. Example endpoints are ${LIVE_PREFIX}<approach>/socket.io/.`);
		const target = live.get(decodeURIComponent(match[1]!));
		if (!target) throw new HttpError(404, `Unknown approach "${match[1]}"; expected one of ${approaches()}.`);
		const port = target.supervisor.port;
		if (target.supervisor.state !== 'running' || !port) {
			throw new HttpError(503, `The ${target.example.slug} example is ${target.supervisor.state}; try again in a moment.`, { 'Retry-After': '2' });
		}
		// An engine.io request without a session id opens a new connection.
		if (!url.searchParams.has('sid')) limit(connectionLimiter, req, 'new connections');
		return { port, path: `${match[2]}${url.search}`, slug: target.example.slug };
	}

	function health(res: ServerResponse) {
		const examples = [...live.values()].map(({ supervisor, example }) => ({
			...supervisor.status(),
			path: `${LIVE_PREFIX}${example.slug}/socket.io`,
		}));
		const running = examples.filter((example) => example.state === 'running').length;
		const status = running === examples.length ? 'ok' : examples.some((example) => example.state === 'starting' && example.restarts === 0) ? 'starting' : 'degraded';
		sendJson(res, status === 'ok' ? 200 : 503, { service: SERVICE, status, site: options.siteBuilt, examples });
	}

	async function mintToken(req: IncomingMessage, res: ServerResponse) {
		if (!sameOrigin(req)) throw new HttpError(403, 'Tokens are only given to pages of this playground.');
		limit(tokenLimiter, req, 'token requests');
		const body = await readJsonBody(req);
		const { approach, scenario } = body;
		if (typeof approach !== 'string' || typeof scenario !== 'string') {
			throw new HttpError(400, 'Send {"approach": "<approach>", "scenario": "<scenario>"}.');
		}
		const target = live.get(approach);
		if (!target) throw new HttpError(400, `Unknown approach "${approach.slice(0, 64)}"; expected one of ${approaches()}.`);
		const found = target.example.scenarios.find((candidate) => candidate.id === scenario);
		if (!found) {
			throw new HttpError(400, `Unknown scenario "${scenario.slice(0, 64)}"; expected one of ${target.example.scenarios.map((s) => s.id).join(', ')}.`);
		}
		// Only the demo users exist in the examples, and tokenFor only signs for them.
		const token = target.example.tokenFor(found.token, target.jwt) ?? null;
		sendJson(res, 200, { approach, scenario, kind: found.token, token, expiresAt: expiresAt(token) });
	}

	async function handle(req: IncomingMessage, res: ServerResponse) {
		const url = new URL(req.url ?? '/', 'http://playground.invalid');
		if (url.pathname.startsWith(LIVE_PREFIX)) {
			const target = liveTarget(req, url);
			return proxyRequest(req, res, target.port, target.path, (error) => {
				log.warn(`${target.slug}: ${error.message}`);
				sendError(res, new HttpError(502, `The ${target.slug} example did not answer.`));
			});
		}
		if (url.pathname === '/api/health') {
			if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'Use GET.', { Allow: 'GET, HEAD' });
			return health(res);
		}
		if (url.pathname === '/api/tokens') {
			if (req.method !== 'POST') throw new HttpError(405, 'Use POST with a JSON body; tokens never travel in URLs.', { Allow: 'POST' });
			return mintToken(req, res);
		}
		if (url.pathname.startsWith('/api/')) throw new HttpError(404, `No API endpoint ${url.pathname}. There are /api/health and /api/tokens.`);
		if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'The site is read-only.', { Allow: 'GET, HEAD' });
		if (await serveStatic(req, res, url.pathname)) return;
		if (!options.siteBuilt && url.pathname === '/') return notBuilt(res);
		throw new HttpError(404, `Not found: ${url.pathname}`);
	}

	const server = createServer((req, res) => {
		handle(req, res).catch((error: unknown) => {
			if (res.headersSent) return void res.destroy();
			if (error instanceof HttpError) return sendError(res, error);
			log.error(`${req.method} ${req.url?.split('?')[0]}: ${String(error)}`);
			sendError(res, new HttpError(500, 'Internal error.'));
		});
	});

	server.on('upgrade', (req: IncomingMessage, socket: Socket, head: Buffer) => {
		socket.on('error', () => socket.destroy());
		try {
			const url = new URL(req.url ?? '/', 'http://playground.invalid');
			const target = liveTarget(req, url);
			proxyUpgrade(req, socket, head, target.port, target.path, (error) => {
				log.warn(`${target.slug}: ${error.message}`);
				refuseUpgrade(socket, new HttpError(502, `The ${target.slug} example did not answer.`));
			});
		} catch (error) {
			refuseUpgrade(socket, error instanceof HttpError ? error : new HttpError(500, 'Internal error.'));
		}
	});

	// Every open connection, upgraded ones included, so that shutdown does not wait for them.
	const sockets = new Set<Socket>();
	server.on('connection', (socket: Socket) => {
		sockets.add(socket);
		socket.once('close', () => sockets.delete(socket));
	});

	return {
		server,
		closeAll() {
			server.close();
			for (const socket of sockets) socket.destroy();
		},
	};
}

function refuseUpgrade(socket: Socket, error: HttpError) {
	const body = JSON.stringify({ error: error.message, status: error.status });
	const extra = Object.entries(error.headers).map(([name, value]) => `${name}: ${value}\r\n`).join('');
	socket.end(
		`HTTP/1.1 ${error.status} ${STATUS_CODES[error.status] ?? 'Error'}\r\nContent-Type: application/json; charset=utf-8\r\n` +
			`Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n${extra}\r\n${body}`,
	);
}

function notBuilt(res: ServerResponse) {
	const html = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Site not built</title>
<h1>The site is not built yet</h1><p>Run <code>npm run build:site</code> (or restart with <code>npm start</code>).
The examples and the API work already: <a href="/api/health">/api/health</a>.</p></html>`;
	setSecurityHeaders(res);
	res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
	res.end(html);
}

/** The `exp` of a JWT in milliseconds, so the page can show when an expiring token runs out. */
function expiresAt(token: unknown): number | null {
	if (typeof token !== 'string') return null;
	try {
		const exp = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')).exp;
		return typeof exp === 'number' ? exp * 1000 : null;
	} catch {
		return null;
	}
}
