// The playground on the several-nodes example, against `npm start` (the config's webServer): its
// Redis and two nodes, Alice on node A, the second client and Bob on node B.
//
// Serial, and the only file that uses several-nodes on that server: "Revoke Alice" closes every
// socket of Alice on it, whoever opened it.
import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Request } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { TEXTS } from '../../examples/recommended/demo/scenario-facts.mjs';
import { expectDocumentedScenarios, PlaygroundPage, REPO_ROOT } from './playground-page.ts';

test.describe.configure({ mode: 'serial' });

const SLUG = 'several-nodes';
const cluster = JSON.parse(readFileSync(`${REPO_ROOT}examples/${SLUG}/behavior.json`, 'utf8')).cluster;
/** What behavior.json's `revoke` cluster scenario says Alice on node B and Bob on node B see. */
const revoked: string[] = cluster.scenarios.revoke.observers['Alice (B)'];
const bobSees: string[] = cluster.scenarios.revoke.observers['Bob (B)'];

interface ClusterHealth {
	slug: string;
	state: string;
	reason?: string;
	redis: { state: string };
	nodes: Array<{ node: string; state: string; path: string }>;
}

test('/api/health lists its Redis and both nodes running, each node at a path of its own', async ({ request }) => {
	const health = await (await request.get('/api/health')).json();
	const example: ClusterHealth = health.examples.find((candidate: { slug: string }) => candidate.slug === SLUG);
	expect(example, `${SLUG} in /api/health`).toBeTruthy();
	expect(example.state, example.reason).toBe('running');
	expect(example.redis.state).toBe('running');
	expect(example.nodes.map(({ node, state, path }) => ({ node, state, path }))).toEqual([
		{ node: 'a', state: 'running', path: `/live/${SLUG}/a/socket.io/` },
		{ node: 'b', state: 'running', path: `/live/${SLUG}/b/socket.io/` },
	]);
});

test("the revoke scenario, for which Bob gets his admin token, is several-nodes' only", async ({ request }) => {
	const mint = (approach: string, scenario: string) => request.post('/api/tokens', { data: { approach, scenario } });
	const bob = await (await mint(SLUG, 'revoke')).json();
	expect(bob).toMatchObject({ approach: SLUG, scenario: 'revoke', kind: 'admin' });
	expect(JSON.parse(Buffer.from(bob.token.split('.')[1], 'base64url').toString()).sub).toBe('bob');
	// An example on one node has no cluster scenarios, so no revoke. (Bob has a token there in the
	// replay scenarios, where he writes to Alice's room: server.spec.ts.)
	const refused = await mint('recommended', 'revoke');
	expect(refused.status()).toBe(400);
	expect((await refused.json()).error).toMatch(/Unknown scenario "revoke"/);
});

test("Alice on node A and the second client on node B get each other's messages; Revoke Alice closes both of her sockets", async ({ page }) => {
	const playground = new PlaygroundPage(page);
	// Where each socket.io request goes: the WebSocket upgrades, and the long-polling before them.
	const paths = new Set<string>();
	const record = (request: Request | { url(): string }) => {
		const { pathname } = new URL(request.url());
		if (pathname.startsWith('/live/')) paths.add(pathname);
	};
	page.on('request', record);
	page.on('websocket', record);
	await page.goto('/playground/');
	await playground.waitOnline();
	await playground.choose(SLUG, 'valid');

	// Each client's heading names its node.
	await expect(playground.client('alice').getByRole('heading')).toHaveText('Alice on node A');
	await expect(playground.client('visitor').getByRole('heading')).toHaveText('Second client on node B');
	await expect(playground.client('bob').getByRole('heading')).toHaveText('Bob (admin) on node B');

	for (const id of ['alice', 'visitor'] as const) {
		await playground.button(id, 'connect').click();
		await expect(playground.state(id)).toHaveAttribute('data-state', 'connected');
	}
	expect([...paths].sort()).toEqual([`/live/${SLUG}/a/socket.io/`, `/live/${SLUG}/b/socket.io/`]);

	// Across nodes, both ways: through Redis.
	await playground.button('alice', 'send').click();
	await expect.poll(() => playground.outcomes('visitor')).toContain(`message:${JSON.stringify({ from: 'Alice', text: TEXTS.alice })}`);
	await playground.button('visitor', 'send').click();
	await expect.poll(() => playground.outcomes('alice')).toContain(`message:${JSON.stringify({ from: 'Alice', text: TEXTS.visitor })}`);

	// Bob revokes Alice, from node B: her socket there and, through Redis, the one on node A.
	await playground.button('bob', 'revoke').click();
	await expect.poll(() => playground.outcomes('bob'), { message: 'Bob, as behavior.json documents (both of her sockets closed)' }).toEqual(bobSees);
	for (const id of ['alice', 'visitor'] as const) {
		await expect.poll(async () => (await playground.outcomes(id)).slice(-2), { message: `${id}: exception, then disconnected by the server` }).toEqual(revoked.slice(1));
		await expect(playground.state(id)).toHaveAttribute('data-state', 'disconnected');
	}
	await expect(playground.log('alice')).toContainText('“Session revoked”');
	await expect(playground.log('bob')).toContainText('acknowledged: {"revoked":2}');

	const { violations } = await new AxeBuilder({ page }).include('ws-playground').analyze();
	expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});

test("several-nodes: the playground's logs show what behavior.json documents, with the second client on node B", async ({ page }) => {
	test.setTimeout(180_000);
	await expectDocumentedScenarios(page, SLUG);
});
