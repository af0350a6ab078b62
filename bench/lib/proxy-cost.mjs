// What the playground server costs: one example reached through the playground's
// /live/<approach>/socket.io/ proxy, directly, and through a bare TCP pipe (the hop alone), one
// request at a time, the three alternating so that drift on the machine touches all alike; and the
// server's memory under a bounded flood of requests it mostly refuses. Figures only: the goal (at
// most GOAL_RATIO times the direct time) is recorded beside them, never asserted.
import { randomBytes } from 'node:crypto';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { tokenFor } from '../../examples/recommended/demo/tokens.mjs';
import { start, livePath, startPlaygroundServer as playgroundServer, track } from './apps.mjs';
import { loadAverage, machine, playgroundSource, serverPackages } from './meta.mjs';
import { alternately, compare, connect } from './paired.mjs';
import { cpuMs, pool, positiveInt, round, rssMB } from './stats.mjs';
import { startPipe } from './tcp-pipe.mjs';
import { JWT, TARGETS } from './targets.mjs';

/** The goal for the ratios of p50s (through the playground / direct). */
const GOAL_RATIO = 1.2;
const ACK_TIMEOUT_MS = 5000;
const REQUEST_TIMEOUT_MS = 5000;

export function proxySettings() {
	const samples = positiveInt('BENCH_PROXY_SAMPLES', 300);
	return {
		// Checked once, at connect time, and a message handler that does next to nothing: a
		// message's time is then mostly transport, which is what the proxy adds to.
		example: 'middleware',
		roundTrip: { warmup: 200, messages: samples, deadlineMs: 30_000 },
		handshake: { warmup: 200, requests: samples, deadlineMs: 30_000 },
		// For the server timed above: limits nothing here comes near. The flooded one keeps its defaults.
		// The bench's one socket sends as fast as acknowledgements come back: past a visitor's 20 a second.
		limits: {
			CONNECTIONS_PER_MINUTE: '1000000',
			TOKENS_PER_MINUTE: '1000000',
			MAX_CONNECTIONS_PER_ADDRESS: '100000',
			SOCKET_MESSAGES_PER_SECOND: '1000000',
			SOCKET_BYTES_PER_SECOND: '1000000000',
		},
		flood: {
			requests: { handshake: 3000, token: 1000, missingFile: 500, malformed: 200, upgrade: 200 },
			concurrency: positiveInt('BENCH_CONCURRENCY', 50),
			requestTimeoutMs: REQUEST_TIMEOUT_MS,
			deadlineMs: 60_000,
			// RSS is read before, right after, and this long after the flood.
			settleMs: 5000,
		},
	};
}


/**
 * The `proxy` part of results.json, meta included.
 * @param {string} commandName what ran it (`npm run bench` or `npm run bench:proxy`)
 * @param {(line: string) => void} log
 */
export async function proxyCost(commandName, log = () => {}) {
	const began = performance.now();
	const date = new Date().toISOString();
	const loadAtStart = loadAverage();
	// Read before the server starts: it runs the sources as they are now.
	const server = playgroundSource();
	const settings = proxySettings();
	log(`proxy: ${settings.example}, ${settings.roundTrip.messages} messages and ${settings.handshake.requests} handshakes each way`);
	const { roundTrip, handshake } = await latency(settings, log);
	const flood = await floodPlayground(settings, log);
	return {
		meta: {
			command: commandName,
			date,
			durationSeconds: round((performance.now() - began) / 1000, 1),
			...machine(),
			loadAverage: { start: loadAtStart, end: loadAverage() },
			packages: serverPackages(),
			playgroundServer: server,
			settings,
		},
		example: settings.example,
		goal: { ratioAtMost: GOAL_RATIO },
		roundTrip,
		handshake,
		flood,
	};
}

/**
 * Round trips and handshakes, with a playground server, the same example started directly, and a
 * TCP pipe to that example (tcp-pipe.mjs): the cost of the hop alone, which no proxy avoids.
 */
async function latency(settings, log) {
	const target = TARGETS.find((candidate) => candidate.id === settings.example);
	const started = await Promise.allSettled([playgroundServer({ PLAYGROUND_EXAMPLES: settings.example, ...settings.limits }), start(target)]);
	const [playground, direct] = started.map((result) => result.value);
	let pipe;
	let untrackPipe = () => {};
	try {
		for (const result of started) if (result.status === 'rejected') throw result.reason;
		pipe = await startPipe(new URL(direct.url).port);
		untrackPipe = track(pipe.child);
		const roundTrip = await roundTrips(playground, direct, pipe, settings);
		log(`  message round trip  ${describe(roundTrip)}  playground cpu ${roundTrip.playgroundCpuMsPerMessage} ms/message`);
		const handshake = await handshakes(playground, direct, pipe, settings);
		log(`  polling handshake   ${describe(handshake)}  playground cpu ${handshake.playgroundCpuMsPerRequest} ms/request`);
		return { roundTrip, handshake };
	} finally {
		await Promise.all([playground?.stop(), direct?.stop(), pipe?.stop()]);
		untrackPipe();
	}
}

const describe = ({ direct, pipe, playground, ratio, pipeRatio }) =>
	`direct p50 ${direct.p50Ms} p95 ${direct.p95Ms} ms, TCP pipe p50 ${pipe.p50Ms} ms (x${pipeRatio.p50}), playground p50 ${playground.p50Ms} p95 ${playground.p95Ms} ms (x${ratio.p50}, p95 x${ratio.p95})`;

/** The playground against direct, and the TCP pipe against direct: the floor any second hop has. */
function withFloor(times) {
	const { pipe, ratio: pipeRatio } = compare(times, 'direct', 'pipe');
	return { ...compare(times, 'direct', 'playground'), pipe, pipeRatio };
}

/** A chat message and its acknowledgement on WebSocket, one client on each side. */
async function roundTrips(playground, direct, pipe, settings) {
	const { warmup, messages, deadlineMs } = settings.roundTrip;
	const clients = [];
	try {
		// The playground gives each example a secret of its own: only it can sign a token its child accepts.
		const token = await mintToken(playground.url, settings.example);
		const sides = {
			playground: await connect(playground.url, { path: livePath(settings.example), auth: { token, room: 'bench-proxy' } }, clients),
			direct: await connect(direct.url, { auth: { token: tokenFor('valid', JWT), room: 'bench-proxy' } }, clients),
			pipe: await connect(pipe.url, { auth: { token: tokenFor('valid', JWT), room: 'bench-proxy' } }, clients),
		};
		// CPU per message: the playground's only (the direct side never reaches it).
		const { times, cpuMsPerRequest } = await alternatelyWithCpu(sides, warmup, messages, deadlineMs, sendMessage, playground.pid);
		return {
			messages: times.playground.length,
			transport: Object.fromEntries(Object.entries(sides).map(([name, socket]) => [name, socket.io.engine.transport.name])),
			...withFloor(times),
			playgroundCpuMsPerMessage: cpuMsPerRequest,
		};
	} finally {
		for (const socket of clients) socket.close();
	}
}

/** A new engine.io session by long-polling: the handshake packet every client's first request gets. */
async function handshakes(playground, direct, pipe, settings) {
	const { warmup, requests, deadlineMs } = settings.handshake;
	// One kept-alive connection each, as a polling browser has: the time is the request's, not TCP's.
	const agents = [1, 2, 3].map(() => new Agent({ keepAlive: true, maxSockets: 1 }));
	try {
		const query = '?EIO=4&transport=polling';
		const sides = {
			playground: { url: `${playground.url}${livePath(settings.example)}${query}`, agent: agents[0] },
			direct: { url: `${direct.url}/socket.io/${query}`, agent: agents[1] },
			pipe: { url: `${pipe.url}/socket.io/${query}`, agent: agents[2] },
		};
		const { times, cpuMsPerRequest } = await alternatelyWithCpu(sides, warmup, requests, deadlineMs, openSession, playground.pid);
		return { requests: times.playground.length, ...withFloor(times), playgroundCpuMsPerRequest: cpuMsPerRequest };
	} finally {
		for (const agent of agents) agent.destroy();
	}
}

/**
 * alternately() (paired.mjs), plus the CPU time the playground server used per kept sample: the
 * warm-up also loads and compiles code the server runs for the first time, so it is not counted.
 */
async function alternatelyWithCpu(sides, warmup, count, deadlineMs, measure, playgroundPid) {
	let cpuBefore = null;
	const times = await alternately(sides, warmup, count, deadlineMs, measure, () => (cpuBefore = cpuMs(playgroundPid)));
	const kept = times.playground.length;
	const cpu = cpuBefore === null ? null : cpuMs(playgroundPid);
	return { times, cpuMsPerRequest: cpu === null || kept === 0 ? null : round((cpu - cpuBefore) / kept, 3) };
}

async function mintToken(url, approach) {
	const response = await fetch(`${url}/api/tokens`, {
		method: 'POST',
		headers: { 'content-type': 'application/json' },
		body: JSON.stringify({ approach, scenario: 'valid' }),
		signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
	});
	const body = await response.json().catch(() => null);
	if (!response.ok || typeof body?.token !== 'string') throw new Error(`POST ${url}/api/tokens: HTTP ${response.status} ${JSON.stringify(body)}`);
	return body.token;
}

async function sendMessage(socket, i) {
	const t0 = performance.now();
	const ack = await socket.timeout(ACK_TIMEOUT_MS).emitWithAck('message', { text: `ping ${i}` });
	const ms = performance.now() - t0;
	if (ack?.ok !== true) throw new Error(`message ${i} answered ${JSON.stringify(ack)}`);
	return ms;
}

/** GET that opens a session; the time until the whole open packet (`0{"sid":…}`) is in. */
function openSession({ url, agent }) {
	return new Promise((resolve, reject) => {
		const t0 = performance.now();
		const req = request(url, { agent, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }, (res) => {
			let body = '';
			res.setEncoding('utf8');
			res.on('data', (chunk) => (body += chunk));
			res.on('error', reject);
			res.on('end', () => {
				const ms = performance.now() - t0;
				if (res.statusCode === 200 && body.startsWith('0{')) resolve(ms);
				else reject(new Error(`GET ${url}: HTTP ${res.statusCode} ${body.slice(0, 200)}`));
			});
		});
		req.on('error', reject);
		req.end();
	});
}

/**
 * A second playground server, default limits, and a flood a script on one address could send
 * it: counts by status, and the server's RSS (its own process, not its examples').
 */
async function floodPlayground(settings, log) {
	const { flood } = settings;
	const server = await playgroundServer({ PLAYGROUND_EXAMPLES: settings.example });
	// Reused connections, as a script's HTTP client keeps them; upgrades get their own.
	const agent = new Agent({ keepAlive: true, maxSockets: flood.concurrency });
	try {
		// Let start-up (the examples' first answers, the health checks) settle first.
		await sleep(1000);
		const rssBefore = rssMB(server.pid);
		const { port } = server;
		const plan = mixed(flood.requests);
		const requests = Object.fromEntries(Object.keys(flood.requests).map((kind) => [kind, { sent: 0, byStatus: {} }]));
		const began = performance.now();
		await pool(
			plan.length,
			flood.concurrency,
			async (i) => {
				const { kind, n } = plan[i];
				requests[kind].sent++;
				const status = await send(port, floodRequest(kind, n, settings.example), agent, flood.requestTimeoutMs);
				requests[kind].byStatus[status] = (requests[kind].byStatus[status] ?? 0) + 1;
			},
			flood.deadlineMs,
		);
		const issuedMs = round(performance.now() - began, 0);
		const rssAfter = rssMB(server.pid);
		await sleep(flood.settleMs);
		const result = {
			limits: 'defaults',
			requests,
			issuedMs,
			rssMB: { before: rssBefore, after: rssAfter, afterSettle: rssMB(server.pid) },
			// Still serving once the flood is over: every example running.
			healthyAfter: (await fetch(`${server.url}/api/health`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).then((r) => r.json()).catch(() => null))?.status === 'ok',
		};
		log(
			`  flood               ${Object.entries(requests).map(([kind, { byStatus }]) => `${kind} ${JSON.stringify(byStatus)}`).join(', ')} in ${issuedMs} ms; ` +
				`rss ${result.rssMB.before} -> ${result.rssMB.after} -> ${result.rssMB.afterSettle} MB; healthy after: ${result.healthyAfter}`,
		);
		return result;
	} finally {
		agent.destroy();
		await server.stop();
	}
}

/** Every kind's requests spread evenly over the whole flood, in a fixed order: [{ kind, n }]. */
function mixed(counts) {
	const plan = [];
	for (const [kind, count] of Object.entries(counts)) for (let n = 0; n < count; n++) plan.push({ kind, n, at: (n + 0.5) / count });
	return plan.sort((a, b) => a.at - b.at);
}

function floodRequest(kind, n, slug) {
	switch (kind) {
		case 'handshake':
			return { path: `${livePath(slug)}?EIO=4&transport=polling` };
		case 'token': {
			const body = JSON.stringify({ approach: slug, scenario: 'valid' });
			return { method: 'POST', path: '/api/tokens', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }, body };
		}
		case 'missingFile':
			return { path: `/bench-missing/${n}.html` };
		case 'malformed':
			// A broken escape where the approach is decoded, and one in a page's path.
			return { path: n % 2 ? `/live/%E0%A4%A/socket.io/?EIO=4&transport=polling` : `/%zz${n}/` };
		case 'upgrade':
			return {
				path: `${livePath(slug)}?EIO=4&transport=websocket`,
				upgrade: true,
				headers: { connection: 'Upgrade', upgrade: 'websocket', 'sec-websocket-version': '13', 'sec-websocket-key': randomBytes(16).toString('base64') },
			};
		default:
			throw new RangeError(`unknown request kind ${kind}`);
	}
}

/** One request; resolves with its status as a string ("101": upgraded), "timeout" or "error". */
function send(port, { method = 'GET', path, headers = {}, body, upgrade = false }, agent, timeoutMs) {
	return new Promise((resolve) => {
		const req = request({ host: '127.0.0.1', port, method, path, headers, agent: upgrade ? false : agent, signal: AbortSignal.timeout(timeoutMs) });
		req.on('response', (res) => {
			res.on('end', () => resolve(String(res.statusCode)));
			res.on('error', () => resolve('error'));
			res.resume();
		});
		// Accepted: close it at once, the server's side of it is what is measured.
		req.on('upgrade', (res, socket) => {
			socket.destroy();
			resolve(String(res.statusCode));
		});
		req.on('error', (error) => resolve(error.name === 'AbortError' ? 'timeout' : 'error'));
		req.end(body);
	});
}
