// What many visitors of the playground cost at once: one playground server (`npm start`'s, with
// the recommended example behind it and its default limits), then 1, 50 and 200 visitors, each as
// the page's playground is, Alice and Bob chatting in a room of their own, each visitor from a
// loopback address of its own (127.0.<level>.<visitor>; Linux routes all of 127/8 to lo) so that
// the server's per-address limits count each visitor apart, as on a public server. Per level: the
// server's and the example's memory, and the message round trip against one visitor's.
// At 50 visitors, a visitor who stops reading: WebSockets in one room with a 4 KB receive buffer
// that never read (stalled-websockets.py), while other sockets of that visitor send a burst to
// the room; the others' round trips, both processes' memory, and what became of those sockets.
// Figures only: nothing here judges them, and what the server does to a stalled socket is
// recorded as seen.
import { execFileSync, spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { io } from 'socket.io-client';
import { SCENARIOS } from '../../examples/recommended/demo/scenario-facts.mjs';
import { findSystemTool } from '../../scripts/system-tool.mjs';
import { livePath, startPlaygroundServer as playgroundServer, track } from './apps.mjs';
import { loadAverage, machine, playgroundSource, serverPackages } from './meta.mjs';
import { percentile, pool, positiveInt, round, rssMB } from './stats.mjs';

const REQUEST_TIMEOUT_MS = 5000;
const STALLED_SCRIPT = fileURLToPath(new URL('./stalled-websockets.py', import.meta.url));
/** The stalled visitor's interpreter: Node cannot set a socket's receive buffer or segment size. */
const PYTHON3 = {
	name: 'python3',
	variable: 'PYTHON3',
	usual: '/usr/bin/python3',
	debian: 'python3',
	howTo: '  Debian/Ubuntu: sudo apt-get install python3\n  macOS:         xcode-select --install\n',
	neededFor: "the bench's stalled visitor (bench/lib/stalled-websockets.py)",
};
// Bob's token, as the page asks for it: the sender's in a scenario where he writes to Alice's room.
const BOB_SCENARIO = SCENARIOS.find((scenario) => scenario.replay)?.id;

/** Visitor `visitor` (from 0) of the level at `levelIndex` (from 0): an address no other level uses. */
const addressOf = (levelIndex, visitor) => `127.0.${levelIndex + 1}.${visitor + 1}`;

export function visitorsSettings() {
	const levels = [1, 50, 200];
	return {
		example: 'recommended',
		levels,
		// The page's clients: long-polling first, then upgraded to WebSocket; every figure is taken
		// once both of a visitor's clients are on WebSocket.
		transport: 'polling, upgraded to websocket',
		addresses: `127.0.<level>.<visitor>, from ${addressOf(0, 0)}: a range of its own for each level`,
		// Every limit (tokens and connections per address and minute, open connections per
		// address, whatever a socket may send or queue) as `npm start` has it: none set here.
		limits: 'defaults',
		// Visitors arriving this many at a time (their token requests, handshakes and upgrades).
		connect: { concurrency: 20, timeoutMs: 10_000, deadlineMs: 90_000 },
		// Every client sends `messagesPerClient` messages, one every `intervalMs` (a brisk chat), the
		// clients' starts spread evenly over the first interval, and waits for each ack.
		chat: { messagesPerClient: positiveInt('BENCH_VISITORS_MESSAGES', 10), intervalMs: 1000, ackTimeoutMs: 5000, broadcastGraceMs: 1000, deadlineMs: 60_000 },
		// Before a level's first reading, for the previous level's closing to be over.
		settleMs: 3000,
		// One visitor first, not measured: code the server, the example and this process run for
		// the first time is compiled then, not during the first level.
		warmup: { address: addressOf(levels.length + 1, 0), messagesPerClient: 20, intervalMs: 50 },
		stalled: {
			level: 50,
			address: addressOf(levels.length, 0),
			sockets: 16,
			receiveBufferBytes: 4096,
			// The segment size their SYN announces: Ethernet's, as across the Internet (stalled-websockets.py says why).
			mss: 1460,
			// Messages of the longest text the examples take, from several sockets of the visitor's,
			// each at a pace a chat could have (a server may cap what one socket sends per second),
			// for about as long as the chat: each stalled socket is sent about 770 KB.
			burst: { senders: 10, messagesPerSender: positiveInt('BENCH_VISITORS_BURST', 140), intervalMs: 70, textLength: 500, deadlineMs: 60_000 },
			// Memory and the server's side of each stalled connection read this often during the burst
			// and the watch below; memory also `settleMs` after the connections are made and after
			// the stalled visitor has left.
			sampleMs: 100,
			settleMs: 3000,
			// After the burst, how long the server gets to end the stalled sockets by itself: past ws's
			// closeTimeout (30 s), the wait for a close frame's answer, which never comes.
			watchMs: 35_000,
			// Then how long the stalled sockets read what the server still has for them.
			drainMs: 3000,
		},
	};
}


/**
 * The `visitors` part of results.json, meta included.
 * @param {string} commandName what ran it (`npm run bench` or `npm run bench:visitors`)
 * @param {(line: string) => void} log
 */
export async function visitorsCost(commandName, log = () => {}) {
	const began = performance.now();
	const date = new Date().toISOString();
	const loadAtStart = loadAverage();
	// Read before the server starts: it runs the sources as they are now.
	const source = playgroundSource();
	const settings = visitorsSettings();
	log(`visitors: ${settings.levels.join(', ')} visitors on ${settings.example}, ${settings.chat.messagesPerClient} messages per client`);
	const server = await playgroundServer({ PLAYGROUND_EXAMPLES: settings.example });
	try {
		const pids = { playground: server.pid, example: (await exampleHealth(server.url, settings.example)).pid };
		await warmUp(server, settings, log);
		const levels = [];
		let stalled = null;
		for (const [index, count] of settings.levels.entries()) {
			// Everything a level opens, closed before the next one starts.
			const opened = { sockets: [], agents: [] };
			try {
				await sleep(settings.settleMs);
				const before = memory(pids);
				const t0 = performance.now();
				const visitors = await openVisitors(server, count, (visitor) => addressOf(index, visitor), settings, opened, log);
				const connectSeconds = round((performance.now() - t0) / 1000, 1);
				const chat = await chatting(visitors, settings.chat);
				const all = memory(pids);
				const level = {
					visitors: count,
					clients: count * 2,
					connected: visitors.length,
					connectSeconds,
					rssMB: Object.fromEntries(
						Object.keys(pids).map((name) => [name, { before: before[name], with: all[name], perVisitor: round((all[name] - before[name]) / count, 2) }]),
					),
					roundTrip: chat.roundTrip,
					broadcasts: chat.broadcasts,
				};
				levels.push(level);
				log(
					`  ${String(count).padStart(3)} visitors  connected ${visitors.length} in ${connectSeconds} s  rtt p50 ${level.roundTrip.p50Ms} p95 ${level.roundTrip.p95Ms} ms  ` +
						`rss playground ${before.playground} -> ${all.playground} MB, example ${before.example} -> ${all.example} MB`,
				);
				if (count === settings.stalled.level) stalled = await stalledVisitor(server, pids, visitors, level.roundTrip, settings, log);
			} finally {
				closeAll(opened);
			}
		}
		// Each level's round trip against one visitor's (the first level).
		const [first] = levels;
		for (const level of levels) level.roundTrip.ratio = ratios(level.roundTrip, first.roundTrip);
		return {
			meta: {
				command: commandName,
				date,
				durationSeconds: round((performance.now() - began) / 1000, 1),
				...machine(),
				loadAverage: { start: loadAtStart, end: loadAverage() },
				packages: serverPackages(),
				playgroundServer: source,
				python: python3Version(),
				settings,
			},
			example: settings.example,
			levels,
			stalled,
			// Not restarted by the load: every figure is the same example process's.
			exampleRestarts: (await exampleHealth(server.url, settings.example)).restarts,
		};
	} finally {
		await server.stop();
	}
}

/** The example's entry in /api/health, which gives loopback clients its pid. */
async function exampleHealth(url, slug) {
	const health = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).then((response) => response.json());
	const entry = health.examples.find((candidate) => candidate.slug === slug);
	if (typeof entry?.pid !== 'number') throw new Error(`/api/health gives no pid for ${slug}: ${JSON.stringify(health)}`);
	return entry;
}

/** One visitor chatting fast, then gone. */
async function warmUp(server, settings, log) {
	const { address, messagesPerClient, intervalMs } = settings.warmup;
	const opened = { sockets: [], agents: [] };
	try {
		const visitors = await openVisitors(server, 1, () => address, settings, opened, log);
		await chatting(visitors, { ...settings.chat, messagesPerClient, intervalMs });
	} finally {
		closeAll(opened);
	}
}

/** Closes every client and agent in `opened` ({ sockets, agents }). */
function closeAll(opened) {
	for (const socket of opened.sockets) socket.close();
	for (const agent of opened.agents) agent.destroy();
}

/** RSS in MB of each process: { playground, example }. */
const memory = (pids) => Object.fromEntries(Object.entries(pids).map(([name, pid]) => [name, rssMB(pid)]));

/** p50 and p95 of `figures` over `reference`'s. */
const ratios = (figures, reference) => ({ p50: round(figures.p50Ms / reference.p50Ms, 2), p95: round(figures.p95Ms / reference.p95Ms, 2) });

/**
 * `count` visitors, `concurrency` arriving at a time; resolves with those whose two clients are
 * connected and on WebSocket (a visitor that fails is left out, and the level says how many got in).
 */
async function openVisitors(server, count, addressOfVisitor, settings, opened, log) {
	const { concurrency, deadlineMs } = settings.connect;
	let firstError = null;
	const visitors = await pool(
		count,
		concurrency,
		(i) =>
			openVisitor(server, addressOfVisitor(i), settings, opened).catch((error) => {
				firstError ??= error;
				return null;
			}),
		deadlineMs,
	);
	if (firstError) log(`  ${visitors.filter((visitor) => !visitor).length} of ${count} visitors did not get in, e.g. ${firstError.message}`);
	return visitors.filter(Boolean);
}

/**
 * One visitor as the page's playground makes one: a demo token each for Alice and Bob from
 * POST /api/tokens, then two socket.io clients in a room of the visitor's own, all from one
 * address over one kept-alive agent, as one browser.
 */
async function openVisitor(server, address, settings, opened) {
	const agent = new Agent({ keepAlive: true, localAddress: address });
	opened.agents.push(agent);
	const room = `bench-visitor-${address.replaceAll('.', '-')}`;
	const ask = (body) => requestToken(server.url, agent, { approach: settings.example, ...body });
	const tokens = { alice: await ask({ scenario: 'valid' }), bob: await ask({ scenario: BOB_SCENARIO, role: 'sender' }) };
	const [alice, bob] = await Promise.all(
		Object.entries(tokens).map(([name, token]) => client(server.url, settings.example, { name, token, room, agent, address }, settings.connect.timeoutMs, opened)),
	);
	return { address, clients: [alice, bob] };
}

/** POST /api/tokens as the page sends it (JSON, its Origin); resolves with the token. */
function requestToken(url, agent, body) {
	const data = JSON.stringify(body);
	return new Promise((resolve, reject) => {
		const headers = { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), origin: url };
		const req = request(`${url}/api/tokens`, { method: 'POST', agent, headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }, (res) => {
			let text = '';
			res.setEncoding('utf8');
			res.on('data', (chunk) => (text += chunk));
			res.on('error', reject);
			res.on('end', () => {
				const token = res.statusCode === 200 ? JSON.parse(text).token : null;
				if (typeof token === 'string') resolve(token);
				else reject(new Error(`POST /api/tokens from ${agent.options.localAddress}: HTTP ${res.statusCode} ${text.slice(0, 200)}`));
			});
		});
		req.on('error', reject);
		req.end(data);
	});
}

/**
 * A socket.io client with the page's options (default transports, no reconnection), connected
 * and upgraded to WebSocket. `heard` counts the broadcasts of others in its room (the visitor's
 * other client), `lastHeard` is the last broadcast it got.
 */
function client(url, slug, { name, token, room, agent, address }, timeoutMs, opened) {
	const socket = io(url, {
		path: livePath(slug),
		auth: { token, room },
		// Polling goes through the agent; the WebSocket takes the address too (engine.io-client passes it to ws).
		agent,
		localAddress: address,
		extraHeaders: { origin: url },
		reconnection: false,
		forceNew: true,
		timeout: timeoutMs,
	});
	opened.sockets.push(socket);
	const chatter = { name, socket, heard: 0, lastHeard: null, disconnected: null };
	socket.on('message', (message) => {
		if (message?.from?.toLowerCase() !== name) chatter.heard++;
		chatter.lastHeard = message;
	});
	// Why, if the server ends it: with WebSocket, the close frame's code (engine.io-client passes ws's close event on).
	socket.once('disconnect', (reason, details) => (chatter.disconnected = { reason, code: details?.context?.code ?? null }));
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${address} ${name}: not on WebSocket within ${timeoutMs} ms`)), timeoutMs);
		const done = (error) => {
			clearTimeout(timer);
			if (error) reject(error);
			else resolve(chatter);
		};
		socket.once('connect_error', (error) => done(new Error(`${address} ${name}: ${error.message}`)));
		socket.once('connect', () => {
			const { engine } = socket.io;
			if (engine.transport.name === 'websocket') return done();
			engine.once('upgrade', () => done());
			engine.once('upgradeError', (error) => done(new Error(`${address} ${name}: upgrade failed: ${error.message}`)));
		});
	});
}

/**
 * Every client of every visitor chats at once: `messagesPerClient` messages, one every
 * `intervalMs`, each timed until its ack. Then how many of the other client's broadcasts each heard.
 */
async function chatting(visitors, { messagesPerClient, intervalMs, ackTimeoutMs, broadcastGraceMs, deadlineMs }) {
	const clients = visitors.flatMap((visitor) => visitor.clients);
	for (const one of clients) one.heard = 0;
	const times = [];
	const stopAt = performance.now() + deadlineMs;
	const start = performance.now();
	let sent = 0;
	await Promise.all(
		clients.map(async (one, k) => {
			const offset = (k * intervalMs) / clients.length;
			for (let i = 0; i < messagesPerClient && performance.now() < stopAt; i++) {
				const wait = start + offset + i * intervalMs - performance.now();
				if (wait > 0) await sleep(wait);
				sent++;
				const t0 = performance.now();
				const ack = await one.socket
					.timeout(ackTimeoutMs)
					.emitWithAck('message', { text: `${one.name} says ${i}` })
					.catch(() => null);
				if (ack?.ok === true) times.push(performance.now() - t0);
			}
		}),
	);
	// The last broadcasts may still be on their way when the last ack is in.
	await sleep(broadcastGraceMs);
	return {
		roundTrip: { messages: sent, answered: times.length, p50Ms: round(percentile(times, 50), 3), p95Ms: round(percentile(times, 95), 3) },
		broadcasts: { expected: times.length, received: clients.reduce((sum, one) => sum + one.heard, 0) },
	};
}

/**
 * The stalled visitor, beside the level's visitors: `sockets` WebSockets of Alice's in its room
 * that never read, and its senders (Bob's) sending a burst to that room while the visitors chat
 * again; then up to `watchMs` for the server to end those sockets by itself. Both processes' RSS
 * before, at the peak (sampled), after, and once the visitor is gone; the server's side of each
 * stalled connection as the kernel shows it; and what each socket could still read, and how it ended.
 */
async function stalledVisitor(server, pids, visitors, alone, settings, log) {
	const { stalled } = settings;
	const opened = { sockets: [], agents: [] };
	const room = `bench-stalled-${stalled.address.replaceAll('.', '-')}`;
	let sockets = null;
	try {
		const agent = new Agent({ keepAlive: true, localAddress: stalled.address });
		opened.agents.push(agent);
		const ask = (body) => requestToken(server.url, agent, { approach: settings.example, ...body });
		const tokens = { alice: await ask({ scenario: 'valid' }), bob: await ask({ scenario: BOB_SCENARIO, role: 'sender' }) };
		const senders = await Promise.all(
			Array.from({ length: stalled.burst.senders }, () =>
				client(server.url, settings.example, { name: 'bob', token: tokens.bob, room, agent, address: stalled.address }, settings.connect.timeoutMs, opened),
			),
		);
		sockets = await openStalled(server, settings, { token: tokens.alice, room });
		const { localPorts } = sockets;

		await sleep(stalled.settleMs);
		const before = memory(pids);
		const peak = { ...before };
		// When the server's side of each stalled connection first left ESTABLISHED (it closed it).
		const closedAtMs = localPorts.map(() => null);
		const sample = () => {
			for (const [name, mb] of Object.entries(memory(pids))) peak[name] = Math.max(peak[name], mb ?? 0);
			const sides = serverSides(server.port, stalled.address);
			for (const [i, port] of localPorts.entries()) if (closedAtMs[i] === null && sides.get(port)?.state !== 'ESTABLISHED') closedAtMs[i] = performance.now();
		};
		const sampler = setInterval(sample, stalled.sampleMs);
		const startedAtMs = performance.now();
		let chat;
		let burst;
		let watchedMs;
		try {
			[chat, burst] = await Promise.all([chatting(visitors, settings.chat), sendBurst(senders, stalled.burst, settings.chat.ackTimeoutMs)]);
			const watchFrom = performance.now();
			while (closedAtMs.includes(null) && performance.now() - watchFrom < stalled.watchMs) await sleep(stalled.sampleMs);
			watchedMs = performance.now() - watchFrom;
		} finally {
			clearInterval(sampler);
		}
		sample();
		const after = memory(pids);
		const sides = serverSides(server.port, stalled.address);

		const drained = await sockets.drain();
		const stalledSockets = drained.map((socket, i) => ({
			// Seconds from the burst's start; null: still open when the watch ended.
			serverClosedAfterSeconds: closedAtMs[i] === null ? null : round((closedAtMs[i] - startedAtMs) / 1000, 1),
			// The server's side then, and what its kernel still held for the socket (not in any RSS).
			serverState: sides.get(localPorts[i])?.state ?? 'gone',
			serverKernelQueuedBytes: sides.get(localPorts[i])?.queuedBytes ?? 0,
			...socket,
		}));
		// Whatever is still held once the stalled visitor is gone.
		sockets.stop();
		closeAll(opened);
		await sleep(stalled.settleMs);
		const gone = memory(pids);
		const heard = senders.find((sender) => sender.lastHeard)?.lastHeard;
		const result = {
			level: stalled.level,
			address: stalled.address,
			sockets: stalled.sockets,
			// Granted as getsockopt reads it (Linux doubles what is asked, for its own bookkeeping).
			receiveBufferBytes: { requested: stalled.receiveBufferBytes, granted: sockets.granted },
			// One broadcast of the burst as a WebSocket frame: what a stalled socket is sent per message.
			frameBytes: heard ? frameBytes(heard) : null,
			burst,
			// From the end of the burst and the chat to the `after` reading.
			watchedSeconds: round(watchedMs / 1000, 1),
			roundTrip: { ...chat.roundTrip, ratio: ratios(chat.roundTrip, alone) },
			broadcasts: chat.broadcasts,
			rssMB: Object.fromEntries(
				Object.keys(pids).map((name) => [name, { before: before[name], peak: peak[name], after: after[name], afterLeaving: gone[name] }]),
			),
			stalledSockets,
		};
		const rss = (name) => `${name} ${before[name]} -> peak ${peak[name]} -> ${after[name]} -> ${gone[name]} MB`;
		log(
			`  stalled visitor: burst ${burst.acked}/${burst.sent} in ${burst.seconds} s (senders cut off: ${burst.sendersDisconnected.length}); ` +
				`rtt p50 ${result.roundTrip.p50Ms} p95 ${result.roundTrip.p95Ms} ms (x${result.roundTrip.ratio.p50}, p95 x${result.roundTrip.ratio.p95}); ` +
				`rss ${rss('playground')}, ${rss('example')}`,
		);
		for (const [i, socket] of stalledSockets.entries()) {
			log(
				`  stalled socket ${i + 1}: server side ${socket.serverClosedAfterSeconds === null ? 'still open' : `closed ${socket.serverClosedAfterSeconds} s after the burst began`}, ` +
					`${socket.serverState} with ${socket.serverKernelQueuedBytes} bytes in its kernel queue; ${socket.unreadBytes} bytes unread; ` +
					`then read ${socket.bytesRead} bytes (${socket.messagesRead} messages), close code ${socket.closeCode ?? 'none'}, ended ${socket.end}`,
			);
		}
		return result;
	} finally {
		sockets?.stop();
		closeAll(opened);
	}
}

/**
 * Each sender sends `messagesPerSender` messages of `textLength` characters, one every
 * `intervalMs`, their starts spread over the first interval; a sender the server cuts off stops.
 */
async function sendBurst(senders, { messagesPerSender, intervalMs, textLength, deadlineMs }, ackTimeoutMs) {
	const start = performance.now();
	let sent = 0;
	let acked = 0;
	await Promise.all(
		senders.map(async (sender, k) => {
			const offset = (k * intervalMs) / senders.length;
			for (let i = 0; i < messagesPerSender && sender.socket.connected && performance.now() - start < deadlineMs; i++) {
				const wait = start + offset + i * intervalMs - performance.now();
				if (wait > 0) await sleep(wait);
				sent++;
				const text = `burst ${k}.${i} `.padEnd(textLength, '.');
				const ack = await sender.socket.timeout(ackTimeoutMs).emitWithAck('message', { text }).catch(() => null);
				if (ack?.ok === true) acked++;
			}
		}),
	);
	return {
		sent,
		acked,
		seconds: round((performance.now() - start) / 1000, 1),
		sendersDisconnected: senders.flatMap((sender) => (sender.disconnected ? [sender.disconnected] : [])),
	};
}

// Linux's TCP states (include/net/tcp_states.h), as /proc/net/tcp numbers them.
const TCP_STATES = ['', 'ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING'];

/**
 * The server's side of each connection from `address`, by the client's port, from /proc/net/tcp:
 * its TCP state and what its kernel holds to send (tx_queue: written by the server, not yet
 * acknowledged by the client; memory the server's RSS does not count).
 */
function serverSides(serverPort, address) {
	const hex = (n, digits) => n.toString(16).toUpperCase().padStart(digits, '0');
	// An IPv4 address there is one little-endian 32-bit number, then :port.
	const ip = (dotted) => dotted.split('.').map(Number).reverse().map((n) => hex(n, 2)).join('');
	const local = `${ip('127.0.0.1')}:${hex(serverPort, 4)}`;
	const sides = new Map();
	for (const line of readFileSync('/proc/net/tcp', 'utf8').split('\n').slice(1)) {
		const [, from, to, state, queues] = line.trim().split(/\s+/);
		if (from !== local || !to?.startsWith(`${ip(address)}:`)) continue;
		sides.set(parseInt(to.split(':')[1], 16), { state: TCP_STATES[parseInt(state, 16)] ?? state, queuedBytes: parseInt(queues.split(':')[0], 16) });
	}
	return sides;
}

/** Bytes of the WebSocket frame that carries this `message` event to a client (server frames are not masked). */
function frameBytes(message) {
	const payload = Buffer.byteLength(`42${JSON.stringify(['message', message])}`);
	return payload + (payload < 126 ? 2 : payload < 65536 ? 4 : 10);
}

/**
 * The stalled WebSockets (stalled-websockets.py), connected: the receive buffers they got, their
 * ports, and `drain()`, which has them read what is left and resolves with what each socket got.
 */
async function openStalled(server, settings, { token, room }) {
	const { stalled } = settings;
	const { port } = server;
	const args = {
		host: '127.0.0.1',
		port,
		path: livePath(settings.example),
		localAddress: stalled.address,
		origin: server.url,
		token,
		room,
		sockets: stalled.sockets,
		receiveBufferBytes: stalled.receiveBufferBytes,
		mss: stalled.mss,
		drainMs: stalled.drainMs,
		// Its own end, if this process dies without stopping it.
		lifetimeSeconds: 300,
	};
	const child = spawn(findSystemTool(PYTHON3), [STALLED_SCRIPT, JSON.stringify(args)], { stdio: ['pipe', 'pipe', 'pipe'] });
	const untrack = track(child);
	const events = new EventEmitter();
	let stderr = '';
	child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr = (stderr + chunk).slice(-4096)));
	createInterface({ input: child.stdout }).on('line', (line) => {
		events.emit('event', JSON.parse(line));
	});
	const next = (name, timeoutMs) =>
		new Promise((resolve, reject) => {
			const done = (settle, value) => {
				clearTimeout(timer);
				events.off('event', onEvent);
				child.off('close', onClose);
				child.off('error', onError);
				settle(value);
			};
			const timer = setTimeout(() => done(reject, new Error(`stalled visitor: no "${name}" within ${timeoutMs} ms. ${stderr}`)), timeoutMs);
			const onEvent = (event) => {
				if (event.event === name) done(resolve, event);
				else if (event.event === 'error') done(reject, new Error(`stalled visitor: ${event.message}`));
			};
			// 'close', not 'exit': its last lines are read by then.
			const onClose = (code) => done(reject, new Error(`stalled visitor exited (${code}) before "${name}". ${stderr}`));
			const onError = (error) => done(reject, new Error(`stalled visitor: ${error.message}`));
			events.on('event', onEvent);
			child.once('close', onClose);
			child.once('error', onError);
		});
	const stop = () => {
		if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
		untrack();
	};
	try {
		const connected = await next('connected', 15_000);
		return {
			// Every socket asked for the same.
			granted: Math.max(...connected.receiveBufferBytes),
			localPorts: connected.localPorts,
			async drain() {
				const drained = next('drained', stalled.drainMs + 5000);
				child.stdin.write('drain\n');
				return (await drained).sockets;
			},
			stop,
		};
	} catch (error) {
		stop();
		throw error;
	}
}

/** `python3 --version`, for meta: the stalled visitor runs on it. */
function python3Version() {
	try {
		return execFileSync(findSystemTool(PYTHON3), ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim().replace(/^Python /, '');
	} catch {
		return null;
	}
}
