import httpProxy from '@fastify/http-proxy';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import { clientKey } from './client-address.ts';
import { HttpError, tooMany } from './http-errors.ts';
import { LIVE_PREFIX, livePath, type LiveExample } from './live-example.ts';
import { logger, perKeyBudget } from './log.ts';
import { PollingSessions } from './polling-sessions.ts';
import { webSocketLimits, type SocketLimits } from './relay-limits.ts';

/**
 * The largest message relayed either way (a WebSocket frame, a long-polling post). The playground's
 * largest is the `oversized` scenario's 8 KB token; engine.io's own default (1 MB) would let one
 * message fill a slow reader's whole queue.
 */
export const MAX_MESSAGE_BYTES = 64 * 1024;

export interface LiveProxyOptions {
	live: Map<string, LiveExample>;
	connectionsPerMinute: number;
	socketLimits: SocketLimits;
}

type LiveRequest = FastifyRequest<{ Params: { approach: string; node?: string } }>;

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
 * /live/<approach>/socket.io/* → that example's socket.io endpoint on its private loopback port
 * (long-polling through @fastify/reply-from, WebSocket upgrades through the plugin's `ws` relay);
 * /live/<approach>/<node>/socket.io/* → that node's, for an example that runs on several nodes.
 */
export async function liveProxy(app: FastifyInstance, options: LiveProxyOptions) {
	const { live, socketLimits } = options;
	const pollingSessions = new PollingSessions(socketLimits);

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
// Connection and the names it lists. `Expect: 100-continue` was answered by Node, on this hop
// (undici refuses to send it on). The client's own X-Forwarded-For is a claim, not a fact.
const NOT_FORWARDED = ['transfer-encoding', 'te', 'trailer', 'keep-alive', 'upgrade', 'proxy-connection', 'proxy-authorization', 'expect', 'x-forwarded-for', 'forwarded'];
/** What an answer says about the example's connection to us, not about the answer. */
const HOP_BY_HOP_ANSWER = ['connection', 'keep-alive', 'proxy-connection'];

function withoutHopByHop<T extends Record<string, unknown>>(headers: T): T {
	const listed = String(headers.connection ?? '').toLowerCase().split(',').map((name) => name.trim());
	return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP_ANSWER.includes(name) && !listed.includes(name))) as T;
}

/** What the example is told about the client: the address we rate-limit, not what it claims. */
function forwarded(request: { ip: string }, headers: IncomingHttpHeaders): IncomingHttpHeaders {
	const kept = Object.fromEntries(Object.entries(headers).filter(([name]) => !NOT_FORWARDED.includes(name)));
	return { ...kept, 'x-forwarded-for': request.ip };
}

function pick(headers: IncomingHttpHeaders, names: string[]): IncomingHttpHeaders {
	return Object.fromEntries(names.filter((name) => headers[name] !== undefined).map((name) => [name, headers[name]]));
}
