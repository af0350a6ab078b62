// Which cookies Chromium attaches to a WebSocket opened by a page of another origin: the facts
// behind "Cookies and cross-site WebSocket hijacking" (site/content/docs/guides/token-transport.mdx)
// and the comment in examples/recommended/src/ws-auth/allowed-origins.ts.
//
// A small "socket server" sets cookies on its own origin (a top-level visit, so first-party),
// then pages served from other origins open a WebSocket to it; the server answers each upgrade
// with the Cookie and Origin headers it received. No socket.io here: which cookies go out is
// decided by the browser before any server code runs.
//
// Sites: Chromium maps the made-up names below to 127.0.0.1 (--host-resolver-rules).
// `app.example.test` and `chat.example.test` are one site (registrable domain `example.test`);
// `127.0.0.1` and `localhost` are two different sites; ports never count.
import { chromium, expect, test, type BrowserContext, type LaunchOptions } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocketServer } from 'ws';

const HOST_RULES = '--host-resolver-rules=MAP app.example.test 127.0.0.1, MAP chat.example.test 127.0.0.1';

interface Seen {
	cookie: string;
	origin: string | undefined;
}

type Tls = { key: Buffer; cert: Buffer } | undefined;

function listen(server: Server): Promise<number> {
	return new Promise((resolve, reject) => {
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
	});
}

function httpServer(tls: Tls, handler: (req: IncomingMessage, res: ServerResponse) => void): Server {
	return tls ? createHttpsServer(tls, handler) : createServer(handler);
}

/** The server whose cookies are at stake: GET /set sets them, every WebSocket upgrade is echoed. */
async function socketServer(tls: Tls, cookies: string[]) {
	const wss = new WebSocketServer({ noServer: true });
	const server = httpServer(tls, (req, res) => {
		if (req.url === '/set') res.setHeader('set-cookie', cookies);
		res.setHeader('content-type', 'text/html');
		res.end('<!doctype html><title>socket server</title>');
	});
	server.on('upgrade', (req, socket, head) => {
		wss.handleUpgrade(req, socket, head, (ws) => {
			const seen: Seen = { cookie: req.headers.cookie ?? '', origin: req.headers.origin };
			ws.send(JSON.stringify(seen));
		});
	});
	const port = await listen(server);
	return { port, close: () => new Promise<void>((resolve) => (wss.close(), server.close(() => resolve()), server.closeAllConnections())) };
}

/** The pages that open the sockets: any other origin, an empty page. */
async function pageServer(tls: Tls) {
	const server = httpServer(tls, (_req, res) => {
		res.setHeader('content-type', 'text/html');
		res.end('<!doctype html><title>another page</title>');
	});
	const port = await listen(server);
	return { port, close: () => new Promise<void>((resolve) => (server.close(() => resolve()), server.closeAllConnections())) };
}

/** Opens a WebSocket from `pageUrl` to `socketUrl` and returns what the socket server received. */
async function cookiesSentFrom(context: BrowserContext, pageUrl: string, socketUrl: string): Promise<Seen> {
	const page = await context.newPage();
	try {
		await page.goto(pageUrl);
		return await page.evaluate(
			(url) =>
				new Promise<Seen>((resolve, reject) => {
					const ws = new WebSocket(url);
					ws.onmessage = (event) => {
						resolve(JSON.parse(String(event.data)));
						ws.close();
					};
					ws.onerror = () => reject(new Error(`WebSocket to ${url} failed`));
				}),
			socketUrl,
		);
	} finally {
		await page.close();
	}
}

function cookieNames(seen: Seen): string[] {
	return seen.cookie
		.split(';')
		.map((pair) => pair.split('=')[0].trim())
		.filter(Boolean)
		.sort();
}

/** The project's Chromium (playwright.config.ts), with our host rules added. */
function launchOptionsOf(project: { use: { launchOptions?: LaunchOptions } }): LaunchOptions {
	const options = { ...project.use.launchOptions };
	return { ...options, args: [...(options.args ?? []), HOST_RULES] };
}

test('SameSite=Lax, Strict and unset cookies go on WebSockets from the same site, other ports and sibling subdomains included, and not from another site', async ({}, testInfo) => {
	const socket = await socketServer(undefined, [
		'lax=1; Path=/; SameSite=Lax',
		'strict=1; Path=/; SameSite=Strict',
		// No SameSite attribute: Chromium treats it as Lax ("Lax by default").
		'unset=1; Path=/',
	]);
	const pages = await pageServer(undefined);
	const browser = await chromium.launch(launchOptionsOf(testInfo.project));
	try {
		for (const host of ['127.0.0.1', 'app.example.test']) {
			const context = await browser.newContext();
			await (await context.newPage()).goto(`http://${host}:${socket.port}/set`);
			const ws = `ws://${host}:${socket.port}/`;
			const sibling = host === '127.0.0.1' ? '127.0.0.1' : 'chat.example.test';

			// Same site, another origin: another port of the same host, or a sibling subdomain.
			const sameSite = await cookiesSentFrom(context, `http://${sibling}:${pages.port}/`, ws);
			expect(sameSite.origin, 'the page is another origin').toBe(`http://${sibling}:${pages.port}`);
			expect(cookieNames(sameSite), `from http://${sibling}:${pages.port}`).toEqual(['lax', 'strict', 'unset']);

			// Another site: none of them.
			const crossSite = await cookiesSentFrom(context, `http://localhost:${pages.port}/`, ws);
			expect(crossSite.origin).toBe(`http://localhost:${pages.port}`);
			expect(cookieNames(crossSite), 'from http://localhost').toEqual([]);
			await context.close();
		}
	} finally {
		await browser.close();
		await Promise.all([socket.close(), pages.close()]);
	}
});

test('a SameSite=None; Secure cookie goes on a WebSocket from another site when the browser allows third-party cookies', async ({}, testInfo) => {
	// Secure cookies need https (and wss): a throwaway self-signed certificate (tests/fixtures/tls),
	// accepted with ignoreHTTPSErrors.
	const dir = mkdtempSync(join(tmpdir(), 'cswsh-'));
	try {
		const fixture = (name: string) => readFileSync(new URL(`../fixtures/tls/${name}`, import.meta.url));
		const tls = { key: fixture('localhost.key.pem'), cert: fixture('localhost.cert.pem') };
		const socket = await socketServer(tls, ['none=1; Path=/; SameSite=None; Secure', 'lax=1; Path=/; SameSite=Lax; Secure']);
		const pages = await pageServer(tls);
		// The Chromium the tests run blocks third-party cookies by default (the request shows them
		// blocked for "UserPreferences"), and so withholds SameSite=None cookies too. A profile
		// that allows them, as a browser's "Allow third-party cookies" setting does:
		const profile = join(dir, 'profile');
		mkdirSync(join(profile, 'Default'), { recursive: true });
		writeFileSync(join(profile, 'Default', 'Preferences'), JSON.stringify({ profile: { cookie_controls_mode: 0, block_third_party_cookies: false } }));
		const context = await chromium.launchPersistentContext(profile, { ...launchOptionsOf(testInfo.project), ignoreHTTPSErrors: true });
		try {
			await (await context.newPage()).goto(`https://127.0.0.1:${socket.port}/set`);
			const ws = `wss://127.0.0.1:${socket.port}/`;

			const sameSite = await cookiesSentFrom(context, `https://127.0.0.1:${pages.port}/`, ws);
			expect(cookieNames(sameSite)).toEqual(['lax', 'none']);

			const crossSite = await cookiesSentFrom(context, `https://localhost:${pages.port}/`, ws);
			expect(crossSite.origin).toBe(`https://localhost:${pages.port}`);
			expect(cookieNames(crossSite), 'from https://localhost').toEqual(['none']);
		} finally {
			await context.close();
			await Promise.all([socket.close(), pages.close()]);
		}
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});
