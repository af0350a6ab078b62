// What the several-nodes guide says about a Redis outage, shown on one real node and one real
// Redis: with connection state recovery on, socket.io sends even `socket.emit()` through the
// adapter, so the Redis adapter delivers it only after Redis has taken it, even to a socket on the
// same node. A gateway's WsException is such an emit (Nest's filter calls `client.emit('exception')`).
// Writing with the `local` flag and `disconnect()` do not go through Redis: the expiry timer uses
// both (src/ws-auth/token-expiry.ts). Ordered observations only: which outcome came before which
// marker, never how long anything took.
import { expect, test } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import { startApp } from '../../examples/several-nodes/demo/app-process.mjs';
import { freshJwtSettings } from '../../examples/several-nodes/demo/behavior.mjs';
import { outcome } from '../../examples/several-nodes/demo/outcomes.mjs';
import { startRedis } from '../../examples/several-nodes/demo/redis-server.mjs';
import { tokenFor } from '../../examples/several-nodes/demo/tokens.mjs';
import { exampleDir } from './example-dir.ts';

const dir = exampleDir('several-nodes');
const ALICE = outcome.ack({ id: 'alice', name: 'Alice', roles: ['member'] });
/** Longer than node-redis's reconnect delay (500 ms at most): the node has noticed the outage, or Redis's return. */
const NOTICED_MS = 2000;

test('with recovery on, socket.emit (a WsException too) waits for Redis even on the same node; the local flag and disconnect() do not', async () => {
	test.setTimeout(60_000);
	const jwt = freshJwtSettings();
	let redis = await startRedis();
	const node = await startApp({ dir, env: { JWT_SECRET: jwt.secret, JWT_ISSUER: jwt.issuer, JWT_AUDIENCE: jwt.audience, REDIS_URL: redis.url } });
	const clients: Watched[] = [];
	try {
		const member = await connect(node.url, tokenFor('valid', jwt), clients);
		await redis.stop();
		member.record('redis:stopped');
		await sleep(NOTICED_MS);

		// A member may not revoke: WsRolesGuard throws, and Nest emits the `exception` to her socket.
		member.socket.emit('revoke', { userId: 'bob' });
		// Her next request is answered: an ack is written to the socket, not sent through the adapter.
		member.record(outcome.ack(await member.socket.timeout(5000).emitWithAck('whoami', {})));

		// Her token runs out during the outage: the expiry timer writes with the local flag, then disconnect(true).
		const expiring = await connect(node.url, tokenFor('valid', { ...jwt, expiresInSeconds: 2 }), clients);
		await expect.poll(() => expiring.outcomes.at(-1), { message: 'the expiring socket is disconnected while Redis is down', timeout: 10_000 }).toMatch(/^disconnect:/);

		redis = await startRedis({ port: redis.port });
		for (const each of clients) each.record('redis:started');
		await expect
			.poll(() => member.outcomes, { message: 'the forbidden revoke is answered once Redis is back', timeout: 10_000 })
			.toEqual(['connected', 'redis:stopped', ALICE, 'redis:started', 'exception:Forbidden']);
		expect(expiring.outcomes).toEqual(['connected', 'exception:Token expired', 'disconnect:io server disconnect', 'redis:started']);
	} finally {
		for (const { socket } of clients) socket.close();
		await node.stop();
		await redis.stop();
	}
});

type Watched = { socket: Socket; outcomes: string[]; record: (line: string) => void };

/** A connected client that records what it sees, in the outcome vocabulary. */
async function connect(url: string, token: unknown, clients: Watched[]): Promise<Watched> {
	const socket = io(url, { auth: { token }, reconnection: false, forceNew: true, transports: ['websocket'] });
	const outcomes: string[] = [];
	const watched = { socket, outcomes, record: (line: string) => outcomes.push(line) };
	clients.push(watched);
	socket.on('connect', () => watched.record(outcome.connected()));
	socket.on('exception', (payload) => watched.record(outcome.exception(payload)));
	socket.on('disconnect', (reason) => watched.record(outcome.disconnect(reason)));
	await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('connect_error', reject));
	return watched;
}

function sleep(ms: number) {
	return new Promise((resolve) => setTimeout(resolve, ms));
}
