// A flood of events from one authenticated user, against the guard-only example with no rate
// limit and with each THROTTLE variant (the rate-limits guide): Alice sends `events` messages
// to her room as fast as her socket takes them, each asking for an acknowledgement, while Bob
// sits in the same room. Per variant: how many of her events the handler served (acknowledged),
// how they were refused, how many broadcasts reached Bob, whether a message Bob sends right after
// is served, how long until every one of her events had its answer, and the server's CPU time.
// Figures only: nothing here judges them.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { tokenFor } from '../../examples/recommended/demo/tokens.mjs';
import { start } from './apps.mjs';
import { loadAverage, serverPackages } from './meta.mjs';
import { connect } from './paired.mjs';
import { cpuMs, positiveInt, round } from './stats.mjs';
import { JWT } from './targets.mjs';

const GUARD_ONLY = fileURLToPath(new URL('../../examples/guard-only', import.meta.url));

export function eventFloodSettings() {
	return {
		example: 'guard-only',
		// No THROTTLE, then each variant the guide shows.
		throttles: [null, 'global-guard', 'ws-guard'],
		events: positiveInt('BENCH_EVENT_FLOOD', 1000),
		text: 'flood',
		// Every answer (ack or exception) of the flood must be in by then; what is not is counted as unanswered.
		deadlineMs: 30_000,
		// How long Bob keeps listening for broadcasts after the last answer.
		settleMs: 500,
		ackTimeoutMs: 5000,
	};
}

/** One variant: the flood, and what became of it. */
async function floodOnce(throttle, settings) {
	const app = await start({ dir: GUARD_ONLY, env: throttle ? { THROTTLE: throttle } : {} });
	const room = `flood-${throttle ?? 'none'}`;
	const clients = [];
	try {
		const alice = await connect(app.url, { auth: { token: tokenFor('valid', JWT), room } }, clients);
		const bob = await connect(app.url, { auth: { token: tokenFor('admin', JWT), room } }, clients);
		let broadcasts = 0;
		bob.on('message', () => broadcasts++);
		const refusals = {};
		alice.on('exception', ({ message }) => (refusals[message] = (refusals[message] ?? 0) + 1));
		let acked = 0;
		const cpuBefore = cpuMs(app.child.pid);
		const began = performance.now();
		for (let i = 0; i < settings.events; i++) {
			// A served event is answered by its acknowledgement; a refused one by an exception event (its ack never comes).
			alice.timeout(settings.ackTimeoutMs).emit('message', { text: settings.text }, (error) => {
				if (!error) acked++;
			});
		}
		const refused = () => Object.values(refusals).reduce((sum, count) => sum + count, 0);
		const deadline = Date.now() + settings.deadlineMs;
		while (acked + refused() < settings.events && Date.now() < deadline) await sleep(10);
		const answeredMs = performance.now() - began;
		const cpu = cpuMs(app.child.pid);
		await sleep(settings.settleMs);
		const broadcastsToBob = broadcasts;
		// The event Alice flooded, so that a limit shared by everyone shows.
		const bobMessage = await new Promise((resolve) => {
			bob.once('exception', ({ message }) => resolve(`exception:${message}`));
			bob.timeout(settings.ackTimeoutMs).emit('message', { text: 'from Bob' }, (error, reply) => resolve(error ? 'timeout' : `ack:${JSON.stringify(reply)}`));
		});
		return {
			throttle,
			events: settings.events,
			acked,
			refused: refusals,
			unanswered: settings.events - acked - refused(),
			broadcastsToBob,
			bobMessage,
			answeredSeconds: round(answeredMs / 1000, 2),
			serverCpuMs: cpu === null || cpuBefore === null ? null : round(cpu - cpuBefore, 0),
		};
	} finally {
		for (const socket of clients) socket.close();
		await app.stop();
	}
}

export async function eventFloodCost(commandName, log = () => {}) {
	const settings = eventFloodSettings();
	const began = performance.now();
	const loadAtStart = loadAverage();
	const rows = [];
	for (const throttle of settings.throttles) {
		const row = await floodOnce(throttle, settings);
		log(`event flood (${throttle ?? 'no limit'}): ${row.acked} served, refused ${JSON.stringify(row.refused)}, ${row.broadcastsToBob} broadcasts to Bob, Bob's own message ${row.bobMessage}, ${row.answeredSeconds} s, server CPU ${row.serverCpuMs} ms`);
		rows.push(row);
	}
	return {
		meta: {
			command: commandName,
			date: new Date().toISOString(),
			durationSeconds: round((performance.now() - began) / 1000, 1),
			node: process.version,
			loadAverage: { start: loadAtStart, end: loadAverage() },
			packages: serverPackages(),
			settings,
		},
		example: settings.example,
		rows,
	};
}
