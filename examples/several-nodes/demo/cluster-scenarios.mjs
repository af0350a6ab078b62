// The scenarios that need more than one node: two app processes (A and B) sharing one Redis, and
// a third (C) for the scenario that freezes one. Each returns what every client involved saw, by
// name, in the vocabulary of outcomes.mjs, with these markers:
// - `redis:stopped` / `redis:started`: when an outage scenario stopped and started Redis;
// - `node:frozen` / `node:resumed`: when node C was stopped with SIGSTOP and resumed with SIGCONT;
// - `node:running` / `node:exited`: how the nodes were after the outage;
// - `session:restored` / `session:new`: whether a client that sent a session's pid and offset got
//   that session back;
// - `http:<status> <body>`: a raw HTTP answer.
// What each scenario is and asks is in cluster-scenario-facts.mjs.
import { once } from 'node:events';
import { createServer, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { io } from 'socket.io-client';
import { startApp } from './app-process.mjs';
import { outcome } from './outcomes.mjs';
import { CLUSTER_SCENARIO_IDS, TEXTS } from './cluster-scenario-facts.mjs';
import { startRedis } from './redis-server.mjs';
import { ACK_TIMEOUT_MS, CONNECT_TIMEOUT_MS, EXPIRY_GRACE_MS, SETTLE_MS } from './scenario-facts.mjs';
import { expiresAtOf, tokenFor } from './tokens.mjs';
import { sessionOf, tapWire } from './wire.mjs';

// The scenario list is in cluster-scenario-facts.mjs, which the site reads too. Exported here for the runner's users.
export { CLUSTER_SCENARIO_IDS, CLUSTER_SCENARIOS } from './cluster-scenario-facts.mjs';

/** How long the outage scenario waits after each change: longer than node-redis's reconnect delay (500 ms at most). */
const OUTAGE_SETTLE_MS = 2000;
/**
 * How long Bob waits for his revoke's answer while a node hangs or Redis is down: the server
 * answers within its COUNT_TIMEOUT_MS (2 s, src/ws-auth/user-sockets.ts); a revoke that still waited
 * for every node (5 s, the adapter's default) or for Redis would be recorded as `timeout`.
 */
const REVOKE_ACK_WAIT_MS = 4000;
/**
 * How long node C stays frozen after Bob's answer. The whole freeze stays far below socket.io's
 * ping timeout (pingInterval + pingTimeout, 45 s by default), after which Alice's client would
 * give up on node C by itself.
 */
const FROZEN_MS = 1000;
/** How long a scenario waits, at most, for something it expects to happen next (see until()). */
const EXPECTED_WITHIN_MS = 5000;

/**
 * Starts a Redis and two nodes of the example (`dist/main.js`) on it.
 * @param {{ dir?: string, env: Record<string, string> }} options env: JWT_* and the like
 */
export async function startCluster({ dir, env }) {
	const redis = await startRedis();
	const nodeEnv = { ...env, REDIS_URL: redis.url };
	const nodes = [];
	try {
		for (let i = 0; i < 2; i++) nodes.push(await startApp({ dir, env: nodeEnv }));
	} catch (error) {
		await Promise.all(nodes.map((node) => node.stop()));
		await redis.stop();
		throw error;
	}
	const [a, b] = nodes;
	return {
		a,
		b,
		/** A third node on the same Redis, for the one scenario that needs it; whoever starts it stops it. */
		startNode: () => startApp({ dir, env: nodeEnv }),
		// Replaced by the outage scenario, which stops Redis and starts another on the same port.
		redis,
		async stop() {
			await Promise.all(nodes.map((node) => node.stop()));
			await this.redis.stop();
		},
	};
}

/**
 * @param {string} id a cluster scenario id
 * @param {Awaited<ReturnType<typeof startCluster>>} cluster
 * @param {{ secret: string, issuer: string, audience: string }} jwt
 * @returns {Promise<Record<string, string[]>>} what each client saw, by name
 */
export async function runClusterScenario(id, cluster, jwt) {
	const token = (kind) => tokenFor(kind, jwt);
	const room = `cluster-${Math.random().toString(36).slice(2)}`;
	switch (id) {
		case 'cross-node': {
			const alice = await client(cluster.b.url, { token: token('valid'), room });
			const refused = await client(cluster.b.url, { token: undefined, room });
			const bob = await client(cluster.a.url, { token: token('admin'), room });
			await ask(bob, 'message', { text: TEXTS.fromA });
			await sleep(SETTLE_MS);
			return seen({ 'Alice (B)': alice, 'no token (B)': refused }, [bob]);
		}
		case 'online': {
			const alice = await client(cluster.a.url, { token: token('valid'), room });
			const bob = await client(cluster.b.url, { token: token('admin'), room });
			await ask(alice, 'online');
			await ask(bob, 'online');
			return seen({ 'Alice (A)': alice, 'Bob (B)': bob });
		}
		case 'revoke': {
			const aliceA = await client(cluster.a.url, { token: token('valid'), room });
			const aliceB = await client(cluster.b.url, { token: token('valid'), room });
			const bob = await client(cluster.b.url, { token: token('admin'), room });
			await ask(aliceA, 'revoke', { userId: 'bob' });
			await ask(bob, 'revoke', { userId: 'alice' });
			await sleep(SETTLE_MS);
			const again = await client(cluster.a.url, { token: token('valid'), room });
			await ask(again, 'whoami');
			return seen({ 'Alice (A)': aliceA, 'Alice (B)': aliceB, 'Bob (B)': bob, 'Alice again (A)': again });
		}
		case 'revoke-replay':
			return revokeThenReplay(cluster, token, room);
		case 'expiry': {
			const expiring = token('expiring');
			const alice = await client(cluster.b.url, { token: expiring, room });
			await sleep(Math.max(0, expiresAtOf(expiring) - Date.now()) + EXPIRY_GRACE_MS);
			return seen({ 'Alice (B)': alice });
		}
		case 'redis-outage': {
			const alice = await client(cluster.a.url, { token: token('valid'), room });
			const bob = await client(cluster.b.url, { token: token('admin'), room });
			const everyone = [alice, bob];
			const mark = (line) => everyone.forEach((each) => each.record(line));
			await cluster.redis.stop();
			mark('redis:stopped');
			await sleep(OUTAGE_SETTLE_MS);
			// Local work: an ack, a new connection, and a broadcast to the other node.
			await ask(alice, 'whoami');
			const newcomer = await client(cluster.a.url, { token: token('valid'), room });
			everyone.push(newcomer);
			await ask(bob, 'message', { text: TEXTS.duringOutage });
			await ask(bob, 'online');
			await sleep(OUTAGE_SETTLE_MS);
			cluster.redis = await startRedis({ port: cluster.redis.port });
			mark('redis:started');
			await sleep(OUTAGE_SETTLE_MS);
			await ask(bob, 'message', { text: TEXTS.afterOutage });
			await sleep(SETTLE_MS);
			const nodes = await Promise.all([cluster.a, cluster.b].map((node) => Promise.race([node.exited.then(() => 'node:exited'), sleep(100, 'node:running')])));
			return { ...seen({ 'Alice (A)': alice, 'Bob (B)': bob, 'joins during (A)': newcomer }), nodes };
		}
		case 'revoke-outage':
			return revokeDuringOutage(cluster, token, room);
		case 'revoke-frozen':
			return revokeWhileFrozen(cluster, token, room);
		case 'polling': {
			const balancer = await roundRobin([cluster.a.url, cluster.b.url]);
			try {
				const polling = await client(balancer.url, { token: token('valid'), room }, { transports: ['polling'] });
				if (polling.socket.connected) await ask(polling, 'whoami');
				const websocket = await client(balancer.url, { token: token('valid'), room }, { transports: ['websocket'] });
				if (websocket.socket.connected) await ask(websocket, 'whoami');
				await sleep(SETTLE_MS);
				// What the server answers: the session opened on A, polled on B.
				const open = await fetch(`${cluster.a.url}/socket.io/?EIO=4&transport=polling`).then((response) => response.text());
				const { sid } = JSON.parse(open.slice(1));
				const poll = await fetch(`${cluster.b.url}/socket.io/?EIO=4&transport=polling&sid=${sid}`);
				const answer = `http:${poll.status} ${JSON.stringify(await poll.json())}`;
				return { ...seen({ 'long-polling': polling, 'WebSocket only': websocket }), 'poll on the other node': [answer] };
			} finally {
				await balancer.close();
			}
		}
		default:
			throw new RangeError(`unknown cluster scenario "${id}"; expected one of ${CLUSTER_SCENARIO_IDS.join(', ')}`);
	}
}

/**
 * Alice is connected to node A and to node B, and receives a message (and with it an offset) on
 * both; Bob (B) revokes her, which closes her socket on B at once and the one on A through Redis,
 * and writes to the room again. Then each of her sockets' sessions is sent back, `pid` and
 * `offset`, to the node it was on, with her token, which is still valid.
 */
async function revokeThenReplay(cluster, token, room) {
	const aliceA = await client(cluster.a.url, { token: token('valid'), room });
	const aliceB = await client(cluster.b.url, { token: token('valid'), room });
	const bob = await client(cluster.b.url, { token: token('admin'), room });
	const received = [aliceA, aliceB].map(({ socket }) => until(socket, 'message'));
	await ask(bob, 'message', { text: TEXTS.beforeRevoke });
	await Promise.all(received);
	const closed = [aliceA, aliceB].map(({ socket }) => until(socket, 'disconnect'));
	await ask(bob, 'revoke', { userId: 'alice' });
	await Promise.all(closed);
	await ask(bob, 'message', { text: TEXTS.afterRevoke });
	await sleep(SETTLE_MS); // the message reaches the Redis stream after the ack
	const replayA = await replay(cluster.a.url, aliceA, { token: token('valid'), room });
	const replayB = await replay(cluster.b.url, aliceB, { token: token('valid'), room });
	await sleep(SETTLE_MS);
	return seen({ 'Alice (A)': aliceA, 'Alice (B)': aliceB, "Alice (A)'s session again (A)": replayA, "Alice (B)'s session again (B)": replayB }, [bob]);
}

/** A client that sends the session `revoked` left (its pid and the offset of the last event it received) with `auth`. */
function replay(url, revoked, auth) {
	const { pid, offset } = revoked.session;
	// Without both, the server would not even try to restore a session, and the replay would prove nothing.
	if (!pid || !offset) throw new Error(`revoke-replay: a pid or an offset is missing (is connectionStateRecovery on?); the client saw ${revoked.outcomes.join(' → ')}`);
	return client(url, { ...auth, pid, offset });
}

/** Redis stops; Bob (B) revokes Alice, connected to A and to B; Redis comes back on the same port. */
async function revokeDuringOutage(cluster, token, room) {
	const aliceA = await client(cluster.a.url, { token: token('valid'), room });
	const aliceB = await client(cluster.b.url, { token: token('valid'), room });
	const bob = await client(cluster.b.url, { token: token('admin'), room });
	const mark = (line) => [aliceA, aliceB, bob].forEach((each) => each.record(line));
	await cluster.redis.stop();
	mark('redis:stopped');
	// Long enough for the nodes to notice: their Redis client then queues what they send.
	await sleep(OUTAGE_SETTLE_MS);
	await ask(bob, 'revoke', { userId: 'alice' }, REVOKE_ACK_WAIT_MS);
	await sleep(SETTLE_MS);
	cluster.redis = await startRedis({ port: cluster.redis.port });
	mark('redis:started');
	await sleep(OUTAGE_SETTLE_MS);
	return seen({ 'Alice (A)': aliceA, 'Alice (B)': aliceB, 'Bob (B)': bob });
}

/** A third node, C: Alice is on A and C, Bob on B. C freezes (SIGSTOP), Bob revokes Alice, C resumes. */
async function revokeWhileFrozen(cluster, token, room) {
	const c = await cluster.startNode();
	try {
		const aliceA = await client(cluster.a.url, { token: token('valid'), room });
		const aliceC = await client(c.url, { token: token('valid'), room });
		const bob = await client(cluster.b.url, { token: token('admin'), room });
		const mark = (line) => [aliceA, aliceC, bob].forEach((each) => each.record(line));
		// Its connections stay open, so Redis still counts it among the nodes: it just never answers.
		c.child.kill('SIGSTOP');
		mark('node:frozen');
		await ask(bob, 'revoke', { userId: 'alice' }, REVOKE_ACK_WAIT_MS);
		await sleep(FROZEN_MS);
		c.child.kill('SIGCONT');
		mark('node:resumed');
		// Node C first catches up on what it missed.
		await until(aliceC.socket, 'disconnect');
		await sleep(SETTLE_MS);
		return seen({ 'Alice (A)': aliceA, 'Alice (C)': aliceC, 'Bob (B)': bob });
	} finally {
		// A stopped process does not act on SIGTERM until it is resumed.
		c.child.kill('SIGCONT');
		await c.stop();
	}
}

/**
 * A load balancer without sticky sessions: each HTTP request, and each WebSocket upgrade, goes to
 * the next node in turn. Written here rather than taken from a proxy package: it only ever
 * listens on loopback for one scenario, its whole point is the naive routing a real load
 * balancer is configured out of, and the example has to stand alone without a proxy dependency.
 */
async function roundRobin(targets) {
	let next = 0;
	const pick = () => new URL(targets[next++ % targets.length]);
	const server = createServer((req, res) => {
		const target = pick();
		const upstream = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
			res.writeHead(answer.statusCode ?? 502, answer.headers);
			answer.pipe(res);
		});
		upstream.on('error', () => res.destroy());
		req.pipe(upstream);
	});
	server.on('upgrade', (req, socket, head) => {
		const target = pick();
		const upstream = connect(Number(target.port), target.hostname, () => {
			// The upgrade request as it came, headers in their original form and order.
			const headers = req.rawHeaders.map((part, i) => (i % 2 ? `${part}\r\n` : `${part}: `)).join('');
			upstream.write(`${req.method} ${req.url} HTTP/1.1\r\n${headers}\r\n`);
			upstream.write(head);
			upstream.pipe(socket).pipe(upstream);
		});
		upstream.on('error', () => socket.destroy());
		socket.on('error', () => upstream.destroy());
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
	return {
		url: `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`,
		close: () => new Promise((resolve) => (server.close(() => resolve(undefined)), server.closeAllConnections())),
	};
}

/**
 * A connected (or refused) client that records what it sees, on its events and on the wire, and
 * keeps the session it could resume (see tapSession). `auth.pid` and `auth.offset` ask the server
 * to restore a session, as socket.io-client itself sends them when it reconnects.
 */
async function client(url, auth, options = {}) {
	const socket = io(url, { auth, reconnection: false, forceNew: true, transports: ['websocket'], ...options });
	const outcomes = [];
	const record = (line) => outcomes.push(line);
	const session = tapSession(socket, auth, record);
	socket.on('connect', () => record(outcome.connected()));
	socket.on('connect_error', (error) => record(outcome.connectError(error.message, error.data)));
	socket.on('disconnect', (reason) => record(outcome.disconnect(reason)));
	socket.on('exception', (payload) => record(outcome.exception(payload)));
	socket.on('message', (payload) => record(outcome.message(payload)));
	await new Promise((resolve) => {
		const timer = setTimeout(() => (record(outcome.timeout()), resolve(undefined)), CONNECT_TIMEOUT_MS);
		const done = () => (clearTimeout(timer), resolve(undefined));
		socket.once('connect', done).once('connect_error', done);
	});
	return { socket, outcomes, record, session };
}

/**
 * Reads the socket's packets with the examples' wire reader (wire.mjs): event packets that arrive
 * before CONNECT are recorded as `wire:<event>:<payload>`, and its session (pid, last offset) is
 * kept in the object it returns. For a client that sent a pid, also records `session:restored` or
 * `session:new`: whether the CONNECT packet answered with that pid (socket.recovered says false
 * for a pid the client did not get itself). Recorded after `connected`: socket.io-client's own
 * listener handles the packet first.
 */
function tapSession(socket, auth, record) {
	tapWire(socket, record);
	// The first change is the CONNECT packet's: an event without a pid before it changes nothing.
	let answered = false;
	return sessionOf(socket, ({ pid }) => {
		if (answered || auth.pid === undefined) return;
		answered = true;
		record(pid === auth.pid ? 'session:restored' : 'session:new');
	});
}

/**
 * Resolves once `socket` emits `event`, or after EXPECTED_WITHIN_MS: a scenario waits for what it
 * expects rather than for a fixed time, and never forever (if it does not happen, the recorded
 * outcomes show it).
 */
function until(socket, event) {
	return Promise.race([once(socket, event), sleep(EXPECTED_WITHIN_MS)]);
}

async function ask(client, event, body = {}, waitMs = ACK_TIMEOUT_MS) {
	try {
		client.record(outcome.ack(await client.socket.timeout(waitMs).emitWithAck(event, body)));
	} catch {
		if (client.socket.connected) client.record(outcome.timeout());
	}
}

/** What each named client saw; closes them and any others. */
function seen(named, others = []) {
	const result = Object.fromEntries(Object.entries(named).map(([name, { outcomes }]) => [name, [...outcomes]]));
	for (const { socket } of [...Object.values(named), ...others]) socket.close();
	return result;
}
