import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { gunzipSync } from 'node:zlib';
import { PlaygroundPage } from './playground-page.ts';

test.describe('playground server', () => {
	test('bad requests get a 4xx with a message', async ({ request }) => {
		const mint = (data: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
			request.post('/api/tokens', { headers, data: Buffer.from(typeof data === 'string' ? data : JSON.stringify(data)) });
		const cases = [
			{ name: 'unknown approach', response: await mint({ approach: 'no-such-approach', scenario: 'valid' }), status: 400, message: /Unknown approach "no-such-approach"; expected one of .*recommended/ },
			{ name: 'unknown scenario', response: await mint({ approach: 'recommended', scenario: 'steal-the-moon' }), status: 400, message: /Unknown scenario "steal-the-moon"; expected one of .*no-token/ },
			{ name: 'malformed JSON', response: await mint('{"approach":'), status: 400, message: /not valid JSON/ },
			{ name: 'not an object', response: await mint('["recommended","valid"]'), status: 400, message: /must be a JSON object/ },
			{ name: 'missing fields', response: await mint({ approach: 'recommended' }), status: 400, message: /"scenario"/ },
			{ name: 'unknown role', response: await mint({ approach: 'recommended', scenario: 'replay-expired', role: 'admin' }), status: 400, message: /role.*"sender"/ },
			{ name: 'role not a string', response: await mint({ approach: 'recommended', scenario: 'replay-expired', role: { sender: true } }), status: 400, message: /role.*"sender"/ },
			{
				name: 'a sender where nobody writes',
				response: await mint({ approach: 'recommended', scenario: 'valid', role: 'sender' }),
				status: 400,
				message: /Nobody writes to the room in scenario "valid"; the scenarios with a sender are .*replay-expired/,
			},
			{ name: 'not JSON at all', response: await mint('approach=recommended', { 'content-type': 'application/x-www-form-urlencoded' }), status: 415, message: /application\/json/ },
			{ name: 'too large', response: await mint({ approach: 'recommended', scenario: 'valid', padding: 'x'.repeat(5000) }), status: 413, message: /larger than/ },
			{ name: 'another site', response: await mint({ approach: 'recommended', scenario: 'valid' }, { 'content-type': 'application/json', origin: 'https://evil.example' }), status: 403, message: /only given to pages of this playground/ },
			{ name: 'a token in a URL', response: await request.get('/api/tokens?approach=recommended&scenario=valid'), status: 405, message: /never travel in URLs/ },
			{ name: 'unknown API', response: await request.get('/api/nothing-here'), status: 404, message: /No API endpoint/ },
			{ name: 'unknown example endpoint', response: await request.get('/live/no-such-approach/socket.io/?EIO=4&transport=polling'), status: 404, message: /Unknown approach "no-such-approach"/ },
			{ name: 'not a socket.io path', response: await request.get('/live/recommended/stats'), status: 404, message: /socket\.io/ },
		];
		for (const { name, response, status, message } of cases) {
			expect(response.status(), name).toBe(status);
			expect((await response.json()).error, name).toMatch(message);
		}
		const missingPage = await request.get('/no-such-page/');
		expect(missingPage.status()).toBe(404);
		expect(missingPage.headers()['content-type']).toContain('text/html');
	});

	test('text is sent gzipped to clients that accept it, and the bytes are the built files', async ({ baseURL }) => {
		const page = await fetch(`${baseURL}/playground/`, { headers: { 'accept-encoding': 'gzip' } });
		const script = /<script[^>]+src="(\/_astro\/[^"]+\.js)"/.exec(await page.text())?.[1];
		expect(script, 'a bundled script on the playground page').toBeTruthy();
		// node:http keeps the body as sent (fetch would decompress it), so it can be checked byte for byte.
		const raw = await new Promise<{ encoding?: string; vary?: string; body: Buffer }>((resolve, reject) => {
			request(`${baseURL}${script}`, { headers: { 'accept-encoding': 'gzip' } }, (response) => {
				const chunks: Buffer[] = [];
				response.on('data', (chunk) => chunks.push(chunk));
				response.on('end', () =>
					resolve({ encoding: response.headers['content-encoding'], vary: response.headers.vary, body: Buffer.concat(chunks) }),
				);
			})
				.on('error', reject)
				.end();
		});
		expect(raw.encoding).toBe('gzip');
		expect(raw.vary).toMatch(/accept-encoding/i);
		expect(gunzipSync(raw.body).equals(readFileSync(`dist${script}`))).toBe(true);
		const plain = await fetch(`${baseURL}${script}`, { headers: { 'accept-encoding': 'identity' } });
		expect(plain.headers.get('content-encoding')).toBeNull();
	});

	test('tokens are minted for the demo users only, never in a URL', async ({ request }) => {
		const response = await request.post('/api/tokens', { data: { approach: 'recommended', scenario: 'admin' } });
		// "admin" is a token kind, not a scenario: the API speaks scenarios only.
		expect(response.status()).toBe(400);
		const valid = await (await request.post('/api/tokens', { data: { approach: 'recommended', scenario: 'valid' } })).json();
		expect(valid).toMatchObject({ approach: 'recommended', scenario: 'valid', kind: 'valid' });
		const claims = JSON.parse(Buffer.from(valid.token.split('.')[1], 'base64url').toString());
		expect(claims.sub).toBe('alice');
		expect(valid).not.toHaveProperty('reconnect');
		const none = await (await request.post('/api/tokens', { data: { approach: 'recommended', scenario: 'no-token' } })).json();
		expect(none.token).toBeNull();
		// The scenario that drops the connection also gets the token its client reconnects with:
		// Alice's, already expired.
		const recovery = await (await request.post('/api/tokens', { data: { approach: 'recommended', scenario: 'recovery' } })).json();
		expect(recovery).toMatchObject({ scenario: 'recovery', kind: 'valid', reconnect: { kind: 'expired' } });
		const later = JSON.parse(Buffer.from(recovery.reconnect.token.split('.')[1], 'base64url').toString());
		expect(later.sub).toBe('alice');
		expect(later.exp * 1000).toBe(recovery.reconnect.expiresAt);
		expect(recovery.reconnect.expiresAt).toBeLessThan(Date.now());
		// A replay: the second client's token is the scenario's, and the sender (Bob, who writes to
		// Alice's room) gets his own.
		const replay = await (await request.post('/api/tokens', { data: { approach: 'recommended', scenario: 'replay-expired' } })).json();
		expect(replay).toMatchObject({ scenario: 'replay-expired', kind: 'expired' });
		const sender = await (await request.post('/api/tokens', { data: { approach: 'recommended', scenario: 'replay-expired', role: 'sender' } })).json();
		expect(sender).toMatchObject({ scenario: 'replay-expired', role: 'sender', kind: 'admin' });
		expect(JSON.parse(Buffer.from(sender.token.split('.')[1], 'base64url').toString()).sub).toBe('bob');
	});

	test('every response carries security headers; pages get a CSP without unsafe-inline scripts', async ({ request }) => {
		const responses = {
			page: await request.get('/playground/'),
			asset: await request.get('/favicon.svg'),
			health: await request.get('/api/health'),
			token: await request.post('/api/tokens', { data: { approach: 'recommended', scenario: 'valid' } }),
			error: await request.post('/api/tokens', { data: 'nope', headers: { 'content-type': 'text/plain' } }),
			missing: await request.get('/no-such-page/'),
			proxied: await request.get('/live/recommended/socket.io/?EIO=4&transport=polling'),
		};
		for (const [name, response] of Object.entries(responses)) {
			const headers = response.headers();
			expect(headers['content-security-policy'], name).toBeTruthy();
			expect(headers['x-content-type-options'], name).toBe('nosniff');
			expect(headers['referrer-policy'], name).toBe('no-referrer');
			expect(headers['x-frame-options'], name).toBe('SAMEORIGIN');
		}
		const csp = responses.page.headers()['content-security-policy']!;
		const scriptSrc = csp.split(';').find((directive) => directive.trim().startsWith('script-src'))!;
		expect(scriptSrc).not.toContain("'unsafe-inline'");
		expect(scriptSrc).not.toContain("'unsafe-eval'");
		expect(csp).toContain("connect-src 'self'");
		expect(csp).toContain('frame-src https://stackblitz.com');
		expect(csp).toContain("form-action 'self' https://stackblitz.com");
		expect(responses.token.headers()['cache-control']).toBe('no-store');
	});

	test('the playground works under its CSP, and two visitors never see each other', async ({ browser }) => {
		const violations: string[] = [];
		const visitors = await Promise.all(
			[0, 1].map(async () => {
				const context = await browser.newContext();
				const page = await context.newPage();
				page.on('console', (message) => {
					if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
				});
				const playground = new PlaygroundPage(page);
				await page.goto('/playground/');
				await playground.waitOnline();
				await playground.choose('guard-only', 'leak');
				return { context, playground };
			}),
		);
		const [first, second] = visitors.map((visitor) => visitor.playground) as [PlaygroundPage, PlaygroundPage];
		// Both visitors' Alices and second clients are connected to the same guard-only app.
		for (const playground of [first, second]) {
			for (const id of ['alice', 'visitor'] as const) {
				await playground.button(id, 'connect').click();
				await expect(playground.state(id)).toHaveAttribute('data-state', 'connected');
			}
		}
		await first.button('alice', 'send').click();
		// The first visitor's unauthenticated client gets Alice's message (the guard-only leak),
		// shown as a leak...
		await expect(first.log('visitor').locator('[data-tone="leak"]')).toContainText('LEAK');
		await expect(first.log('visitor')).toContainText('hello from Alice');
		// ...and nobody on the other page sees it: each page load has a room of its own.
		await first.page.waitForTimeout(500);
		expect(await second.outcomes('alice')).toEqual(['connected']);
		expect(await second.outcomes('visitor')).toEqual(['connected']);
		expect(violations).toEqual([]);
		for (const { context } of visitors) await context.close();
	});
});
