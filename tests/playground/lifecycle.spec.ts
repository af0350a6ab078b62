import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { startPlayground, type StartedPlayground } from '../../scripts/start-playground.mjs';
import { PlaygroundPage, documentedOutcomes } from './playground-page.ts';
import { alive, processesWithMarker } from './processes.ts';

/**
 * A playground server of its own (its own port, default rate limits), so that killing one of its
 * examples, exhausting its rate limits and stopping it cannot disturb the other tests.
 */
let server: StartedPlayground;
let BASE: string;
const MARKER = `lifecycle-${randomUUID()}`;

interface Health {
	status: string;
	examples: Array<{ slug: string; state: string; pid: number | null; restarts: number }>;
}

const health = async (): Promise<Health> => (await fetch(`${BASE}/api/health`)).json();
const example = async (slug: string) => (await health()).examples.find((candidate) => candidate.slug === slug)!;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
	test.setTimeout(120_000);
	// PLAYGROUND_TEST_MARKER is inherited by every example process: it finds any left behind.
	server = await startPlayground({ env: { PLAYGROUND_EXAMPLES: 'guard-only,recommended', PLAYGROUND_TEST_MARKER: MARKER } });
	BASE = server.url;
});

test.afterAll(async () => server?.stop());

test('a killed example comes back, the other keeps running, and the playground works again', async ({ page }) => {
	const before = await health();
	const recommended = before.examples.find((e) => e.slug === 'recommended')!;
	const guardOnly = before.examples.find((e) => e.slug === 'guard-only')!;
	const valid = documentedOutcomes('recommended').valid!;
	const playground = new PlaygroundPage(page);
	await page.goto(`${BASE}/playground/`);
	await playground.waitOnline();
	await playground.choose('recommended', 'valid');
	await playground.play('valid');
	await expect.poll(() => playground.outcomes('visitor')).toEqual(valid);

	process.kill(recommended.pid!, 'SIGKILL');
	// The connected client notices...
	await expect(playground.log('visitor').locator('[data-outcome="disconnect:transport close"]')).toHaveCount(1);
	// ...the supervisor starts a new process, and leaves the other example alone.
	await expect
		.poll(async () => {
			const now = await example('recommended');
			return now.state === 'running' && now.pid !== recommended.pid && now.restarts >= 1;
		}, { timeout: 60_000 })
		.toBe(true);
	expect(await example('guard-only')).toMatchObject({ state: 'running', pid: guardOnly.pid, restarts: 0 });

	await playground.choose('recommended', 'valid');
	await playground.play('valid');
	await expect.poll(() => playground.outcomes('visitor')).toEqual(valid);
});

test('token requests and new connections are rate-limited per address: 429 with Retry-After', async () => {
	const mint = () =>
		fetch(`${BASE}/api/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ approach: 'recommended', scenario: 'valid' }) });
	const minted = [];
	for (let i = 0; i < 40; i++) minted.push(await mint());
	const limited = minted.filter((response) => response.status === 429);
	expect(limited.length).toBeGreaterThan(0);
	// 30 a minute by default; a few more may have been refilled while the loop ran.
	expect(minted.filter((response) => response.status === 200).length).toBeLessThan(35);
	expect(Number(limited[0]!.headers.get('retry-after'))).toBeGreaterThan(0);
	expect((await limited[0]!.json()).error).toMatch(/Too many token requests/);

	// A new engine.io connection is a request without a session id; 60 a minute by default.
	const handshakes = [];
	for (let i = 0; i < 70; i++) handshakes.push((await fetch(`${BASE}/live/guard-only/socket.io/?EIO=4&transport=polling`)).status);
	expect(handshakes).toContain(429);
	expect(handshakes.filter((status) => status === 200).length).toBeLessThan(66);
	// The WebSocket transport is counted the same way.
	const upgrade = await new Promise<number | undefined>((resolve, reject) => {
		const req = httpRequest(`${BASE}/live/guard-only/socket.io/?EIO=4&transport=websocket`, {
			headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': 'dGhlIHNhbXBsZSBub25jZQ==' },
		});
		req.on('response', (response) => resolve(response.statusCode));
		req.on('upgrade', () => resolve(101));
		req.on('error', reject);
		req.end();
	});
	expect(upgrade).toBe(429);
});

test('SIGTERM stops the server and leaves no example process behind', async () => {
	const pids = (await health()).examples.map((e) => e.pid);
	expect(pids.every((pid) => typeof pid === 'number')).toBe(true);
	server.child.kill('SIGTERM');
	expect(await server.exited).toBe(0);
	for (const pid of pids) expect(alive(pid!), `example process ${pid}`).toBe(false);
	expect(processesWithMarker(MARKER), 'processes started by this server').toEqual([]);
});
