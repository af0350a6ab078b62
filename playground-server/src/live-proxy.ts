import httpProxy from '@fastify/http-proxy';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { Example } from './examples.ts';
import { HttpError, tooMany } from './http-errors.ts';
import { logger } from './log.ts';
import type { ExampleSupervisor } from './supervisor.ts';

/** Where each example's socket.io endpoint is reachable: /live/<slug>/socket.io/ */
export const LIVE_PREFIX = '/live/';
export const livePath = (slug: string) => `${LIVE_PREFIX}${slug}/socket.io/`;

/** engine.io's own limit on a message (maxHttpBufferSize); nothing larger is relayed. */
const MAX_MESSAGE_BYTES = 1_000_000;

export interface LiveExample {
	example: Example;
	supervisor: ExampleSupervisor;
	/** The JWT settings this child was started with: only we can mint tokens it accepts. */
	jwt: { secret: string; issuer: string; audience: string };
}

export interface LiveProxyOptions {
	live: Map<string, LiveExample>;
	connectionsPerMinute: number;
}

type LiveRequest = FastifyRequest<{ Params: { approach: string } }>;

const log = logger('http');

/**
 * The query of a /live/ URL with each name once, holding its last value: what engine.io reads
 * (it builds its query with Object.fromEntries, so the last `sid` wins). Rewritten before
 * routing, so the rate limiter and the example see the same `sid`, whatever the request's shape.
 */
export function canonicalLiveUrl(url: string): string {
	if (!url.startsWith(LIVE_PREFIX)) return url;
	const queryAt = url.indexOf('?');
	if (queryAt === -1) return url;
	const query = new URLSearchParams(Object.fromEntries(new URLSearchParams(url.slice(queryAt + 1))));
	return `${url.slice(0, queryAt)}?${query}`;
}

/** engine.io opens a new session for any request without a (non-empty) sid: polling or WebSocket. */
function isHandshake(request: FastifyRequest): boolean {
	const queryAt = request.url.indexOf('?');
	return !new URLSearchParams(queryAt === -1 ? '' : request.url.slice(queryAt + 1)).get('sid');
}

/**
 * /live/<approach>/socket.io/* → that example's socket.io endpoint on its private loopback port
 * (long-polling through @fastify/reply-from, WebSocket upgrades through the plugin's `ws` relay).
 */
export async function liveProxy(app: FastifyInstance, options: LiveProxyOptions) {
	const { live } = options;

	function target(request: LiveRequest): LiveExample & { port: number } {
		const found = live.get(request.params.approach);
		if (!found) throw new HttpError(404, `Unknown approach "${request.params.approach}"; expected one of ${[...live.keys()].join(', ')}.`);
		const { port, state } = found.supervisor;
		if (state !== 'running' || !port) {
			throw new HttpError(503, `The ${found.example.slug} example is ${state}; try again in a moment.`, { 'Retry-After': '2' });
		}
		return { ...found, port };
	}

	await app.register(httpProxy, {
		prefix: `${LIVE_PREFIX}:approach/socket.io`,
		rewritePrefix: '/socket.io',
		upstream: '',
		websocket: true,
		// Only new sessions count: the polls and posts of an open session are its traffic.
		config: {
			rateLimit: {
				max: options.connectionsPerMinute,
				timeWindow: 60_000,
				allowList: (request: FastifyRequest) => !isHandshake(request),
				errorResponseBuilder: tooMany('new connections'),
			},
		},
		preHandler: async (request) => {
			target(request as LiveRequest);
		},
		replyOptions: {
			getUpstream: (request) => `http://127.0.0.1:${target(request as LiveRequest).port}`,
			rewriteRequestHeaders: (request, headers) => forwarded(request, headers),
			onError: (reply, { error }) => {
				const slug = (reply.request as LiveRequest).params.approach;
				log.warn(`${slug}: ${error.message}`);
				reply.send(new HttpError(502, `The ${slug} example did not answer.`));
			},
		},
		wsServerOptions: { maxPayload: MAX_MESSAGE_BYTES },
		wsClientOptions: {
			maxPayload: MAX_MESSAGE_BYTES,
			// The examples check Origin (the recommended one refuses foreign pages): pass it on.
			// (A documented option that the plugin's type definitions do not list.)
			...({
				rewriteRequestHeaders: (headers: IncomingHttpHeaders, request: FastifyRequest) =>
					forwarded(request, { ...headers, ...pick(request.headers, ['origin', 'user-agent', 'cookie']) }),
			} as object),
		},
	});
}

// Headers about one connection, not the message (RFC 9110 §7.6.1); reply-from already drops
// Connection and the names it lists. The client's own X-Forwarded-For is a claim, not a fact.
const NOT_FORWARDED = ['transfer-encoding', 'te', 'trailer', 'keep-alive', 'upgrade', 'proxy-connection', 'proxy-authorization', 'x-forwarded-for', 'forwarded'];

/** What the example is told about the client: the address we rate-limit, not what it claims. */
function forwarded(request: { ip: string }, headers: IncomingHttpHeaders): IncomingHttpHeaders {
	const kept = Object.fromEntries(Object.entries(headers).filter(([name]) => !NOT_FORWARDED.includes(name)));
	return { ...kept, 'x-forwarded-for': request.ip };
}

function pick(headers: IncomingHttpHeaders, names: string[]): IncomingHttpHeaders {
	return Object.fromEntries(names.filter((name) => headers[name] !== undefined).map((name) => [name, headers[name]]));
}
