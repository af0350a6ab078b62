import httpProxy from '@fastify/http-proxy';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { HttpError, tooMany } from './http-errors.ts';
import { LIVE_PREFIX, livePath, type LiveExample } from './live-example.ts';
import { logger } from './log.ts';

/** engine.io's own limit on a message (maxHttpBufferSize); nothing larger is relayed. */
const MAX_MESSAGE_BYTES = 1_000_000;

export interface LiveProxyOptions {
	live: Map<string, LiveExample>;
	connectionsPerMinute: number;
}

type LiveRequest = FastifyRequest<{ Params: { approach: string; node?: string } }>;

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
 * (long-polling through @fastify/reply-from, WebSocket upgrades through the plugin's `ws` relay);
 * /live/<approach>/<node>/socket.io/* → that node's, for an example that runs on several nodes.
 */
export async function liveProxy(app: FastifyInstance, options: LiveProxyOptions) {
	const { live } = options;

	/** The port of the example (or node) a request is for, or the refusal. */
	function target(request: LiveRequest): number {
		const { approach, node: name } = request.params;
		const found = live.get(approach);
		if (!found) throw new HttpError(404, `Unknown approach "${approach}"; expected one of ${[...live.keys()].join(', ')}.`);
		const { slug } = found.example;
		const node = found.node(name);
		if (!node) {
			const paths = found.nodes.map((candidate) => livePath(slug, candidate.name)).join(' or ');
			throw new HttpError(404, `${name === undefined ? `The ${slug} example runs on several nodes` : `The ${slug} example has no node "${name}"`}: connect to ${paths}.`);
		}
		// The state /api/health reports for this node.
		const state = found.nodeState(node.supervisor);
		// Waiting does not help: this machine lacks what the example needs (/api/health says what).
		if (state === 'unavailable') throw new HttpError(503, `The ${slug} example cannot run on this server: it needs a Redis, and none could be started.`);
		const { port } = node.supervisor;
		if (state !== 'running' || !port) {
			const what = node.name ? `${slug} example's node ${node.name.toUpperCase()}` : `${slug} example`;
			throw new HttpError(503, `The ${what} is ${state}; try again in a moment.`, { 'Retry-After': '2' });
		}
		return port;
	}

	// Only new sessions count: the polls and posts of an open session are its traffic. One count
	// per client, whichever example or node the session is for.
	app.addHook(
		'onRequest',
		app.rateLimit({
			max: options.connectionsPerMinute,
			timeWindow: 60_000,
			allowList: (request: FastifyRequest) => !isHandshake(request),
			errorResponseBuilder: tooMany('new connections'),
		}),
	);

	for (const prefix of [`${LIVE_PREFIX}:approach/socket.io`, `${LIVE_PREFIX}:approach/:node/socket.io`]) {
		await app.register(httpProxy, {
			prefix,
			rewritePrefix: '/socket.io',
			upstream: '',
			websocket: true,
			preHandler: async (request) => {
				target(request as LiveRequest);
			},
			replyOptions: {
				getUpstream: (request) => `http://127.0.0.1:${target(request as LiveRequest)}`,
				rewriteRequestHeaders: (request, headers) => forwarded(request, headers),
				onError: (reply, { error }) => {
					const { approach, node } = (reply.request as LiveRequest).params;
					log.warn(`${node ? `${approach}/${node}` : approach}: ${error.message}`);
					reply.send(new HttpError(502, `The ${approach} example${node ? `'s node ${node.toUpperCase()}` : ''} did not answer.`));
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
