// Unauthenticated flood: N connection attempts without a token, default client options, at
// most `concurrency` waiting for their first answer at once. Every client stays open until the
// server has been measured `settleMs` after the last attempt, then all are closed.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { io } from 'socket.io-client';
import { tokenFor } from '../../examples/recommended/demo/tokens.mjs';
import { start } from './apps.mjs';
import { percentile, pool, round, serverStats } from './stats.mjs';
import { JWT, REJECTION } from './targets.mjs';

/**
 * @param {import('./targets.mjs').TARGETS[number]} target
 * @param {{ attempts: number, warmup: number, alone: number, concurrency: number, settleMs: number, attemptTimeoutMs: number, deadlineMs: number }} settings
 */
export async function flood(target, settings) {
	const app = await start(target);
	const clients = [];
	try {
		const expected = REJECTION[target.id].event;
		// Warm up both sides, then time a few attempts one at a time: what a rejection costs
		// when nothing queues. All are closed before the server is measured.
		const warm = [];
		await pool(settings.warmup, settings.concurrency, (i) => attempt(app.url, `warmup-${i}`, warm, settings));
		const alone = [];
		await pool(settings.alone, 1, (i) => attempt(app.url, `alone-${i}`, alone, settings));
		await sleep(100);
		const aloneTimes = expected ? alone.filter((c) => c.record.rejection === expected).map((c) => c.record.rejectionMs) : [];
		for (const { socket } of [...warm, ...alone]) socket.close();
		await sleep(500);
		const before = await serverStats(app.url);
		const began = performance.now();

		await pool(settings.attempts, settings.concurrency, (i) => attempt(app.url, `flood-${i}`, clients, settings), settings.deadlineMs);
		const issuedMs = performance.now() - began;

		await sleep(settings.settleMs);
		const after = await serverStats(app.url);
		const records = clients.map((client) => ({ ...client.record, connected: client.socket.connected }));
		const times = expected ? records.filter((r) => r.rejection === expected).map((r) => r.rejectionMs) : [];
		const count = (predicate) => records.filter(predicate).length;

		return {
			id: target.id,
			label: target.label,
			example: target.example,
			variant: target.variant,
			attempts: records.length,
			issuedMs: round(issuedMs, 0),
			openAfterSettle: { engineClients: after.engineClients, sockets: after.sockets },
			handshakes: after.handshakes - before.handshakes,
			memory: {
				rssBefore: before.memory.rss,
				rssAfter: after.memory.rss,
				rssGrowth: after.memory.rss - before.memory.rss,
				heapBefore: before.memory.heapUsed,
				heapAfter: after.memory.heapUsed,
				heapGrowth: after.memory.heapUsed - before.memory.heapUsed,
			},
			rejection: {
				event: expected,
				meaning: REJECTION[target.id].meaning,
				count: times.length,
				p50Ms: round(percentile(times, 50), 1),
				p95Ms: round(percentile(times, 95), 1),
				alone: {
					count: aloneTimes.length,
					p50Ms: round(percentile(aloneTimes, 50), 1),
					p95Ms: round(percentile(aloneTimes, 95), 1),
				},
			},
			client: {
				connectedAfterSettle: count((r) => r.connected),
				connectErrors: count((r) => r.rejection === 'connect_error'),
				serverDisconnects: count((r) => r.rejection === 'disconnect'),
				exceptions: count((r) => r.rejection === 'exception'),
				unanswered: count((r) => !r.answered),
				messagesAcceptedBeforeRejection: records.reduce((sum, r) => sum + r.messagesAcceptedBeforeRejection, 0),
				reconnectAttempts: records.reduce((sum, r) => sum + r.reconnectAttempts, 0),
			},
		};
	} finally {
		for (const { socket } of clients) socket.close();
		await sleep(200);
		await app.stop();
	}
}

/**
 * One attempt without a token. Resolves (frees its slot) at the first answer: connect,
 * connect_error, or after attemptTimeoutMs; the client stays open and keeps recording.
 */
function attempt(url, room, clients, settings) {
	return new Promise((freeSlot) => {
		const t0 = performance.now();
		const record = { rejection: null, rejectionMs: null, messagesAcceptedBeforeRejection: 0, reconnectAttempts: 0, answered: false };
		// Default client options: polling first, then upgrade; reconnection on. A room of its own,
		// so that the message below is not broadcast to the other thousand clients.
		const socket = io(url, { auth: { token: tokenFor('no-token', JWT), room } });
		clients.push({ socket, record });
		const timer = setTimeout(freeSlot, settings.attemptTimeoutMs);
		const answered = () => {
			record.answered = true;
			clearTimeout(timer);
			freeSlot();
		};
		const rejected = (event) => {
			if (record.rejection === null) {
				record.rejection = event;
				record.rejectionMs = performance.now() - t0;
			}
			answered();
		};
		socket.on('connect', () => {
			// Do what a client does once in: send a message. Guards only answer events.
			socket.emit('message', { text: 'hello' }, () => {
				if (record.rejection === null) record.messagesAcceptedBeforeRejection++;
			});
			answered();
		});
		socket.on('connect_error', () => rejected('connect_error'));
		socket.on('disconnect', (reason) => {
			if (reason === 'io server disconnect') rejected('disconnect');
		});
		socket.on('exception', () => rejected('exception'));
		socket.io.on('reconnect_attempt', () => record.reconnectAttempts++);
	});
}
