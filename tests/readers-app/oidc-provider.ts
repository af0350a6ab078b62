import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { calculateJwkThumbprint, exportJWK, exportPKCS8, generateKeyPair } from 'jose';
// @ts-expect-error -- oidc-provider ships no type declarations and @types/oidc-provider is not installed: the part of
// its API used here is typed by OidcProviderModule below.
import * as untypedOidcProvider from 'oidc-provider';

/**
 * A real OpenID provider for the tests: the certified `oidc-provider` package, on 127.0.0.1, a free port. It stands
 * for the identity provider (Auth0, Keycloak...) of a reader's app: the app's socket.io clients hold RS256 JWT access
 * tokens it issued, and the app's server verifies them against its JWKS URL. The tokens come out of a real grant (the
 * authorization code flow with PKCE, driven over HTTP as a browser would), not from a signing helper, so a test fails
 * if what the pages tell the reader does not accept what such a provider really issues.
 */
export interface OidcProvider {
	/** The issuer URL, e.g. http://127.0.0.1:54321 (what tokens carry in `iss`). */
	issuer: string;
	/** The provider's JWKS URL (from its discovery document, not hard-coded). */
	jwksUrl: string;
	/** The `aud` of the access tokens: the resource indicator of the API (e.g. 'urn:chat'). */
	audience: string;
	/**
	 * The provider's signing key (PKCS#8 PEM), the one key of its key set: for an auditor that signs
	 * tokens of its own as the provider would (ws-auth-check --private-key). A real provider never
	 * hands it out.
	 */
	signingKeyPem: string;
	/**
	 * An RS256 JWT access token for `user` (its `sub` is `user`), got through the authorization code flow with PKCE.
	 * `ttlSeconds` (a positive integer, default DEFAULT_TTL_SECONDS): a short one lets a test wait for an expired token.
	 * Each call is a new browser: its own cookies, so its own login and consent.
	 */
	tokenFor(user: string, options?: { ttlSeconds?: number }): Promise<string>;
	/** Closes the server and every connection still open to it. */
	stop(): Promise<void>;
}

/** How long an access token lasts unless tokenFor() is told otherwise: longer than any test. */
export const DEFAULT_TTL_SECONDS = 600;

/** The scope the API (the resource server) defines, which the client asks for and the user consents to. */
const API_SCOPE = 'chat';
const CLIENT_ID = 'readers-app';
/** The client's redirect URI: never fetched, tokenFor() reads the code off the provider's redirect to it. */
const REDIRECT_URI = 'http://127.0.0.1/callback';
/** Redirects and pages one grant may take: it takes 7 (authorization, login page and form, resume, consent page and form, resume). */
const MAX_HOPS = 20;

/** The part of oidc-provider's API used here (see its lib/provider.js, and lib/actions/interaction.js for its dev pages). */
interface OidcProviderModule {
	default: new (issuer: string, configuration: object) => ProviderInstance;
	errors: { InvalidTarget: new (description?: string) => Error };
}
interface ProviderInstance {
	/** The Koa app's request listener (Provider extends Koa). */
	callback(): (req: IncomingMessage, res: ServerResponse) => void;
	interactionDetails(req: IncomingMessage, res: ServerResponse): Promise<InteractionDetails>;
	interactionFinished(
		req: IncomingMessage,
		res: ServerResponse,
		result: object,
		options: { mergeWithLastSubmission: boolean },
	): Promise<void>;
	Grant: new (owner: { accountId: string; clientId: string }) => GrantInstance;
	on(event: 'server_error', listener: (ctx: unknown, error: Error) => void): unknown;
}
interface InteractionDetails {
	prompt: { name: string; details: { missingOIDCScope?: string[]; missingResourceScopes?: Record<string, string[]> } };
	params: { client_id: string };
	session?: { accountId: string };
}
interface GrantInstance {
	addOIDCScope(scope: string): void;
	addResourceScope(resource: string, scope: string): void;
	/** Resolves with the grant's id. */
	save(): Promise<string>;
}
/** What oidc-provider passes its configuration functions: the request's parameters are in ctx.oidc.params. */
interface ProviderContext {
	oidc?: { params?: Record<string, unknown> };
}
interface StoredModel {
	payload: Record<string, unknown>;
	expiresAt: number;
}

const { default: Provider, errors } = untypedOidcProvider as OidcProviderModule;

/** Starts the provider; `audience` (default 'urn:chat') is the API's resource indicator, and the tokens' `aud`. */
export async function startOidcProvider({ audience = 'urn:chat' }: { audience?: string } = {}): Promise<OidcProvider> {
	// The issuer carries the port, so the server listens before the provider exists, and gets its listener after.
	const server = createServer();
	await new Promise<void>((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			server.off('error', reject);
			resolve();
		});
	});
	const stop = (): Promise<void> =>
		new Promise<void>((resolve, reject) => {
			if (!server.listening) return resolve();
			server.close((error) => (error ? reject(error) : resolve()));
			// close() ends idle keep-alive connections, but waits for any request still coming in or being answered.
			server.closeAllConnections();
		});

	try {
		const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
		// The lifetime each pending token request asked for, by its authorization code, which is unique and known to
		// tokenFor() before it asks for the token: concurrent grants with different lifetimes cannot mix them up.
		const ttlByCode = new Map<string, number>();
		const { privateKey } = await generateKeyPair('RS256', { extractable: true });
		const provider = new Provider(issuer, await configuration(audience, ttlByCode, privateKey));
		// Its error pages say no more than "oops! something went wrong": the errors behind them go into what tokenFor()
		// throws.
		const serverErrors: Error[] = [];
		provider.on('server_error', (_ctx, error) => serverErrors.push(error));
		const handleProviderRequest = provider.callback();
		server.on('request', (req: IncomingMessage, res: ServerResponse) => {
			if (/^\/interaction\/[^/]+$/.test(new URL(req.url ?? '/', issuer).pathname)) void interact(provider, req, res);
			else handleProviderRequest(req, res);
		});

		const discovery = await fetch(`${issuer}/.well-known/openid-configuration`);
		if (!discovery.ok) throw await stepFailed('discovery', discovery);
		const endpoints = (await discovery.json()) as { authorization_endpoint: string; token_endpoint: string; jwks_uri: string };

		/** The grant itself: authorization code, then the token request with the code's lifetime in ttlByCode. */
		async function grant(user: string, ttlSeconds: number): Promise<string> {
			const verifier = randomBytes(32).toString('base64url');
			const code = await authorizationCode(endpoints.authorization_endpoint, audience, user, verifier);
			ttlByCode.set(code, ttlSeconds);
			try {
				const response = await fetch(endpoints.token_endpoint, {
					method: 'POST',
					body: new URLSearchParams({
						grant_type: 'authorization_code',
						code,
						redirect_uri: REDIRECT_URI,
						client_id: CLIENT_ID,
						code_verifier: verifier,
						resource: audience,
					}),
				});
				if (!response.ok) throw await stepFailed('token request', response);
				const { access_token: token } = (await response.json()) as { access_token?: unknown };
				// A token for no resource server would be opaque: say so here rather than as a failed verification.
				if (typeof token !== 'string' || token.split('.').length !== 3) {
					throw new Error(`OIDC provider: the token request gave no JWT access token: ${String(token).slice(0, 80)}`);
				}
				return token;
			} finally {
				ttlByCode.delete(code);
			}
		}

		return {
			issuer,
			jwksUrl: endpoints.jwks_uri,
			audience,
			signingKeyPem: await exportPKCS8(privateKey),
			tokenFor: async (user, { ttlSeconds = DEFAULT_TTL_SECONDS } = {}) => {
				if (!Number.isSafeInteger(ttlSeconds) || ttlSeconds <= 0) {
					throw new RangeError(`tokenFor(): ttlSeconds must be a positive integer, got ${ttlSeconds}`);
				}
				try {
					return await grant(user, ttlSeconds);
				} catch (error) {
					if (!serverErrors.length || !(error instanceof Error)) throw error;
					const causes = serverErrors.splice(0).map((serverError) => serverError.message);
					throw new Error(`${error.message} (oidc-provider's error: ${causes.join('; ')})`, { cause: error });
				}
			},
			stop,
		};
	} catch (error) {
		await stop();
		throw error;
	}
}

/**
 * The provider's configuration: one public client (PKCE, no secret), one API whose access tokens are RS256 JWTs signed
 * by a key made now, and every default that would write a notice to the console replaced, so the tests stay quiet.
 */
async function configuration(audience: string, ttlByCode: Map<string, number>, privateKey: CryptoKey): Promise<object> {
	const jwk = await exportJWK(privateKey);
	return {
		clients: [
			{
				client_id: CLIENT_ID,
				token_endpoint_auth_method: 'none',
				redirect_uris: [REDIRECT_URI],
				grant_types: ['authorization_code'],
				response_types: ['code'],
			},
		],
		jwks: { keys: [{ ...jwk, kid: await calculateJwkThumbprint(jwk), alg: 'RS256', use: 'sig' }] },
		cookies: { keys: [randomBytes(32).toString('base64url')] },
		// Its own in-memory store: the default one warns on the console that it is for development only.
		adapter: memoryAdapter(),
		// Anyone is a user: `sub` is what they logged in as.
		findAccount: (_ctx: unknown, sub: string) => ({ accountId: sub, claims: () => ({ sub }) }),
		features: {
			// devInteractions would warn on the console: interact() below is the login and consent pages instead.
			devInteractions: { enabled: false },
			// oidc-provider issues JWT access tokens only for a resource server (RFC 8707): the API is one.
			resourceIndicators: {
				enabled: true,
				getResourceServerInfo: (ctx: ProviderContext, resource: string) => {
					if (resource !== audience) throw new errors.InvalidTarget(`unknown resource ${resource}`);
					const code = ctx.oidc?.params?.code;
					return {
						scope: API_SCOPE,
						audience,
						accessTokenFormat: 'jwt',
						accessTokenTTL: (typeof code === 'string' && ttlByCode.get(code)) || DEFAULT_TTL_SECONDS,
						jwt: { sign: { alg: 'RS256' } },
					};
				},
			},
		},
		interactions: { url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}` },
		ttl: {
			AccessToken: (_ctx: unknown, token: { resourceServer?: { accessTokenTTL?: number } }) =>
				token.resourceServer?.accessTokenTTL ?? DEFAULT_TTL_SECONDS,
			AuthorizationCode: 60,
			IdToken: DEFAULT_TTL_SECONDS,
			Interaction: DEFAULT_TTL_SECONDS,
			Session: DEFAULT_TTL_SECONDS,
			Grant: DEFAULT_TTL_SECONDS,
		},
		// The error page as JSON (the default one writes a notice): its error and error_description end up in the
		// message tokenFor() throws.
		renderError: (ctx: { type: string; body: unknown }, out: object) => {
			ctx.type = 'json';
			ctx.body = out;
		},
	};
}

/**
 * The provider's login and consent pages, as an identity provider has them: GET answers which prompt is pending
 * ({"prompt": "login"} or "consent"), POST answers it: `login=<user>` logs in as that user (any login is accepted),
 * an empty POST on consent grants what the client asked for. Both then redirect back to the provider.
 */
async function interact(provider: ProviderInstance, req: IncomingMessage, res: ServerResponse): Promise<void> {
	try {
		const { prompt, params, session } = await provider.interactionDetails(req, res);
		if (req.method === 'GET') return reply(res, 200, { prompt: prompt.name });
		if (req.method !== 'POST') return reply(res, 405, { error: `${req.method} not allowed` });
		if (prompt.name === 'login') {
			const accountId = (await readForm(req)).get('login');
			if (!accountId) return reply(res, 400, { error: 'the login form needs a login' });
			return await provider.interactionFinished(req, res, { login: { accountId } }, { mergeWithLastSubmission: false });
		}
		if (prompt.name === 'consent' && session) {
			// Each tokenFor() is a new browser, so a new session with no earlier grant to add to.
			const grant = new provider.Grant({ accountId: session.accountId, clientId: params.client_id });
			const { missingOIDCScope, missingResourceScopes = {} } = prompt.details;
			if (missingOIDCScope) grant.addOIDCScope(missingOIDCScope.join(' '));
			for (const [resource, scopes] of Object.entries(missingResourceScopes)) grant.addResourceScope(resource, scopes.join(' '));
			return await provider.interactionFinished(req, res, { consent: { grantId: await grant.save() } }, { mergeWithLastSubmission: true });
		}
		reply(res, 501, { error: `no page for the prompt ${prompt.name}` });
	} catch (error) {
		if (!res.headersSent) reply(res, 500, { error: error instanceof Error ? error.message : String(error) });
	}
}

/**
 * A browser's part of the authorization code flow with PKCE: the authorization request, then every redirect and the
 * provider's pages (login as `user`, consent) until the provider redirects to the client's redirect URI with a code.
 */
async function authorizationCode(authorizationEndpoint: string, audience: string, user: string, verifier: string): Promise<string> {
	const state = randomBytes(16).toString('base64url');
	const url = new URL(authorizationEndpoint);
	url.search = new URLSearchParams({
		client_id: CLIENT_ID,
		response_type: 'code',
		redirect_uri: REDIRECT_URI,
		scope: `openid ${API_SCOPE}`,
		resource: audience,
		state,
		code_challenge: createHash('sha256').update(verifier).digest('base64url'),
		code_challenge_method: 'S256',
	}).toString();

	const cookies = new Map<string, string>();
	let step = 'authorization request';
	let response = await browse(url, cookies);
	for (let hop = 0; hop < MAX_HOPS; hop++) {
		const location = response.headers.get('location');
		if (response.status >= 300 && response.status < 400 && location) {
			await response.body?.cancel();
			const next = new URL(location, url);
			if (next.href.startsWith(`${REDIRECT_URI}?`)) return codeFrom(next, state);
			step = `redirect to ${next.pathname}`;
			url.href = next.href;
			response = await browse(url, cookies);
		} else if (response.status === 200 && url.pathname.startsWith('/interaction/')) {
			const { prompt } = (await response.json()) as { prompt: string };
			step = prompt === 'login' ? `login as ${JSON.stringify(user)}` : `${prompt} page`;
			response = await browse(url, cookies, new URLSearchParams(prompt === 'login' ? { login: user } : {}));
		} else {
			throw await stepFailed(step, response);
		}
	}
	throw new Error(`OIDC provider: no redirect to ${REDIRECT_URI} after ${MAX_HOPS} steps (the last: ${step})`);
}

/** The code of the provider's redirect to the client, or why there is none. */
function codeFrom(callback: URL, state: string): string {
	const query = callback.searchParams;
	if (query.has('error')) {
		throw new Error(`OIDC provider: the authorization ended with ${query.get('error')}: ${query.get('error_description')}`);
	}
	if (query.get('state') !== state) throw new Error(`OIDC provider: the redirect to the client has the wrong state: ${callback.href}`);
	const code = query.get('code');
	if (!code) throw new Error(`OIDC provider: the redirect to the client has no code: ${callback.href}`);
	return code;
}

/**
 * One request of the browser: redirects are followed by the caller, and the cookies kept by hand (by name only: the
 * provider's cookies have distinct names, and each new one replaces the one before for the next page, as a browser's
 * path matching would pick it). A `form` makes it a POST.
 */
async function browse(url: URL, cookies: Map<string, string>, form?: URLSearchParams): Promise<Response> {
	const response = await fetch(url, {
		method: form ? 'POST' : 'GET',
		body: form,
		redirect: 'manual',
		headers: { cookie: [...cookies].map(([name, value]) => `${name}=${value}`).join('; ') },
	});
	for (const line of response.headers.getSetCookie()) {
		const pair = line.split(';', 1)[0];
		const name = pair.slice(0, pair.indexOf('=')).trim();
		const value = pair.slice(pair.indexOf('=') + 1).trim();
		// A cookie cleared (an empty value, expired in 1970) is gone.
		if (value) cookies.set(name, value);
		else cookies.delete(name);
	}
	return response;
}

async function stepFailed(step: string, response: Response): Promise<Error> {
	const body = (await response.text()).slice(0, 300);
	return new Error(`OIDC provider: the ${step} answered HTTP ${response.status}: ${body || '(no body)'}`);
}

function reply(res: ServerResponse, status: number, body: object): void {
	res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

async function readForm(req: IncomingMessage): Promise<URLSearchParams> {
	let body = '';
	req.setEncoding('utf8');
	for await (const chunk of req) body += chunk;
	return new URLSearchParams(body);
}

/**
 * oidc-provider's storage (sessions, interactions, grants, codes), in memory: the adapter interface of its docs.
 * Sessions are also found by their uid, and a revoked grant takes what was issued under it along.
 */
function memoryAdapter(): (model: string) => object {
	const store = new Map<string, StoredModel>();
	const find = (key: string) => {
		const stored = store.get(key);
		if (stored && stored.expiresAt > Date.now()) return stored.payload;
		store.delete(key);
		return undefined;
	};
	return (model) => ({
		async upsert(id: string, payload: Record<string, unknown>, expiresIn?: number) {
			store.set(`${model}:${id}`, { payload, expiresAt: expiresIn ? Date.now() + expiresIn * 1000 : Infinity });
		},
		async find(id: string) {
			return find(`${model}:${id}`);
		},
		async findByUid(uid: string) {
			for (const [key, { payload }] of store) if (key.startsWith(`${model}:`) && payload.uid === uid) return find(key);
			return undefined;
		},
		async findByUserCode(userCode: string) {
			for (const [key, { payload }] of store) if (key.startsWith(`${model}:`) && payload.userCode === userCode) return find(key);
			return undefined;
		},
		async consume(id: string) {
			const payload = find(`${model}:${id}`);
			if (payload) payload.consumed = Math.floor(Date.now() / 1000);
		},
		async destroy(id: string) {
			store.delete(`${model}:${id}`);
		},
		async revokeByGrantId(grantId: string) {
			for (const [key, { payload }] of store) if (payload.grantId === grantId) store.delete(key);
		},
	});
}
