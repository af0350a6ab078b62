// What a second node costs the recommended setup: the several-nodes example (two nodes sharing a
// Redis through the Redis Streams adapter) against the recommended example on its one node, both
// running at once in the same run, one sample on each side in turn so that drift on the machine
// touches both alike. Every client is WebSocket-only: without sticky sessions, long-polling
// requests would land on the wrong node.
// - broadcast: a sender emits `message` to its room; the time until every receiver has it
//   (two nodes: the sender on A, the receivers on B; one node: all on it);
// - revocation: Bob (admin) emits `revoke { userId: 'alice' }`; the time until Alice's socket
//   gets `disconnect` (two nodes: Bob on B, Alice on A).
// Figures only: nothing here judges them.
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import behavior from '../../examples/several-nodes/behavior.json' with { type: 'json' };
import { findRedisServer, startRedis } from '../../examples/several-nodes/demo/redis-server.mjs';
import { tokenFor } from '../../examples/recommended/demo/tokens.mjs';
import { start } from './apps.mjs';
import { installedVersion, loadAverage, machine, serverPackages } from './meta.mjs';
import { alternately, compare, connect } from './paired.mjs';
import { positiveInt, round } from './stats.mjs';
import { JWT, TARGETS } from './targets.mjs';

// A broadcast or a revocation not complete by then is a failure, not a slow sample.
const ANSWER_TIMEOUT_MS = 5000;

const dir = fileURLToPath(new URL('../../examples/several-nodes', import.meta.url));
// Not one of examples/approaches.mjs (it is the recommended setup, clustered), so not a TARGET.
const SEVERAL_NODES = { id: 'several-nodes', label: behavior.title, dir, env: {} };
const REFERENCE = TARGETS.find((target) => target.id === 'recommended');

function severalNodesSettings() {
	return {
		example: SEVERAL_NODES.id,
		reference: REFERENCE.id,
		transport: 'websocket',
		broadcast: { receivers: 10, warmup: 50, messages: positiveInt('BENCH_NODES_MESSAGES', 500), deadlineMs: 30_000 },
		revocation: { warmup: 10, revocations: positiveInt('BENCH_NODES_REVOCATIONS', 200), deadlineMs: 60_000 },
	};
}


/**
 * The `severalNodes` part of results.json, meta included.
 * @param {string} commandName what ran it
 * @param {(line: string) => void} log
 */
export async function severalNodesCost(commandName, log = () => {}) {
	const began = performance.now();
	const date = new Date().toISOString();
	const loadAtStart = loadAverage();
	const settings = severalNodesSettings();
	log(`several nodes: ${settings.broadcast.messages} broadcasts to ${settings.broadcast.receivers} receivers and ${settings.revocation.revocations} revocations on each side`);
	const redis = await startRedis();
	const started = await Promise.allSettled([start(REFERENCE), start(SEVERAL_NODES, { REDIS_URL: redis.url }), start(SEVERAL_NODES, { REDIS_URL: redis.url })]);
	const [single, nodeA, nodeB] = started.map((result) => result.value);
	try {
		for (const result of started) if (result.status === 'rejected') throw result.reason;
		const sides = {
			oneNode: { sender: single.url, receivers: single.url, bob: single.url, alice: single.url },
			twoNodes: { sender: nodeA.url, receivers: nodeB.url, bob: nodeB.url, alice: nodeA.url },
		};
		const broadcast = await broadcasts(sides, settings.broadcast);
		log(`  broadcast   ${describe(broadcast)}`);
		const revocation = await revocations(sides, settings.revocation);
		log(`  revocation  ${describe(revocation)}  exception first: ${revocation.exceptionFirst.oneNode} and ${revocation.exceptionFirst.twoNodes} of ${revocation.revocations}`);
		return {
			meta: {
				command: commandName,
				date,
				durationSeconds: round((performance.now() - began) / 1000, 1),
				...machine(),
				loadAverage: { start: loadAtStart, end: loadAverage() },
				packages: {
					...serverPackages(),
					'@socket.io/redis-streams-adapter': installedVersion('@socket.io/redis-streams-adapter', dir),
					redis: installedVersion('redis', dir),
				},
				redisServer: redisServerVersion(),
				settings,
			},
			example: SEVERAL_NODES.id,
			label: SEVERAL_NODES.label,
			reference: { id: REFERENCE.id, label: REFERENCE.label },
			broadcast,
			revocation,
		};
	} finally {
		await Promise.all([single?.stop(), nodeA?.stop(), nodeB?.stop()]);
		await redis.stop();
	}
}

const describe = ({ oneNode, twoNodes, ratio }) =>
	`one node p50 ${oneNode.p50Ms} p95 ${oneNode.p95Ms} ms, two nodes p50 ${twoNodes.p50Ms} p95 ${twoNodes.p95Ms} ms (x${ratio.p50}, p95 x${ratio.p95})`;

/** "7.0.15", from `redis-server --version` ("Redis server v=7.0.15 sha=…"). */
function redisServerVersion() {
	const output = execFileSync(findRedisServer(), ['--version'], { encoding: 'utf8' });
	return /\bv=(\S+)/.exec(output)?.[1] ?? output.trim();
}

/** Each side: one sender and `receivers` receivers in a room of their own. */
async function broadcasts(sides, { receivers, warmup, messages, deadlineMs }) {
	const clients = [];
	try {
		const groups = {};
		for (const [name, urls] of Object.entries(sides)) {
			const room = `bench-broadcast-${name}`;
			groups[name] = {
				sender: await connect(urls.sender, { auth: { token: tokenFor('admin', JWT), room } }, clients),
				receivers: await Promise.all(Array.from({ length: receivers }, () => connect(urls.receivers, { auth: { token: tokenFor('valid', JWT), room } }, clients))),
			};
		}
		const times = await alternately(groups, warmup, messages, deadlineMs, broadcastOnce);
		return { receivers, messages: times.oneNode.length, ...compare(times, 'oneNode', 'twoNodes') };
	} finally {
		for (const socket of clients) socket.close();
		// Let the servers drop these sockets: a revocation counts every socket of Alice's.
		await sleep(500);
	}
}

/**
 * Sends one message and resolves with the time until the last receiver has it, once the sender's
 * acknowledgement is in too (so that the next message starts on a quiet server).
 */
function broadcastOnce({ sender, receivers }, i) {
	const text = `broadcast ${i}`;
	return new Promise((resolve, reject) => {
		let t0;
		let waiting = receivers.length;
		let deliveredMs = null;
		let acked = false;
		const settle = (error) => {
			clearTimeout(timer);
			for (const receiver of receivers) receiver.off('message', onMessage);
			if (error) reject(error);
			else resolve(deliveredMs);
		};
		const timer = setTimeout(() => settle(new Error(`"${text}": ${waiting} of ${receivers.length} receivers without it after ${ANSWER_TIMEOUT_MS} ms`)), ANSWER_TIMEOUT_MS);
		function onMessage(payload) {
			if (payload?.text !== text) return;
			if (--waiting === 0) {
				deliveredMs = performance.now() - t0;
				if (acked) settle();
			}
		}
		for (const receiver of receivers) receiver.on('message', onMessage);
		t0 = performance.now();
		sender.emit('message', { text }, (ack) => {
			if (ack?.ok !== true) return settle(new Error(`"${text}" answered ${JSON.stringify(ack)}`));
			acked = true;
			if (waiting === 0) settle();
		});
	});
}

/** Each side: Bob stays connected; Alice connects anew for every revocation. */
async function revocations(sides, { warmup, revocations: count, deadlineMs }) {
	const clients = [];
	try {
		const groups = {};
		for (const [name, urls] of Object.entries(sides)) {
			groups[name] = { bob: await connect(urls.bob, { auth: { token: tokenFor('admin', JWT), room: 'bench-revoke' } }, clients), aliceUrl: urls.alice, clients };
		}
		const samples = await alternately(groups, warmup, count, deadlineMs, revokeOnce);
		const times = Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, list.map((sample) => sample.ms)]));
		return {
			revocations: samples.oneNode.length,
			...compare(times, 'oneNode', 'twoNodes'),
			// The documented order: told why (`exception` "Session revoked"), then disconnected.
			exceptionFirst: Object.fromEntries(Object.entries(samples).map(([name, list]) => [name, list.filter((sample) => sample.exceptionFirst).length])),
		};
	} finally {
		for (const socket of clients) socket.close();
	}
}

/**
 * Connects Alice, then has Bob revoke her: the time from Bob's emit to Alice's `disconnect`, and
 * whether her `exception` came first. Bob's acknowledgement must count her one socket.
 */
async function revokeOnce({ bob, aliceUrl, clients }) {
	const alice = await connect(aliceUrl, { auth: { token: tokenFor('valid', JWT), room: 'bench-revoke' } }, clients);
	let exceptionAt = null;
	alice.on('exception', (payload) => {
		if (payload?.message === 'Session revoked') exceptionAt ??= performance.now();
	});
	const disconnected = new Promise((resolve) => alice.once('disconnect', (reason) => resolve({ reason, at: performance.now() })));
	const t0 = performance.now();
	const acked = bob.timeout(ANSWER_TIMEOUT_MS).emitWithAck('revoke', { userId: 'alice' });
	let timer;
	const late = new Promise((_, reject) => {
		timer = setTimeout(() => reject(new Error(`revoke: Alice still connected after ${ANSWER_TIMEOUT_MS} ms`)), ANSWER_TIMEOUT_MS);
	});
	try {
		const [{ reason, at }, ack] = await Promise.race([Promise.all([disconnected, acked]), late]);
		if (reason !== 'io server disconnect') throw new Error(`revoke: Alice disconnected with "${reason}"`);
		if (ack?.revoked !== 1) throw new Error(`revoke: answered ${JSON.stringify(ack)}, expected { revoked: 1 }`);
		return { ms: at - t0, exceptionFirst: exceptionAt !== null && exceptionAt <= at };
	} finally {
		clearTimeout(timer);
		alice.close();
	}
}
