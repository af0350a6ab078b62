import rateLimit from '@fastify/rate-limit';
import Fastify from 'fastify';
import helmet from 'helmet';
import { apiRoutes } from './api.ts';
import { clientKey } from './client-address.ts';
import type { PlaygroundConfig } from './config.ts';
import { capConnectionsPerAddress } from './connection-cap.ts';
import { HttpError, sendError } from './http-errors.ts';
import { LIVE_PREFIX, type LiveExample } from './live-example.ts';
import { liveProxy } from './live-proxy.ts';
import { logger } from './log.ts';
import { canonicalUrl, refusal } from './request-target.ts';
import { cspDirectives, PERMISSIONS_POLICY, siteScriptHashes } from './security-headers.ts';
import { site } from './site.ts';

export interface PlaygroundOptions extends PlaygroundConfig {
	live: Map<string, LiveExample>;
	siteBuilt: boolean;
}

const log = logger('http');

/** The one HTTP server: API, socket.io proxy (polling and WebSocket upgrades), plain WebSocket relay, built site. */
export async function createPlaygroundServer(options: PlaygroundOptions) {
	const { timeouts } = options;
	const app = Fastify({
		// Our own one-line log (log.ts): Fastify's request log would print a line per poll.
		logger: false,
		trustProxy: options.trustProxy,
		// Slow clients: headers, whole request, silence, and the wait between keep-alive requests
		// are all bounded, checked every second (Node's default checks every 30 s).
		http: { headersTimeout: timeouts.headersMs, connectionsCheckingInterval: 1000 },
		requestTimeout: timeouts.requestMs,
		connectionTimeout: timeouts.idleMs,
		keepAliveTimeout: timeouts.keepAliveMs,
		// One reading of the request target (request-target.ts) before anything reads it.
		rewriteUrl: (req) => canonicalUrl(req.url ?? '/'),
		// A URL that does not decode (`/live/%E0%A4%A/`) is the client's mistake: a 400 with our message.
		frameworkErrors: sendError,
	});
	const sockets = capConnectionsPerAddress(app.server, options.maxConnectionsPerAddress);

	app.setErrorHandler(sendError);
	// helmet's middleware, made once. @fastify/helmet makes it again for every request (every
	// script hash of the CSP parsed each time): a third of a proxied handshake's CPU here.
	const securityHeaders = helmet({
		contentSecurityPolicy: { useDefaults: false, directives: cspDirectives(options.siteBuilt ? await siteScriptHashes(options.siteDir) : []) },
		// Browsers ignore HSTS received over http; served over https, it keeps visitors there.
		strictTransportSecurity: options.publicOrigin.startsWith('https:') ? { maxAge: 15_552_000, includeSubDomains: false } : false,
		referrerPolicy: { policy: 'no-referrer' },
	});
	app.addHook('onRequest', (request, reply, done) => securityHeaders(request.raw, reply.raw, (error?: unknown) => done(error as Error | undefined)));
	app.addHook('onRequest', async (request, reply) => {
		reply.header('permissions-policy', PERMISSIONS_POLICY);
		const refused = refusal(request.originalUrl);
		if (refused) throw new HttpError(400, refused);
		// A GET has no body here. Refusing one keeps a body that something in front of us framed
		// differently from Node from ever being relayed, or read as a request of its own.
		const { method, headers } = request;
		if ((method === 'GET' || method === 'HEAD') && (headers['transfer-encoding'] !== undefined || Number(headers['content-length'] ?? 0) > 0)) {
			throw new HttpError(400, `A ${method} request has no body.`);
		}
	});
	await app.register(rateLimit, {
		global: false,
		// At most this many clients remembered at once (least recently seen forgotten first).
		cache: 10_000,
		keyGenerator: (request) => clientKey(request.ip),
	});

	await app.register(apiRoutes, options);
	await app.register(liveProxy, options);
	await app.register(site, { siteDir: options.siteDir, siteBuilt: options.siteBuilt, apiPrefixes: ['/api/', LIVE_PREFIX] });

	return {
		app,
		/** Stops accepting, and closes every connection, upgraded ones included. */
		closeAll() {
			void app.close().catch((error: unknown) => log.warn(`closing: ${String(error)}`));
			for (const socket of sockets) socket.destroy();
		},
	};
}
