// The several-nodes example against a real Redis and two real nodes: every scenario of its
// behavior.json (the single-node ones on node A, the cluster ones across A and B, and a third node
// C that one of them freezes), through the example's own demo/cluster-behavior.mjs, so
// `npm run demo` and this test cannot drift apart. The faults a revoke must survive (a node that
// hangs, Redis down) are cluster scenarios there too; several-nodes-faults.spec.ts shows what
// waits for Redis on a single node.
// Also: the example is the recommended one plus Redis (its copies of the recommended files are
// the same files), and the throwaway Redis is found, or explained, the way the README says.
import { expect, test } from '@playwright/test';
import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp } from '../../examples/several-nodes/demo/app-process.mjs';
import { observeCluster } from '../../examples/several-nodes/demo/cluster-behavior.mjs';
import { findRedisServer, startRedis } from '../../examples/several-nodes/demo/redis-server.mjs';
import { exampleDir } from './example-dir.ts';

const dir = exampleDir('several-nodes');
const recommended = exampleDir('recommended');
const behavior = JSON.parse(readFileSync(join(dir, 'behavior.json'), 'utf8'));

test('several-nodes behaves as behavior.json documents, on two nodes (three for one scenario) and one Redis', async () => {
	test.setTimeout(180_000);
	const seen = new Set<string>();
	for await (const { variant, id, documented, observed } of observeCluster(behavior, { dir })) {
		seen.add(`${variant}/${id}`);
		expect.soft(observed, `several-nodes / ${variant} / ${id}`).toEqual(documented);
	}
	// Every documented scenario ran: a scenario the runner skipped would pass unnoticed.
	const documentedIds = [
		...behavior.variants.flatMap((variant: { id: string; scenarios: object }) => Object.keys(variant.scenarios).map((id) => `${variant.id}/${id}`)),
		...Object.keys(behavior.cluster.scenarios).map((id) => `cluster/${id}`),
	];
	expect([...seen].sort()).toEqual(documentedIds.sort());
});

// What several-nodes adds to the recommended example; everything else is the recommended files.
const OWN_FILES = [
	'README.md',
	'behavior.json',
	'package.json',
	'demo/demo.mjs',
	'demo/cluster-behavior.mjs',
	'demo/cluster-scenarios.mjs',
	'demo/cluster-scenario-facts.mjs',
	'demo/redis-server.mjs',
	'src/main.ts',
	'src/app.module.ts',
	'src/ws-auth/redis-auth-io.adapter.ts',
	'src/chat/presence.gateway.ts',
	'src/config/redis-url.ts',
];

test("several-nodes' other files are the recommended example's, unchanged", () => {
	const files = readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.filter((path) => /\.(ts|mjs|json)$/.test(path) && !/(^|\/)(node_modules|dist)\//.test(path))
		.filter((path) => !OWN_FILES.includes(path));
	expect(files.length).toBeGreaterThan(20);
	for (const file of files) {
		expect(readFileSync(join(dir, file), 'utf8'), `examples/several-nodes/${file} differs from examples/recommended/${file}`).toBe(
			readFileSync(join(recommended, file), 'utf8'),
		);
	}
});

test('the throwaway Redis starts on a free port, answers, and is gone once stopped', async () => {
	const redis = await startRedis();
	const ping = async () => {
		const { createConnection } = await import('node:net');
		return new Promise<string>((resolve, reject) => {
			const socket = createConnection(redis.port, '127.0.0.1', () => socket.write('PING\r\n'));
			socket.once('data', (data) => (socket.end(), resolve(String(data).trim())));
			socket.once('error', reject);
		});
	};
	expect(redis.url).toBe(`redis://127.0.0.1:${redis.port}`);
	expect(await ping()).toBe('+PONG');
	await redis.stop();
	await expect(ping()).rejects.toThrow(/ECONNREFUSED/);
});

test('without redis-server, the error says how to install it; REDIS_SERVER must be an executable', () => {
	const empty = mkdtempSync(join(tmpdir(), 'no-redis-'));
	try {
		expect(() => findRedisServer({ env: { PATH: empty }, install: false })).toThrow(/apt-get install redis-server[\s\S]*brew install redis[\s\S]*docker run/);
		expect(() => findRedisServer({ env: { REDIS_SERVER: join(empty, 'missing') } })).toThrow(/REDIS_SERVER=.*missing: no executable file there/);
		const fake = join(empty, 'redis-server');
		writeFileSync(fake, '#!/bin/sh\n');
		chmodSync(fake, 0o755);
		expect(findRedisServer({ env: { PATH: empty }, install: false })).toBe(fake);
	} finally {
		rmSync(empty, { recursive: true, force: true });
	}
});

test('a node that cannot reach Redis at start-up stops with a message naming REDIS_URL; a URL that is not redis:// too', async () => {
	// Port 1 on loopback: nothing listens there.
	await expect(startApp({ dir, env: { REDIS_URL: 'redis://127.0.0.1:1' }, timeoutMs: 15_000 })).rejects.toThrow(
		/Cannot reach Redis at redis:\/\/127\.0\.0\.1:1 \(REDIS_URL\): connect ECONNREFUSED/,
	);
	await expect(startApp({ dir, env: { REDIS_URL: 'http://127.0.0.1:6379' }, timeoutMs: 15_000 })).rejects.toThrow(
		/REDIS_URL must start with redis:\/\/ or rediss:\/\/, got "http:\/\/127\.0\.0\.1:6379"/,
	);
});
