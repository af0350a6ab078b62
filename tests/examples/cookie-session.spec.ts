// The recommended example's cookie variant (AUTH_COOKIE) in a real browser: the facts behind the
// "Cookie sessions" guide (site/content/docs/guides/cookie-sessions.mdx). The last test checks
// the example as shipped the same way: a page on an allowed origin can long-poll. Which cookies a browser
// keeps, sends and hides from scripts is the browser's decision, so Chromium (playwright.config.ts)
// runs the pages, with the socket.io client bundle a page would load.
//
// Origins, all on 127.0.0.1 and so one site (ports never count for cookies or sites):
// - the app, http://127.0.0.1:<app port>, which sets the cookie;
// - the allowed page, the one origin in ALLOWED_ORIGINS;
// - the foreign page, another port: the browser sends it the app's cookie too.
import { expect, test, type BrowserContext, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startApp } from '../../examples/recommended/demo/app-process.mjs';
import { freshJwtSettings } from '../../examples/recommended/demo/behavior.mjs';
import { tokenFor } from '../../examples/recommended/demo/tokens.mjs';
import { exampleDir } from './example-dir.ts';

const COOKIE = 'access_token';
const CLIENT_BUNDLE = readFileSync(fileURLToPath(new URL('../../node_modules/socket.io-client/dist/socket.io.min.js', import.meta.url)));
// What reached the app's HTTP server, logged by a preload before the app's code saw it.
const REQUEST_LOGGER = fileURLToPath(new URL('../fixtures/log-socket-requests.mjs', import.meta.url));
const ALICE = { id: 'alice', name: 'Alice', roles: ['member'] };

/** What `io(url, options)` in a page came to: connected (and who it is), or the connect_error. */
type Attempt = { connected: true; whoami: unknown } | { connected: false; message: string; data?: unknown };

/** A page server: an empty page that loads the socket.io client, on a port of its own. */
async function pageServer(): Promise<{ origin: string; close: () => Promise<void> }> {
	const server: Server = createServer((req, res) => {
		if (req.url === '/socket.io.min.js') {
			res.setHeader('content-type', 'text/javascript');
			return res.end(CLIENT_BUNDLE);
		}
		res.setHeader('content-type', 'text/html');
		res.end('<!doctype html><title>chat page</title><script src="/socket.io.min.js"></script>');
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
		close: () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())),
	};
}

test.describe('recommended, token in an httpOnly cookie (AUTH_COOKIE), in Chromium', () => {
	test.describe.configure({ mode: 'serial' });
	let app: Awaited<ReturnType<typeof startApp>>;
	let allowed: Awaited<ReturnType<typeof pageServer>>;
	let foreign: Awaited<ReturnType<typeof pageServer>>;

	test.beforeAll(async () => {
		[allowed, foreign] = await Promise.all([pageServer(), pageServer()]);
		const jwt = freshJwtSettings();
		app = await startApp({
			dir: exampleDir('recommended'),
			nodeArgs: ['--import', REQUEST_LOGGER],
			env: {
				JWT_SECRET: jwt.secret,
				JWT_ISSUER: jwt.issuer,
				JWT_AUDIENCE: jwt.audience,
				AUTH_COOKIE: COOKIE,
				ALLOWED_ORIGINS: allowed.origin,
			},
		});
	});
	test.afterAll(async () => {
		await app?.stop();
		await Promise.all([allowed?.close(), foreign?.close()]);
	});

	async function open(context: BrowserContext, origin: string): Promise<Page> {
		const page = await context.newPage();
		await page.goto(`${origin}/`);
		return page;
	}

	/** POST /auth/login or /auth/logout from the page, as its script would: credentials included. */
	function call(page: Page, path: string, body?: object): Promise<{ status: number; body: unknown }> {
		return page.evaluate(
			async ({ url, body }) => {
				const response = await fetch(url, {
					method: 'POST',
					credentials: 'include',
					headers: body ? { 'content-type': 'application/json' } : {},
					body: body ? JSON.stringify(body) : undefined,
				});
				const text = await response.text();
				return { status: response.status, body: text ? JSON.parse(text) : undefined };
			},
			{ url: `${app.url}${path}`, body },
		);
	}

	/** Opens a socket in the page; a connected one asks `whoami` and stays open as `window.chat`. */
	function connect(page: Page, options: object): Promise<Attempt> {
		return page.evaluate(
			({ url, options }) =>
				new Promise<Attempt>((resolve) => {
					const io = (window as unknown as { io: (url: string, options: object) => any }).io;
					const socket = io(url, { ...options, reconnection: false, forceNew: true });
					socket.once('connect', async () => {
						(window as unknown as { chat: unknown }).chat = socket;
						resolve({ connected: true, whoami: await socket.timeout(2000).emitWithAck('whoami', {}) });
					});
					socket.once('connect_error', (error: Error & { data?: unknown }) => {
						socket.close();
						resolve({ connected: false, message: error.message, ...(error.data === undefined ? {} : { data: error.data }) });
					});
				}),
			{ url: app.url, options },
		);
	}

	/** A context where Alice has logged in from the allowed page. */
	async function loggedIn(context: BrowserContext): Promise<Page> {
		const page = await open(context, allowed.origin);
		expect(await call(page, '/auth/login', { userId: 'alice' })).toEqual({ status: 200, body: { id: 'alice' } });
		return page;
	}

	/** The socket.io requests the app received from `origin`, as the preload logged them. */
	function requestsFrom(origin: string): Array<{ event: string; cookies: string[] }> {
		return [...app.output().matchAll(/^socket\.io request (\{.*\})$/gm)]
			.map(([, json]) => JSON.parse(json!))
			.filter((request) => request.origin === origin);
	}

	test('the login sets an httpOnly, Secure, SameSite=Lax cookie that the page cannot read', async ({ browser }) => {
		const context = await browser.newContext();
		try {
			const page = await loggedIn(context);
			const [cookie] = (await context.cookies(app.url)).filter(({ name }) => name === COOKIE);
			expect(cookie).toMatchObject({ domain: '127.0.0.1', path: '/', httpOnly: true, secure: true, sameSite: 'Lax' });
			// Max-Age is the token's lifetime, 10 minutes.
			expect(cookie!.expires * 1000 - Date.now()).toBeGreaterThan(9 * 60_000);
			expect(cookie!.expires * 1000 - Date.now()).toBeLessThanOrEqual(10 * 60_000);
			// The page is on 127.0.0.1 too, so without HttpOnly its document.cookie would list it.
			expect(await page.evaluate(() => document.cookie)).not.toContain(COOKIE);
		} finally {
			await context.close();
		}
	});

	test('a page on the allowed origin connects as Alice with withCredentials: true; long-polling without it sends no cookie', async ({ browser }) => {
		const context = await browser.newContext();
		try {
			const page = await loggedIn(context);
			expect(await connect(page, { withCredentials: true })).toEqual({ connected: true, whoami: ALICE });
			// The handshake is the first long-polling request: a cross-origin XHR without credentials.
			expect(await connect(page, {})).toEqual({ connected: false, message: 'Unauthorized', data: { code: 'TOKEN_MISSING' } });
			// A WebSocket handshake carries the cookie whatever withCredentials says.
			expect(await connect(page, { transports: ['websocket'] })).toEqual({ connected: true, whoami: ALICE });
		} finally {
			await context.close();
		}
	});

	test('a page on another origin of the same site sends the cookie, and the Origin check refuses it', async ({ browser }) => {
		const context = await browser.newContext();
		try {
			await loggedIn(context);
			const page = await open(context, foreign.origin);
			expect(await connect(page, { withCredentials: true })).toEqual({ connected: false, message: 'xhr poll error' });
			expect(await connect(page, { transports: ['websocket'] })).toEqual({ connected: false, message: 'websocket error' });
			// Both attempts reached the app with Alice's cookie: only the Origin check stopped them.
			const requests = requestsFrom(foreign.origin);
			expect(requests.map(({ event }) => event)).toEqual(['request', 'upgrade']);
			for (const request of requests) expect(request.cookies).toEqual([COOKIE]);
		} finally {
			await context.close();
		}
	});

	test('without the cookie the allowed page is refused with TOKEN_MISSING', async ({ browser }) => {
		const context = await browser.newContext();
		try {
			const page = await open(context, allowed.origin);
			expect(await connect(page, { withCredentials: true })).toEqual({ connected: false, message: 'Unauthorized', data: { code: 'TOKEN_MISSING' } });
		} finally {
			await context.close();
		}
	});

	test('after logout a new socket is refused; one opened before stays connected', async ({ browser }) => {
		const context = await browser.newContext();
		try {
			const page = await loggedIn(context);
			expect(await connect(page, { withCredentials: true })).toEqual({ connected: true, whoami: ALICE });
			const before = await page.evaluateHandle(() => (window as unknown as { chat: unknown }).chat);
			expect(await call(page, '/auth/logout')).toEqual({ status: 204, body: undefined });
			expect((await context.cookies(app.url)).map(({ name }) => name)).not.toContain(COOKIE);
			expect(await connect(page, { withCredentials: true })).toEqual({ connected: false, message: 'Unauthorized', data: { code: 'TOKEN_MISSING' } });
			// Its token was checked at its handshake; clearing the cookie does not reach it.
			expect(await before.evaluate((socket: any) => socket.timeout(2000).emitWithAck('whoami', {}))).toEqual(ALICE);
		} finally {
			await context.close();
		}
	});

	test('the demo login refuses a body without a user id (400) and an unknown user (401)', async () => {
		const login = (body: string) => fetch(`${app.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
		for (const body of ['{}', '{"userId":{"$ne":null}}', 'not json']) {
			const response = await login(body);
			expect(response.status, body).toBe(400);
			expect(response.headers.get('set-cookie'), body).toBeNull();
		}
		expect((await (await login('{}')).json()).message).toBe('userId must be a user id');
		const unknown = await login('{"userId":"mallory"}');
		expect(unknown.status).toBe(401);
		expect((await unknown.json()).message).toBe('unknown user');
		expect(unknown.headers.get('set-cookie')).toBeNull();
	});
});

test('without AUTH_COOKIE there is no login route; a bad AUTH_COOKIE stops the app with a message that names it', async () => {
	const jwt = freshJwtSettings();
	const env = { JWT_SECRET: jwt.secret, JWT_ISSUER: jwt.issuer, JWT_AUDIENCE: jwt.audience };
	const app = await startApp({ dir: exampleDir('recommended'), env });
	try {
		const response = await fetch(`${app.url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"userId":"alice"}' });
		expect(response.status).toBe(404);
		expect(response.headers.get('set-cookie')).toBeNull();
	} finally {
		await app.stop();
	}
	await expect(startApp({ dir: exampleDir('recommended'), env: { ...env, AUTH_COOKIE: 'access token' } })).rejects.toThrow(
		/AUTH_COOKIE must be a cookie name .*got "access token"/,
	);
});

test.describe('recommended as shipped (token in auth), in Chromium', () => {
	test('a page on an allowed origin connects over long-polling; a page on another origin is refused', async ({ browser }) => {
		const [allowed, foreign] = await Promise.all([pageServer(), pageServer()]);
		const jwt = freshJwtSettings();
		const app = await startApp({
			dir: exampleDir('recommended'),
			env: { JWT_SECRET: jwt.secret, JWT_ISSUER: jwt.issuer, JWT_AUDIENCE: jwt.audience, ALLOWED_ORIGINS: allowed.origin },
		});
		const context = await browser.newContext();
		try {
			const attempt = async (origin: string) => {
				const page = await context.newPage();
				await page.goto(`${origin}/`);
				// socket.io's default transports: the handshake is a cross-origin long-polling XHR,
				// which the page can read only with the server's CORS answer.
				return page.evaluate(
					({ url, token }) =>
						new Promise<string>((resolve) => {
							const io = (window as unknown as { io: (url: string, options: object) => any }).io;
							const socket = io(url, { auth: { token }, reconnection: false, forceNew: true });
							socket.once('connect', () => (socket.close(), resolve('connected')));
							socket.once('connect_error', (error: Error) => (socket.close(), resolve(`connect_error:${error.message}`)));
						}),
					{ url: app.url, token: tokenFor('valid', jwt) },
				);
			};
			expect(await attempt(allowed.origin)).toBe('connected');
			expect(await attempt(foreign.origin)).toBe('connect_error:xhr poll error');
		} finally {
			await context.close();
			await app.stop();
			await Promise.all([allowed.close(), foreign.close()]);
		}
	});
});
