import httpProxy from '@fastify/http-proxy';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { clientKey } from './client-address.ts';
import { forwarded, pick, UPGRADE_HEADERS, withoutHopByHop } from './forwarded-headers.ts';
import { exampleDidNotAnswer, HttpError, tooMany } from './http-errors.ts';
import { LIVE_PREFIX, type LiveExample } from './live-example.ts';
import { livePort, type LiveParams } from './live-target.ts';
import { logger, perKeyBudget } from './log.ts';
import { PollingSessions } from './polling-sessions.ts';
import { MAX_MESSAGE_BYTES, webSocketLimits, type SocketLimits } from './relay-limits.ts';
import { WS_ROUTE, wsRelay } from './ws-relay.ts';

export interface LiveProxyOptions {
	live: Map<string, LiveExample>;
	connectionsPerMinute: number;
	socketLimits: SocketLimits;
	timeouts: { idleMs: number };
}

type LiveRequest = FastifyRequest<{ Params: LiveParams }>;

const log = logger('http');
/** Log lines a client's requests can cause: at most a few per address and minute. */
const logBudget = perKeyBudget(5, 60_000);

/** Each request's query, parsed once: the limiter and three hooks read it. */
const queries = new WeakMap<FastifyRequest, URLSearchParams>();

/** The engine.io query of a /live/ request: rewriteUrl (request-target.ts) has made it canonical. */
function queryOf(request: FastifyRequest): URLSearchParams {
	let query = queries.get(request);
	if (!query) {
		const queryAt = request.url.indexOf('?');
		query = new URLSearchParams(queryAt === -1 ? '' : request.url.slice(queryAt + 1));
		queries.set(request, query);
	}
	return query;
}

/** engine.io opens a new session for any request without a (non-empty) sid: polling or WebSocket. */
function isHandshake(request: FastifyRequest): boolean {
	return !queryOf(request).get('sid');
}

/** The session a long-polling request (GET: a poll; POST: packets) belongs to, if it is one. */
function pollingSid(request: FastifyRequest): string | null {
	const query = queryOf(request);
	return query.get('transport') === 'polling' ? query.get('sid') || null : null;
}

/**
 * Everything under /live/: each example's socket.io endpoint (socketIoProxy, below), and each plain
 * WebSocket example's (ws-relay.ts), in contexts of their own, so that neither's hooks run for the
 * other's requests. What they share is the count of new connections per client.
 */
export async function liveProxy(app: FastifyInstance, options: LiveProxyOptions) {
	// Only new connections count: the polls and posts of an open socket.io session are its traffic;
	// every request for a plain WebSocket opens one. One count per client, whichever example or
	// node the connection is for, socket.io or not.
	app.addHook(
		'onRequest',
		app.rateLimit({
			max: options.connectionsPerMinute,
			timeWindow: 60_000,
			allowList: (request: FastifyRequest) => !opensConnection(request),
			errorResponseBuilder: tooMany('new connections'),
		}),
	);
	await app.register(socketIoProxy, options);
	await app.register(wsRelay, { ...options, idleMs: options.timeouts.idleMs, logBudget });
}

function opensConnection(request: FastifyRequest): boolean {
	return request.routeOptions.url === WS_ROUTE || isHandshake(request);
}

/**
 * /live/<approach>/socket.io/* → that example's socket.io endpoint on its private loopback port
 * (long-polling through @fastify/reply-from, WebSocket upgrades through the plugin's `ws` relay);
 * /live/<approach>/<node>/socket.io/* → that node's, for an example that runs on several nodes.
 */
async function socketIoProxy(app: FastifyInstance, options: LiveProxyOptions) {
	const { live, socketLimits } = options;
	const pollingSessions = new PollingSessions(socketLimits);
	const target = (request: LiveRequest) => livePort(live, request.params, 'socket.io');

	// engine.io's long-polling posts are text/plain (engine.io-client sends nothing else). Read whole,
	// within MAX_MESSAGE_BYTES, so that their packets can be counted before they are forwarded.
	app.removeAllContentTypeParsers();
	app.addContentTypeParser('*', { parseAs: 'string', bodyLimit: MAX_MESSAGE_BYTES }, (request, body, done) => {
		if (!/^text\/plain\b/i.test(request.headers['content-type'] ?? '')) {
			done(new HttpError(415, 'A socket.io long-polling post is text/plain.'), undefined);
			return;
		}
		done(null, body);
	});

	// Long-polling: the per-socket limits (polling-sessions.ts). A poll is followed from the
	// example's answer (onSend) until the client has read it all ('finish') or left ('close').
	app.addHook('onRequest', async (request, reply) => {
		const sid = pollingSid(request);
		if (!sid || request.method !== 'GET') return;
		pollingSessions.pollStarted(sid);
		reply.raw.once('close', () => pollingSessions.pollEnded(sid, reply.raw.writableFinished));
	});
	app.addHook('onSend', async (request, reply) => {
		const sid = pollingSid(request);
		if (sid) pollingSessions.answered(sid, reply.statusCode, request.method === 'GET');
	});

	for (const prefix of [`${LIVE_PREFIX}:approach/socket.io`, `${LIVE_PREFIX}:approach/:node/socket.io`]) {
		await app.register(httpProxy, {
			prefix,
			rewritePrefix: '/socket.io',
			upstream: '',
			websocket: true,
			// Our content-type parser above, not the plugin's pass-through stream.
			proxyPayloads: false,
			preHandler: async (request) => {
				target(request as LiveRequest);
				const sid = pollingSid(request);
				if (sid && request.method === 'POST') {
					const verdict = pollingSessions.post(sid, typeof request.body === 'string' ? request.body : '');
					if (!verdict.ok) throw new HttpError(verdict.status, verdict.message);
				}
			},
			wsHooks: webSocketLimits(socketLimits),
			replyOptions: {
				getUpstream: (request) => `http://127.0.0.1:${target(request as LiveRequest)}`,
				rewriteRequestHeaders: (request, headers) => forwarded(request, headers),
				// The example's answer without its own connection's headers: this connection's are Node's,
				// which honours the client's `Connection: close`.
				rewriteHeaders: (headers) => withoutHopByHop(headers),
				onError: (reply, { error }) => {
					const { request } = reply;
					// The client left: nobody to answer, and nothing went wrong on our side.
					if (request.raw.destroyed) return;
					const { approach, node } = (request as LiveRequest).params;
					const cause = (error as { cause?: { code?: string; message?: string } }).cause;
					const key = clientKey(request.ip);
					// undici refused the request as the client framed it: the client's fault, not the example's.
					if (cause?.code === 'UND_ERR_INVALID_ARG') {
						if (logBudget(key)) log.warn(`${request.method} ${request.url.split('?')[0]} from ${key} could not be forwarded: ${cause.message}`);
						reply.send(new HttpError(400, `This request cannot be forwarded to the example: ${cause.message}.`));
						return;
					}
					const name = node ? `${approach}/${node}` : approach;
					if (logBudget(key)) log.warn(`${name} did not answer ${request.method} ${request.url.split('?')[0]} from ${key}: ${cause?.message ?? error.message}`);
					reply.send(exampleDidNotAnswer(approach, node));
				},
			},
			wsServerOptions: { maxPayload: MAX_MESSAGE_BYTES },
			wsClientOptions: {
				maxPayload: MAX_MESSAGE_BYTES,
				// The examples check Origin (the recommended one refuses foreign pages): pass it on.
				// (A documented option that the plugin's type definitions do not list.)
				...({
					rewriteRequestHeaders: (headers: IncomingHttpHeaders, request: FastifyRequest) =>
						forwarded(request, { ...headers, ...pick(request.headers, UPGRADE_HEADERS) }),
				} as object),
			},
		});
	}
}
