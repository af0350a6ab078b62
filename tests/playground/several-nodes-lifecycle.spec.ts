// The several-nodes example on playground servers of their own: without Redis, when a node
// crashes, and when the server is stopped or killed. Each server carries a marker in its
// environment, which its processes inherit: the tests find them by it. All but redis-server,
// whose process title overwrites its environment: it is found as the child of the process that
// started it (/api/health's redis.pid).
import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { io } from 'socket.io-client';
import { findRedisServer } from '../../examples/several-nodes/demo/redis-server.mjs';
import { startPlayground } from '../../scripts/start-playground.mjs';
import { PlaygroundPage } from './playground-page.ts';
import { alive, childrenNamed, killMarked, processesWithMarker } from './processes.ts';
import { answering } from './raw-http.ts';

const SLUG = 'several-nodes';

interface NodeHealth {
	node: string;
	state: string;
	pid: number;
	restarts: number;
}
interface ClusterHealth {
	state: string;
	reason?: string;
	redis: { state: string; pid: number; restarts: number };
	nodes: NodeHealth[];
}

/** Every marker a server got here, and every redis-server seen: afterAll kills what is left. */
const markers: string[] = [];
const redisPids: number[] = [];
function newMarker(): string {
	const marker = `several-nodes-${randomUUID()}`;
	markers.push(marker);
	return marker;
}
test.afterAll(() => {
	killMarked(markers);
	for (const pid of redisPids.filter(alive)) process.kill(pid, 'SIGKILL');
});

/** The redis-server a playground server started, found through /api/health and /proc; fails the test if there is none. */
async function redisServerOf(url: string): Promise<number> {
	test.skip(process.platform !== 'linux', 'finds redis-server through /proc (Linux)');
	const { redis } = await clusterHealth(url);
	const found = childrenNamed(redis.pid, 'redis-server');
	expect(found, `one redis-server, started by the Redis host process ${redis.pid}`).toHaveLength(1);
	redisPids.push(found[0]!);
	return found[0]!;
}

async function clusterHealth(url: string): Promise<ClusterHealth> {
	const health = await (await fetch(`${url}/api/health`)).json();
	return health.examples.find((example: { slug: string }) => example.slug === SLUG);
}

test('without Redis, the page says so with the install command, and the other examples still work', async ({ page }) => {
	test.setTimeout(120_000);
	const marker = newMarker();
	// No redis-server on PATH, and no apt-get to install one with: a machine without Redis.
	const noRedis = { PATH: mkdtempSync(join(tmpdir(), 'no-redis-')), REDIS_SERVER: '' };
	let reason = '';
	try {
		findRedisServer({ env: noRedis, install: false });
	} catch (error) {
		reason = (error as Error).message;
	}
	expect(reason, 'what startRedis says on such a machine').toContain('apt-get install redis-server');

	const server = await startPlayground({ env: { ...noRedis, PLAYGROUND_EXAMPLES: `guard-only,${SLUG}`, PLAYGROUND_TEST_MARKER: marker } });
	try {
		const response = await fetch(`${server.url}/api/health`);
		// Up (200), with what cannot run here and why.
		expect(response.status).toBe(200);
		expect((await response.json()).status).toBe('partial');
		const cluster = await clusterHealth(server.url);
		expect(cluster).toMatchObject({ state: 'unavailable', reason, redis: { state: 'unavailable' } });
		expect(cluster.nodes.map(({ node, state }) => `${node}:${state}`)).toEqual(['a:unavailable', 'b:unavailable']);
		const refused = await fetch(`${server.url}/live/${SLUG}/a/socket.io/?EIO=4&transport=polling`);
		expect(refused.status).toBe(503);
		expect((await refused.json()).error).toMatch(/cannot run on this server: it needs a Redis/);

		const playground = new PlaygroundPage(page);
		await page.goto(`${server.url}/playground/`);
		await playground.waitOnline();
		await playground.choose(SLUG, 'valid');
		const notice = playground.root.locator('[data-unavailable]');
		await expect(notice).toBeVisible();
		await expect(notice).toContainText('The Several nodes example is not running on this playground server.');
		await expect(notice.locator('pre')).toHaveText(reason);
		await expect(playground.root.getByRole('status')).toHaveText('The Several nodes example is not running on this server: see below.');
		for (const id of ['alice', 'visitor'] as const) await expect(playground.button(id, 'connect')).toBeDisabled();
		await expect(playground.button('bob', 'revoke')).toBeDisabled();

		// The other example, on the same page of the same server, works.
		await playground.choose('guard-only', 'leak');
		await expect(notice).toBeHidden();
		await expect(playground.button('alice', 'connect')).toBeEnabled();
		await playground.play('leak');
		await expect(playground.log('visitor').locator('[data-tone="leak"]')).toHaveCount(1);
	} finally {
		await server.stop();
		rmSync(noRedis.PATH, { recursive: true });
	}
	expect(processesWithMarker(marker), 'processes started by this server').toEqual([]);
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
	test(`${signal} to npm start stops both nodes and Redis`, async () => {
		test.setTimeout(120_000);
		const marker = newMarker();
		const { port, url, child: npm, stdout, stderr } = await startPlayground({
			command: ['npm', 'start'],
			env: { PLAYGROUND_EXAMPLES: SLUG, PLAYGROUND_TEST_MARKER: marker },
		});
		const redisServer = await redisServerOf(url);
		// The npm process only, not its group: what a process manager or `kill <pid>` does.
		npm.kill(signal);
		await expect
			.poll(async () => ({ answering: await answering(port), left: processesWithMarker(marker), redis: alive(redisServer) }), {
				message: `still running 15 s after ${signal} to npm start:\n${stdout()}${stderr()}`,
				timeout: 15_000,
			})
			.toEqual({ answering: false, left: [], redis: false });
	});
}

test('a crashed node is restarted alone and reaches the other again; so is a crashed Redis; killed with SIGKILL, the server leaves neither node nor Redis behind', async () => {
	test.setTimeout(120_000);
	const marker = newMarker();
	const server = await startPlayground({ env: { PLAYGROUND_EXAMPLES: SLUG, PLAYGROUND_TEST_MARKER: marker } });
	const before = await clusterHealth(server.url);
	expect(before.state, before.reason).toBe('running');
	expect(before.redis.restarts).toBe(0);
	const redisServer = await redisServerOf(server.url);
	const [a, b] = before.nodes as [NodeHealth, NodeHealth];

	process.kill(b.pid, 'SIGKILL');
	await expect
		.poll(async () => {
			const now = (await clusterHealth(server.url)).nodes[1]!;
			return now.state === 'running' && now.pid !== b.pid && now.restarts >= 1;
		}, { message: 'node B running again, as a new process', timeout: 30_000 })
		.toBe(true);
	const after = await clusterHealth(server.url);
	// Node A and Redis were left alone.
	expect(after.nodes[0]).toMatchObject({ state: 'running', pid: a.pid, restarts: 0 });
	expect(after.redis).toMatchObject({ state: 'running', pid: before.redis.pid, restarts: 0 });
	// The new node B is on the same Redis: a message sent on node A reaches a client on node B.
	expect(await crossNodeMessage(server.url)).toEqual({ from: 'Alice', text: 'across nodes' });

	// redis-server itself crashes: its host starts it again on the same port, and the nodes,
	// left running, reach each other through it once their clients have reconnected.
	process.kill(redisServer, 'SIGKILL');
	await expect
		.poll(async () => (await clusterHealth(server.url)).redis, { message: 'Redis running again', timeout: 15_000 })
		.toMatchObject({ state: 'running', pid: before.redis.pid, restarts: 1 });
	const newRedisServer = await redisServerOf(server.url);
	expect(newRedisServer).not.toBe(redisServer);
	await expect
		.poll(() => crossNodeMessage(server.url).catch((error: Error) => error.message), { message: 'a message crossing nodes through the new redis-server', timeout: 15_000 })
		.toEqual({ from: 'Alice', text: 'across nodes' });
	expect((await clusterHealth(server.url)).nodes.map(({ pid }) => pid), 'the nodes were not restarted').toEqual([a.pid, after.nodes[1]!.pid]);

	// The server alone, not its process group: its children must notice it is gone by themselves.
	server.child.kill('SIGKILL');
	await expect
		.poll(() => ({ left: processesWithMarker(marker), redis: alive(newRedisServer) }), { message: 'processes left 10 s after the server was killed', timeout: 10_000 })
		.toEqual({ left: [], redis: false });
});

/** Alice on node B, and a second Alice on node A who sends a message to their room: what node B's Alice receives. */
async function crossNodeMessage(url: string): Promise<unknown> {
	const { token } = await (
		await fetch(`${url}/api/tokens`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ approach: SLUG, scenario: 'valid' }) })
	).json();
	const room = `test-${randomUUID()}`;
	const connect = (node: string) =>
		new Promise<ReturnType<typeof io>>((resolve, reject) => {
			const socket = io(url, { path: `/live/${SLUG}/${node}/socket.io`, auth: { token, room }, transports: ['websocket'], reconnection: false, forceNew: true });
			socket.once('connect', () => resolve(socket)).once('connect_error', reject);
		});
	const [onB, onA] = [await connect('b'), await connect('a')];
	try {
		const received = new Promise((resolve) => onB.once('message', resolve));
		await onA.timeout(2000).emitWithAck('message', { text: 'across nodes' });
		return await Promise.race([received, new Promise((resolve) => setTimeout(() => resolve('nothing within 2 s'), 2000))]);
	} finally {
		onA.close();
		onB.close();
	}
}
