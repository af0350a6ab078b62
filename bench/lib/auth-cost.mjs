// Cost of authenticating, for valid clients: how many authenticated connections per second a
// server accepts, and the round-trip time of a chat message once connected.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { io } from 'socket.io-client';
import { tokenFor } from '../../examples/recommended/demo/tokens.mjs';
import { start } from './apps.mjs';
import { cpuMs, percentile, pool, round } from './stats.mjs';
import { JWT } from './targets.mjs';

const ACK_TIMEOUT_MS = 5000;

function clientOptions(target, room) {
	const token = tokenFor('valid', JWT);
	// allowRequest only sees the HTTP request, so that variant's clients send a header.
	return target.tokenIn === 'header'
		? { auth: { room }, extraHeaders: { authorization: `Bearer ${token}` } }
		: { auth: { token, room } };
}

/**
 * Opens one client and resolves once it is authenticated and has had one message
 * acknowledged. With handleConnection the client is connected before the check ends (and its
 * messages are accepted meanwhile), so it first asks `whoami` until the answer
 * names Alice (every `pollMs`): Nest sends no acknowledgement while the answer is still null.
 */
function connectAuthenticated(target, url, room, deadlineMs, pollMs) {
	const t0 = performance.now();
	const socket = io(url, clientOptions(target, room));
	return new Promise((resolve) => {
		let timer;
		let poll;
		const give = (ok) => {
			clearTimeout(timer);
			clearInterval(poll);
			resolve({ ok, ms: performance.now() - t0, socket });
		};
		const send = () =>
			socket
				.timeout(ACK_TIMEOUT_MS)
				.emitWithAck('message', { text: 'hello' })
				.then((ack) => give(ack?.ok === true), () => give(false));
		socket.once('connect', () => {
			if (!target.checkedAfterConnect) return send();
			const ask = () =>
				socket.emit('whoami', (user) => {
					if (user?.id === 'alice' && poll !== undefined) {
						clearInterval(poll);
						poll = undefined;
						send();
					}
				});
			poll = setInterval(ask, pollMs);
			ask();
		});
		socket.once('connect_error', () => give(false));
		timer = setTimeout(() => give(false), deadlineMs);
	});
}

/**
 * One round of measurements against a running target.
 * @param {import('./targets.mjs').TARGETS[number]} target
 * @param {{ url: string }} app
 * @param {{ connections: number, concurrency: number, warmup: number, messages: number, deadlineMs: number }} settings
 */
export async function authRound(target, app, settings) {
	const open = [];
	try {
		// Warm up the JIT and the engine on both sides.
		const warm = await pool(settings.warmup, settings.concurrency, (i) => connectAuthenticated(target, app.url, `warmup-${i}`, 10_000, settings.handleConnectionWhoamiPollMs));
		for (const result of warm) result?.socket.close();
		await sleep(200);

		const cpuBefore = cpuMs(app.child.pid);
		const began = performance.now();
		const results = await pool(
			settings.connections,
			settings.concurrency,
			async (i) => {
				// A room each: the message every client sends reaches only itself.
				const result = await connectAuthenticated(target, app.url, `c-${i}`, 10_000, settings.handleConnectionWhoamiPollMs);
				open.push(result.socket);
				return result;
			},
			settings.deadlineMs,
		);
		const elapsed = performance.now() - began;
		const cpuAfter = cpuMs(app.child.pid);
		const done = results.filter((result) => result?.ok);
		for (const socket of open.splice(0)) socket.close();
		await sleep(300);

		// Round trips: one client alone in its room, on WebSocket once the upgrade is done.
		const { ok, socket } = await connectAuthenticated(target, app.url, 'rtt', 10_000, settings.handleConnectionWhoamiPollMs);
		open.push(socket);
		if (!ok) throw new Error(`${target.id}: the round-trip client could not authenticate`);
		for (let i = 0; i < 100 && socket.io.engine.transport.name !== 'websocket'; i++) await sleep(20);
		const times = [];
		const stopAt = Date.now() + settings.deadlineMs;
		for (let i = 0; i < settings.warmup + settings.messages && Date.now() < stopAt; i++) {
			const t0 = performance.now();
			const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('message', { text: `ping ${i}` });
			if (ack?.ok !== true) throw new Error(`${target.id}: message ${i} answered ${JSON.stringify(ack)}`);
			if (i >= settings.warmup) times.push(performance.now() - t0);
		}

		return {
			connections: {
				attempted: results.filter(Boolean).length,
				authenticated: done.length,
				elapsedMs: round(elapsed, 0),
				perSecond: round((done.length / elapsed) * 1000, 1),
				p50Ms: round(percentile(done.map((r) => r.ms), 50), 1),
				p95Ms: round(percentile(done.map((r) => r.ms), 95), 1),
				serverCpuMsPerConnection: cpuBefore === null || cpuAfter === null ? null : round((cpuAfter - cpuBefore) / done.length, 3),
			},
			roundTrip: {
				messages: times.length,
				transport: socket.io.engine.transport.name,
				p50Ms: round(percentile(times, 50), 2),
				p95Ms: round(percentile(times, 95), 2),
			},
		};
	} finally {
		for (const socket of open) socket.close();
		await sleep(200);
	}
}

/** The middle value; the mean of the two middle ones for an even count. */
function median(values) {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = sorted.length >> 1;
	return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/**
 * Starts every target once, then measures them round after round, the order rotating each
 * round (up to `rounds`, while the time budget lasts), so that a burst of load elsewhere on
 * the machine spreads over all of them. Each figure is the median over rounds; each ratio is
 * the median of the per-round ratios against the baseline measured in the same round.
 */
export async function authCost(targets, settings, log = () => {}) {
	const apps = [];
	try {
		for (const target of targets) apps.push(await start(target));
		const rounds = targets.map(() => []);
		// Whole rounds only; no new round once the run's time budget is spent (at least 2 rounds).
		for (let pass = 0; pass < settings.rounds && (pass < 2 || Date.now() < settings.startNoRoundAfter); pass++) {
			for (let k = 0; k < targets.length; k++) {
				const i = (k + pass) % targets.length;
				rounds[i].push(await authRound(targets[i], apps[i], settings));
				const last = rounds[i].at(-1);
				log(
					`  round ${pass + 1} ${targets[i].id.padEnd(24)} ${String(last.connections.perSecond).padStart(7)} conn/s  ` +
						`cpu ${last.connections.serverCpuMsPerConnection} ms/conn  rtt p50 ${last.roundTrip.p50Ms} ms`,
				);
			}
		}
		const base = rounds[targets.findIndex((target) => target.id === 'baseline')];
		return targets.map((target, i) => {
			const mine = rounds[i];
			return {
				id: target.id,
				label: target.label,
				example: target.example,
				variant: target.variant,
				tokenIn: target.tokenIn,
				connectionsPerSecond: round(median(mine.map((r) => r.connections.perSecond)), 1),
				connectMsP50: round(median(mine.map((r) => r.connections.p50Ms)), 1),
				serverCpuMsPerConnection: round(median(mine.map((r) => r.connections.serverCpuMsPerConnection)), 3),
				roundTripMsP50: round(median(mine.map((r) => r.roundTrip.p50Ms)), 2),
				roundTripMsP95: round(median(mine.map((r) => r.roundTrip.p95Ms)), 2),
				ratio: {
					connectionsPerSecond: round(median(mine.map((r, k) => r.connections.perSecond / base[k].connections.perSecond)), 3),
					roundTripP50: round(median(mine.map((r, k) => r.roundTrip.p50Ms / base[k].roundTrip.p50Ms)), 2),
					serverCpuPerConnection: round(median(mine.map((r, k) => r.connections.serverCpuMsPerConnection / base[k].connections.serverCpuMsPerConnection)), 2),
				},
				rounds: mine,
			};
		});
	} finally {
		await Promise.all(apps.map((app) => app.stop()));
	}
}
