import type { FastifyInstance, FastifyRequest } from 'fastify';
import { isLoopback } from './client-address.ts';
import { healthCode, overallStatus } from './health.ts';
import { HttpError, tooMany } from './http-errors.ts';
import type { LiveExample } from './live-example.ts';

const SERVICE = 'nestjs-ws-auth-playground';

export interface ApiOptions {
	live: Map<string, LiveExample>;
	siteBuilt: boolean;
	allowedOrigins: string[];
	tokensPerMinute: number;
}

const TOKEN_REQUEST = {
	type: 'object',
	required: ['approach', 'scenario'],
	properties: {
		approach: { type: 'string', maxLength: 64 },
		scenario: { type: 'string', maxLength: 64 },
		// Whose token: the scenario's client by default; `sender`, the client that writes to
		// Alice's room in a replay scenario (Bob).
		role: { type: 'string', enum: ['sender'] },
	},
} as const;

/** What the schema errors say: the first one's, in words. */
function tokenRequestError(errors: Array<{ keyword: string; instancePath: string }>): HttpError {
	const [first] = errors;
	if (first?.keyword === 'type' && first.instancePath === '') return new HttpError(400, 'The body must be a JSON object.');
	if (first?.instancePath === '/role') return new HttpError(400, 'The role, when there is one, is "sender": the token of whoever writes to the room in a replay scenario.');
	return new HttpError(400, 'Send {"approach": "<approach>", "scenario": "<scenario>"}.');
}

/** POST /api/tokens (demo tokens for one example's scenarios) and GET /api/health. */
export async function apiRoutes(app: FastifyInstance, options: ApiOptions) {
	const { live } = options;
	const approaches = () => [...live.keys()].join(', ');

	app.post<{ Body: { approach: string; scenario: string; role?: 'sender' } }>('/api/tokens', {
		bodyLimit: 1024,
		schema: { body: TOKEN_REQUEST },
		schemaErrorFormatter: tokenRequestError,
		// Checked before the body is read or counted: another site's page gets nothing.
		onRequest: async (request) => {
			if (!sameOrigin(request, options.allowedOrigins)) throw new HttpError(403, 'Tokens are only given to pages of this playground.');
		},
		config: { rateLimit: { max: options.tokensPerMinute, timeWindow: 60_000, errorResponseBuilder: tooMany('token requests') } },
		handler: async (request, reply) => {
			reply.header('cache-control', 'no-store');
			const { approach, scenario, role } = request.body;
			const target = live.get(approach);
			if (!target) throw new HttpError(400, `Unknown approach "${approach}"; expected one of ${approaches()}.`);
			const found = target.example.scenarios.find((candidate) => candidate.id === scenario);
			if (!found) throw new HttpError(400, `Unknown scenario "${scenario}"; expected one of ${target.example.scenarios.map((s) => s.id).join(', ')}.`);
			if (role === 'sender') {
				if (found.senderToken === undefined) {
					const replays = target.example.scenarios.filter((candidate) => candidate.senderToken !== undefined).map((candidate) => candidate.id);
					throw new HttpError(400, `Nobody writes to the room in scenario "${scenario}"; the scenarios with a sender are ${replays.join(', ') || 'none'}.`);
				}
				const token = target.example.tokenFor(found.senderToken, target.jwt) ?? null;
				return { approach, scenario, role, kind: found.senderToken, token, expiresAt: expiresAt(token) };
			}
			// Only the demo users exist in the examples, and tokenFor only signs for them.
			const token = target.example.tokenFor(found.token, target.jwt) ?? null;
			// A scenario that drops the connection: the token the client reconnects with.
			const later = found.reconnectToken === undefined ? undefined : (target.example.tokenFor(found.reconnectToken, target.jwt) ?? null);
			const reconnect = later === undefined ? {} : { reconnect: { kind: found.reconnectToken, token: later, expiresAt: expiresAt(later) } };
			return { approach, scenario, kind: found.token, token, expiresAt: expiresAt(token), ...reconnect };
		},
	});
	refuseOtherMethods(app, '/api/tokens', ['POST'], 'Use POST with a JSON body; tokens never travel in URLs.');

	app.get('/api/health', async (request, reply) => {
		// Process ids help whoever runs the server, and nobody else.
		const local = isLoopback(request.socket.remoteAddress) && isLoopback(request.ip) && request.headers['x-forwarded-for'] === undefined;
		const examples = [...live.values()].map((example) => example.health(local));
		const status = overallStatus([...live.values()].flatMap((example) => example.processes()));
		return reply.code(healthCode(status)).header('cache-control', 'no-store').send({ service: SERVICE, status, site: options.siteBuilt, examples });
	});
	refuseOtherMethods(app, '/api/health', ['GET', 'HEAD'], 'Use GET.');

	// The site ships this file saying `"running": false` (site/public/); served by us, it says
	// true, so the playground on a page knows it can connect without a failed request. It also
	// names the examples that cannot run here, and why, so the page can say so before anyone
	// presses Connect.
	app.get('/playground-server.json', async (_request, reply) => {
		const unavailable = Object.fromEntries([...live.values()].flatMap((example) => (example.unavailable === null ? [] : [[example.example.slug, example.unavailable]])));
		return reply.header('cache-control', 'no-store').send({ running: true, unavailable });
	});
}

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** A 405 with Allow for the methods a path does not take (Fastify's default would be a 404). */
function refuseOtherMethods(app: FastifyInstance, url: string, allowed: string[], message: string) {
	app.route({
		method: METHODS.filter((method) => !allowed.includes(method)),
		url,
		exposeHeadRoute: false,
		handler: async () => {
			throw new HttpError(405, message, { Allow: allowed.join(', ') });
		},
	});
}


/**
 * A browser always sends Origin with a POST; it must be one we serve pages from. Compared with
 * configured origins only, never with the Host header, which a DNS-rebinding page controls.
 * A request without Origin is not from a browser page, so no page can use it against a visitor.
 */
function sameOrigin(request: FastifyRequest, allowed: string[]): boolean {
	const origin = request.headers.origin;
	return origin === undefined || allowed.includes(origin);
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
