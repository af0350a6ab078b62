// `npm run bench`: the unauthenticated flood and the cost of authenticating, for every example
// and the no-authentication baseline, then what the playground server costs, then what a second
// node costs the recommended setup (the several-nodes example), then many visitors of the
// playground at once and one who stops reading, then a flood of events from one user with and
// without a rate limit, on loopback.
// Rewrites the `meta`, `flood`, `auth`, `proxy`, `severalNodes`, `visitors` and `eventFlood`
// parts of bench/results.json and keeps `site` (written by `npm run bench:site`).
// `npm run bench:proxy` runs the proxy part alone, `npm run bench:visitors` the visitors part,
// `npm run bench:event-flood` the event flood.
//
// Bounded everywhere: a fixed number of attempts, at most CONCURRENCY in flight, a deadline per
// phase and a watchdog for the whole run. Smaller runs for development, e.g.:
//   BENCH_FLOOD_ATTEMPTS=200 BENCH_AUTH_CONNECTIONS=50 npm run bench
// (figures from such runs are labelled with their settings in meta.settings).
import { performance } from 'node:perf_hooks';
import { authCost } from './lib/auth-cost.mjs';
import { killAll, watchRun } from './lib/apps.mjs';
import { eventFloodCost } from './lib/event-flood-cost.mjs';
import { flood } from './lib/flood.mjs';
import { command, loadAverage, machine, readResults, writeResults, serverPackages } from './lib/meta.mjs';
import { proxyCost } from './lib/proxy-cost.mjs';
import { severalNodesCost } from './lib/several-nodes-cost.mjs';
import { positiveInt as int, round } from './lib/stats.mjs';
import { TARGETS } from './lib/targets.mjs';
import { visitorsCost } from './lib/visitors-cost.mjs';

const settings = {
	flood: {
		attempts: int('BENCH_FLOOD_ATTEMPTS', 1000),
		warmup: 10,
		// Timed one at a time before the flood, for the cost of a rejection without queueing.
		alone: 20,
		concurrency: int('BENCH_CONCURRENCY', 50),
		settleMs: 2000,
		attemptTimeoutMs: 5000,
		deadlineMs: 60_000,
	},
	auth: {
		// Up to `rounds`; no round starts once the run is `budgetSeconds` old (the machine may be busy).
		rounds: int('BENCH_AUTH_ROUNDS', 5),
		budgetSeconds: 170,
		connections: int('BENCH_AUTH_CONNECTIONS', 150),
		concurrency: int('BENCH_CONCURRENCY', 50),
		warmup: 20,
		messages: int('BENCH_RTT_MESSAGES', 100),
		deadlineMs: 30_000,
		// handleConnection never tells the client when its check is done: the client asks.
		handleConnectionWhoamiPollMs: 10,
	},
	// The examples' default: a simulated user-store lookup on every authentication.
	userLookupMs: 25,
};

// Flood and auth take up to about 4 minutes, the proxy part about 1 more, the several-nodes part
// about 1 more, the visitors part about 2 more and the event flood under 1 (their phases have
// deadlines of their own); this only catches a hang.
const WATCHDOG_MS = 690_000;
const watchdog = watchRun('bench', WATCHDOG_MS);

const began = performance.now();
const date = new Date().toISOString();
// Other work on the machine skews every figure: say how busy it was.
const loadAtStart = loadAverage();
const flat = (obj) => Object.entries(obj).map(([k, v]) => `${k}=${v}`).join(' ');

try {
	console.log(`flood: ${flat(settings.flood)}`);
	const floodRows = [];
	for (const target of TARGETS) {
		const row = await flood(target, settings.flood);
		floodRows.push(row);
		console.log(
			`  ${target.id.padEnd(24)} open ${`${row.openAfterSettle.engineClients}/${row.openAfterSettle.sockets["/"]}`.padStart(9)}  handshakes ${String(row.handshakes).padStart(5)}  ` +
				`heap +${(row.memory.heapGrowth / 2 ** 20).toFixed(1)} MB  rss +${(row.memory.rssGrowth / 2 ** 20).toFixed(1)} MB  ` +
				`rejected ${row.rejection.count} by ${row.rejection.event ?? '-'} p50 ${row.rejection.p50Ms ?? '-'} ms p95 ${row.rejection.p95Ms ?? '-'} ms ` +
				`(alone p50 ${row.rejection.alone.p50Ms ?? '-'} ms)`,
		);
	}

	const floodSeconds = round((performance.now() - began) / 1000, 1);
	console.log(`auth: ${flat(settings.auth)}`);
	const authRows = await authCost(
		TARGETS,
		{ ...settings.auth, startNoRoundAfter: Date.now() - (performance.now() - began) + settings.auth.budgetSeconds * 1000 },
		(line) => console.log(line),
	);
	settings.auth.roundsDone = authRows[0].rounds.length;
	for (const row of authRows) {
		console.log(
			`  ${row.id.padEnd(24)} ${String(row.connectionsPerSecond).padStart(7)} conn/s (x${row.ratio.connectionsPerSecond})  ` +
				`cpu ${row.serverCpuMsPerConnection} ms/conn (x${row.ratio.serverCpuPerConnection})  ` +
				`rtt p50 ${row.roundTripMsP50} ms (x${row.ratio.roundTripP50}) p95 ${row.roundTripMsP95} ms`,
		);
	}

	// Duration and load are the flood's and auth's (the page quotes them); the proxy part has its own.
	const meta = {
		command: command('node bench/run.mjs'),
		date,
		durationSeconds: round((performance.now() - began) / 1000, 1),
		floodSeconds,
		...machine(),
		loadAverage: { start: loadAtStart, end: loadAverage() },
		packages: serverPackages(),
		settings,
	};

	const previous = readResults();
	// A proxy part that fails keeps its last figures (they carry their own date), not the rest.
	const proxy = await proxyCost(command('node bench/run.mjs'), (line) => console.log(line)).catch((error) => {
		console.error('proxy:', error);
		process.exitCode = 1;
		return previous.proxy ?? null;
	});
	// Likewise, if it fails (no Redis to be had, say), the several-nodes part keeps its last figures.
	const severalNodes = await severalNodesCost(command('node bench/run.mjs'), (line) => console.log(line)).catch((error) => {
		console.error('several nodes:', error);
		process.exitCode = 1;
		return previous.severalNodes ?? null;
	});
	// And the visitors part (no python3 for its stalled visitor, say).
	const visitors = await visitorsCost(command('node bench/run.mjs'), (line) => console.log(line)).catch((error) => {
		console.error('visitors:', error);
		process.exitCode = 1;
		return previous.visitors ?? null;
	});
	// And the event flood (guard-only with and without a rate limit).
	const eventFlood = await eventFloodCost(command('node bench/run.mjs'), (line) => console.log(line)).catch((error) => {
		console.error('event flood:', error);
		process.exitCode = 1;
		return previous.eventFlood ?? null;
	});
	const results = {
		meta,
		flood: floodRows,
		auth: authRows,
		site: previous.site ?? null,
		proxy,
		severalNodes,
		visitors,
		eventFlood,
	};
	writeResults(results);
	console.log(`wrote bench/results.json in ${round((performance.now() - began) / 1000, 1)} s`);
} catch (error) {
	console.error(error);
	process.exitCode = 1;
} finally {
	clearTimeout(watchdog);
	killAll();
}
