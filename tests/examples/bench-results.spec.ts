import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { overBudget } from '../../bench/lib/site-budget.mjs';
import { TARGETS } from '../../bench/lib/targets.mjs';
import { EXAMPLE_SLUGS, exampleDir } from './example-dir.ts';

/**
 * bench/results.json is written by `npm run bench`, `npm run bench:proxy`, `npm run bench:visitors`
 * and `npm run bench:site`, committed, and rendered by the "What it costs" page. This checks its
 * shape only: every example is there and every figure is a finite number. No timing is asserted:
 * the figures depend on the machine.
 */
const results = JSON.parse(readFileSync(new URL('../../bench/results.json', import.meta.url), 'utf8'));

/** The rows the benchmark writes (bench/lib/targets.mjs): the baseline, every example, the allow-request variant. */
const ROW_IDS = TARGETS.map((target) => target.id);
/** What names a row, as the benchmark writes it now: its ids are behavior.json's, its label the approach's name. */
const naming = ({ id, label, example, variant }: { id: string; label: string; example: string | null; variant: string | null }) => ({ id, label, example, variant });
const REJECTION_EVENTS = [null, 'connect_error', 'disconnect', 'exception'];
const SEMVER = /^\d+\.\d+\.\d+/;
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
/** Linux's TCP states, as bench/lib/visitors-cost.mjs names them. */
const TCP_STATES = ['ESTABLISHED', 'SYN_SENT', 'SYN_RECV', 'FIN_WAIT1', 'FIN_WAIT2', 'TIME_WAIT', 'CLOSE', 'CLOSE_WAIT', 'LAST_ACK', 'LISTEN', 'CLOSING'];

const isCount = (value: unknown) => Number.isInteger(value) && (value as number) >= 0;
const isFiniteNumber = (value: unknown) => typeof value === 'number' && Number.isFinite(value);
const isPositive = (value: unknown) => isFiniteNumber(value) && (value as number) > 0;

function expectCount(value: unknown, what: string) {
	expect(isCount(value), `${what} = ${JSON.stringify(value)} should be a whole number >= 0`).toBe(true);
}
function expectFinite(value: unknown, what: string) {
	expect(isFiniteNumber(value), `${what} = ${JSON.stringify(value)} should be a finite number`).toBe(true);
}
function expectPositive(value: unknown, what: string) {
	expect(isPositive(value), `${what} = ${JSON.stringify(value)} should be a finite number > 0`).toBe(true);
}

test('bench results: meta says what, where and how', () => {
	const { meta } = results;
	expect(meta.command).toBe('npm run bench');
	expect(Number.isNaN(Date.parse(meta.date))).toBe(false);
	expect(meta.node).toMatch(/^v\d+\.\d+\.\d+$/);
	expect(meta.cpu.model).toEqual(expect.any(String));
	expect(meta.cpu.model.length).toBeGreaterThan(0);
	expect(Number.isInteger(meta.cpu.cores) && meta.cpu.cores > 0).toBe(true);
	expectPositive(meta.durationSeconds, 'meta.durationSeconds');
	for (const name of ['@nestjs/core', '@nestjs/websockets', '@nestjs/platform-socket.io', 'jose', 'socket.io', 'engine.io', 'socket.io-client']) {
		expect(meta.packages[name], `meta.packages["${name}"]`).toMatch(SEMVER);
	}
	expectPositive(meta.settings.flood.attempts, 'meta.settings.flood.attempts');
	expectPositive(meta.settings.flood.concurrency, 'meta.settings.flood.concurrency');
	expectPositive(meta.settings.flood.settleMs, 'meta.settings.flood.settleMs');
	expectPositive(meta.settings.auth.connections, 'meta.settings.auth.connections');
	expectPositive(meta.settings.auth.roundsDone, 'meta.settings.auth.roundsDone');
	expectCount(meta.settings.userLookupMs, 'meta.settings.userLookupMs');
});

test('bench results: rows named as bench/lib/targets.mjs names them (ids, labels, behavior.json variant ids), in its order', () => {
	for (const part of ['flood', 'auth']) expect(results[part].map(naming), part).toEqual(TARGETS.map(naming));
});

test('bench results: one flood row per example, variant and the baseline, every figure finite', () => {
	expect(results.flood.map((row: { id: string }) => row.id).sort()).toEqual([...ROW_IDS].sort());
	for (const slug of EXAMPLE_SLUGS) expect(results.flood.some((row: { example: string }) => row.example === slug), slug).toBe(true);
	for (const row of results.flood) {
		const at = `flood[${row.id}]`;
		expect(typeof row.label === 'string' && row.label.length > 0, `${at}.label`).toBe(true);
		expect(row.attempts, `${at}.attempts`).toBe(results.meta.settings.flood.attempts);
		expectCount(row.openAfterSettle.engineClients, `${at}.openAfterSettle.engineClients`);
		expectCount(row.openAfterSettle.sockets['/'], `${at}.openAfterSettle.sockets["/"]`);
		expectCount(row.handshakes, `${at}.handshakes`);
		for (const key of ['rssBefore', 'rssAfter', 'heapBefore', 'heapAfter']) expectPositive(row.memory[key], `${at}.memory.${key}`);
		for (const key of ['rssGrowth', 'heapGrowth']) expectFinite(row.memory[key], `${at}.memory.${key}`);
		expect(REJECTION_EVENTS, `${at}.rejection.event`).toContain(row.rejection.event);
		expect(typeof row.rejection.meaning === 'string' && row.rejection.meaning.length > 0, `${at}.rejection.meaning`).toBe(true);
		for (const [figures, where] of [
			[row.rejection, `${at}.rejection`],
			[row.rejection.alone, `${at}.rejection.alone`],
		]) {
			expectCount(figures.count, `${where}.count`);
			if (row.rejection.event === null || figures.count === 0) {
				// "Never": nothing to take a percentile of.
				expect(figures.p50Ms, `${where}.p50Ms`).toBeNull();
				expect(figures.p95Ms, `${where}.p95Ms`).toBeNull();
			} else {
				expectFinite(figures.p50Ms, `${where}.p50Ms`);
				expectFinite(figures.p95Ms, `${where}.p95Ms`);
			}
		}
		for (const [key, value] of Object.entries(row.client)) expectCount(value, `${at}.client.${key}`);
	}
	expect(results.flood.find((row: { id: string }) => row.id === 'baseline').rejection.event).toBeNull();
});

test('bench results: one auth row per example, variant and the baseline, with ratios to the baseline', () => {
	expect(results.auth.map((row: { id: string }) => row.id).sort()).toEqual([...ROW_IDS].sort());
	for (const row of results.auth) {
		const at = `auth[${row.id}]`;
		expectPositive(row.connectionsPerSecond, `${at}.connectionsPerSecond`);
		expectPositive(row.connectMsP50, `${at}.connectMsP50`);
		expectPositive(row.roundTripMsP50, `${at}.roundTripMsP50`);
		expectPositive(row.roundTripMsP95, `${at}.roundTripMsP95`);
		expectPositive(row.serverCpuMsPerConnection, `${at}.serverCpuMsPerConnection`);
		for (const key of ['connectionsPerSecond', 'roundTripP50', 'serverCpuPerConnection']) expectPositive(row.ratio[key], `${at}.ratio.${key}`);
		expect(row.rounds.length, `${at}.rounds`).toBe(results.meta.settings.auth.roundsDone);
		for (const round of row.rounds) {
			expect(round.connections.authenticated, `${at}: every connection authenticated`).toBe(results.meta.settings.auth.connections);
			expect(round.roundTrip.messages, `${at}: every message answered`).toBe(results.meta.settings.auth.messages);
		}
	}
	const baseline = results.auth.find((row: { id: string }) => row.id === 'baseline');
	expect(baseline.ratio).toEqual({ connectionsPerSecond: 1, roundTripP50: 1, serverCpuPerConnection: 1 });
});

test('bench results: proxy figures (npm run bench:proxy, or the end of npm run bench), through the playground and direct', () => {
	const { proxy } = results;
	expect(proxy, 'the proxy part: run npm run bench:proxy').toBeTruthy();
	const { meta } = proxy;
	expect(['npm run bench', 'npm run bench:proxy']).toContain(meta.command);
	expect(Number.isNaN(Date.parse(meta.date))).toBe(false);
	expect(meta.node).toMatch(/^v\d+\.\d+\.\d+$/);
	expectPositive(meta.durationSeconds, 'proxy.meta.durationSeconds');
	for (const name of ['@nestjs/core', 'socket.io', 'socket.io-client']) expect(meta.packages[name], `proxy.meta.packages["${name}"]`).toMatch(SEMVER);
	expect(meta.playgroundServer.sourceSha256, 'proxy.meta.playgroundServer.sourceSha256').toMatch(/^[0-9a-f]{64}$/);
	expect(EXAMPLE_SLUGS).toContain(proxy.example);
	expectPositive(proxy.goal.ratioAtMost, 'proxy.goal.ratioAtMost');

	expect(proxy.roundTrip.messages, 'proxy.roundTrip: every message answered').toBe(meta.settings.roundTrip.messages);
	expect(proxy.roundTrip.transport).toEqual({ playground: 'websocket', direct: 'websocket', pipe: 'websocket' });
	expect(proxy.handshake.requests, 'proxy.handshake: every handshake answered').toBe(meta.settings.handshake.requests);
	for (const part of ['roundTrip', 'handshake']) {
		for (const side of ['direct', 'pipe', 'playground']) {
			for (const key of ['p50Ms', 'p95Ms']) expectPositive(proxy[part][side][key], `proxy.${part}.${side}.${key}`);
		}
		for (const key of ['p50', 'p95']) {
			expectPositive(proxy[part].ratio[key], `proxy.${part}.ratio.${key}`);
			expectPositive(proxy[part].pipeRatio[key], `proxy.${part}.pipeRatio.${key}`);
		}
	}
	expectFinite(proxy.roundTrip.playgroundCpuMsPerMessage, 'proxy.roundTrip.playgroundCpuMsPerMessage');
	expectFinite(proxy.handshake.playgroundCpuMsPerRequest, 'proxy.handshake.playgroundCpuMsPerRequest');

	// The flood: every request sent and answered somehow (a status, "timeout" or "error").
	const { flood } = proxy;
	const planned = meta.settings.flood.requests;
	expect(Object.keys(flood.requests).sort()).toEqual(Object.keys(planned).sort());
	for (const [kind, { sent, byStatus }] of Object.entries(flood.requests) as Array<[string, { sent: number; byStatus: Record<string, number> }]>) {
		expect(sent, `proxy.flood.requests.${kind}.sent`).toBe(planned[kind]);
		for (const [status, count] of Object.entries(byStatus)) {
			expect(status, `proxy.flood.requests.${kind}.byStatus`).toMatch(/^(\d{3}|timeout|error)$/);
			expectCount(count, `proxy.flood.requests.${kind}.byStatus["${status}"]`);
		}
		expect(Object.values(byStatus).reduce((sum, count) => sum + count, 0), `proxy.flood.requests.${kind}: one outcome per request`).toBe(sent);
	}
	for (const key of ['before', 'after', 'afterSettle']) expectPositive(flood.rssMB[key], `proxy.flood.rssMB.${key}`);
	expect(typeof flood.healthyAfter, 'proxy.flood.healthyAfter').toBe('boolean');
});

test('bench results: several-nodes figures (npm run bench), two nodes against the recommended example on one, from the same run', () => {
	const part = results.severalNodes;
	expect(part, 'the severalNodes part: run npm run bench').toBeTruthy();
	const { meta } = part;
	expect(meta.command).toBe('npm run bench');
	expect(Number.isNaN(Date.parse(meta.date))).toBe(false);
	expect(meta.node).toMatch(/^v\d+\.\d+\.\d+$/);
	expectPositive(meta.durationSeconds, 'severalNodes.meta.durationSeconds');
	for (const name of ['@nestjs/core', 'socket.io', 'socket.io-client', '@socket.io/redis-streams-adapter', 'redis']) {
		expect(meta.packages[name], `severalNodes.meta.packages["${name}"]`).toMatch(SEMVER);
	}
	expect(meta.redisServer, 'severalNodes.meta.redisServer').toMatch(SEMVER);

	// Named as the examples name themselves: several-nodes is not a row of the other parts.
	const title = JSON.parse(readFileSync(`${exampleDir('several-nodes')}/behavior.json`, 'utf8')).title;
	expect({ example: part.example, label: part.label }).toEqual({ example: 'several-nodes', label: title });
	const recommended = TARGETS.find((target) => target.id === 'recommended');
	expect(part.reference).toEqual({ id: recommended?.id, label: recommended?.label });
	expect(meta.settings.transport).toBe('websocket');

	const { broadcast, revocation } = part;
	expect(broadcast.receivers, 'severalNodes.broadcast.receivers').toBe(meta.settings.broadcast.receivers);
	expect(broadcast.messages, 'severalNodes.broadcast: every message delivered').toBe(meta.settings.broadcast.messages);
	expect(revocation.revocations, 'severalNodes.revocation: every revocation done').toBe(meta.settings.revocation.revocations);
	for (const [measure, figures] of Object.entries({ broadcast, revocation })) {
		for (const side of ['oneNode', 'twoNodes']) {
			const at = `severalNodes.${measure}.${side}`;
			expectPositive(figures[side].p50Ms, `${at}.p50Ms`);
			expectPositive(figures[side].p95Ms, `${at}.p95Ms`);
			expect(figures[side].p50Ms, `${at}: p50 <= p95`).toBeLessThanOrEqual(figures[side].p95Ms);
		}
		// A ratio is two nodes over one node (from the unrounded times: within rounding).
		for (const p of ['p50', 'p95']) {
			const at = `severalNodes.${measure}.ratio.${p}`;
			expectPositive(figures.ratio[p], at);
			expect(Math.abs(figures.ratio[p] - figures.twoNodes[`${p}Ms`] / figures.oneNode[`${p}Ms`]), `${at} = two nodes / one node`).toBeLessThanOrEqual(0.02);
		}
	}
	for (const side of ['oneNode', 'twoNodes']) {
		const counted = revocation.exceptionFirst[side];
		expect(isCount(counted) && counted <= revocation.revocations, `severalNodes.revocation.exceptionFirst.${side} = ${counted}`).toBe(true);
	}
});

test('bench results: visitors figures (npm run bench:visitors, or the end of npm run bench), a level per number of visitors and a stalled visitor', () => {
	const part = results.visitors;
	expect(part, 'the visitors part: run npm run bench:visitors').toBeTruthy();
	const { meta } = part;
	const { settings } = meta;
	expect(['npm run bench', 'npm run bench:visitors']).toContain(meta.command);
	expect(Number.isNaN(Date.parse(meta.date))).toBe(false);
	expect(meta.node).toMatch(/^v\d+\.\d+\.\d+$/);
	expectPositive(meta.durationSeconds, 'visitors.meta.durationSeconds');
	for (const name of ['@nestjs/core', 'socket.io', 'socket.io-client']) expect(meta.packages[name], `visitors.meta.packages["${name}"]`).toMatch(SEMVER);
	expect(meta.playgroundServer.sourceSha256, 'visitors.meta.playgroundServer.sourceSha256').toMatch(/^[0-9a-f]{64}$/);
	// The stalled visitor is a Python script: which one ran it.
	expect(meta.python, 'visitors.meta.python').toMatch(SEMVER);
	for (const [key, value] of Object.entries(meta.loadAverage)) for (const load of value as number[]) expectFinite(load, `visitors.meta.loadAverage.${key}`);
	expect(EXAMPLE_SLUGS).toContain(part.example);
	expectCount(part.exampleRestarts, 'visitors.exampleRestarts');

	// Every visitor in and every message answered: figures of a run where some got nothing would not be comparable.
	const chatted = (roundTrip: { messages: number; answered: number; p50Ms: number; p95Ms: number; ratio: { p50: number; p95: number } }, at: string) => {
		expect(roundTrip.answered, `${at}: every message answered`).toBe(roundTrip.messages);
		expectPositive(roundTrip.p50Ms, `${at}.p50Ms`);
		expectPositive(roundTrip.p95Ms, `${at}.p95Ms`);
		expect(roundTrip.p50Ms, `${at}: p50 <= p95`).toBeLessThanOrEqual(roundTrip.p95Ms);
		for (const p of ['p50', 'p95'] as const) expectPositive(roundTrip.ratio[p], `${at}.ratio.${p}`);
	};
	const heard = (broadcasts: { expected: number; received: number }, at: string) => {
		expectCount(broadcasts.expected, `${at}.broadcasts.expected`);
		expectCount(broadcasts.received, `${at}.broadcasts.received`);
		expect(broadcasts.received, `${at}: no broadcast heard twice`).toBeLessThanOrEqual(broadcasts.expected);
	};
	expect(part.levels.map((level: { visitors: number }) => level.visitors)).toEqual(settings.levels);
	for (const level of part.levels) {
		const at = `visitors.levels[${level.visitors}]`;
		expect(level.clients, `${at}.clients: Alice and Bob`).toBe(level.visitors * 2);
		expect(level.connected, `${at}: every visitor in`).toBe(level.visitors);
		expect(level.roundTrip.messages, `${at}.roundTrip.messages`).toBe(level.clients * settings.chat.messagesPerClient);
		expect(isFiniteNumber(level.connectSeconds) && level.connectSeconds >= 0, `${at}.connectSeconds`).toBe(true);
		for (const name of ['playground', 'example']) {
			expectPositive(level.rssMB[name].before, `${at}.rssMB.${name}.before`);
			expectPositive(level.rssMB[name].with, `${at}.rssMB.${name}.with`);
			expectFinite(level.rssMB[name].perVisitor, `${at}.rssMB.${name}.perVisitor`);
		}
		chatted(level.roundTrip, `${at}.roundTrip`);
		heard(level.broadcasts, at);
	}
	// Ratios are to one visitor, the first level.
	expect(part.levels[0].roundTrip.ratio).toEqual({ p50: 1, p95: 1 });

	const { stalled } = part;
	const at = 'visitors.stalled';
	expect(settings.levels, `${at}.level`).toContain(stalled.level);
	expect(stalled.sockets, `${at}.sockets`).toBe(settings.stalled.sockets);
	expect(stalled.receiveBufferBytes.requested, `${at}.receiveBufferBytes.requested`).toBe(settings.stalled.receiveBufferBytes);
	expectPositive(stalled.receiveBufferBytes.granted, `${at}.receiveBufferBytes.granted`);
	expectPositive(stalled.frameBytes, `${at}.frameBytes`);
	// A server may cut a sender off (it then stops): at most what was planned, each answered at most once.
	const { burst } = stalled;
	expectCount(burst.sent, `${at}.burst.sent`);
	expect(burst.sent, `${at}.burst.sent`).toBeLessThanOrEqual(settings.stalled.burst.senders * settings.stalled.burst.messagesPerSender);
	expectCount(burst.acked, `${at}.burst.acked`);
	expect(burst.acked, `${at}.burst.acked`).toBeLessThanOrEqual(burst.sent);
	expectPositive(burst.seconds, `${at}.burst.seconds`);
	for (const cut of burst.sendersDisconnected) {
		expect(typeof cut.reason, `${at}.burst.sendersDisconnected[].reason`).toBe('string');
		expect(cut.code === null || Number.isInteger(cut.code), `${at}.burst.sendersDisconnected[].code = ${cut.code}`).toBe(true);
	}
	expect(isFiniteNumber(stalled.watchedSeconds) && stalled.watchedSeconds >= 0, `${at}.watchedSeconds`).toBe(true);
	chatted(stalled.roundTrip, `${at}.roundTrip`);
	heard(stalled.broadcasts, at);
	for (const name of ['playground', 'example']) {
		const rss = stalled.rssMB[name];
		for (const key of ['before', 'peak', 'after', 'afterLeaving']) expectPositive(rss[key], `${at}.rssMB.${name}.${key}`);
		expect(rss.peak, `${at}.rssMB.${name}: the peak is the largest sample`).toBeGreaterThanOrEqual(Math.max(rss.before, rss.after));
	}
	// What became of each stalled socket is observed, not prescribed: only its shape is checked.
	expect(stalled.stalledSockets.length, `${at}.stalledSockets`).toBe(stalled.sockets);
	for (const [i, socket] of stalled.stalledSockets.entries()) {
		const where = `${at}.stalledSockets[${i}]`;
		expect(socket.serverClosedAfterSeconds === null || isFiniteNumber(socket.serverClosedAfterSeconds), `${where}.serverClosedAfterSeconds`).toBe(true);
		expect([...TCP_STATES, 'gone'], `${where}.serverState`).toContain(socket.serverState);
		expectCount(socket.serverKernelQueuedBytes, `${where}.serverKernelQueuedBytes`);
		if (socket.unreadBytes !== null) expectCount(socket.unreadBytes, `${where}.unreadBytes`);
		expectCount(socket.bytesRead, `${where}.bytesRead`);
		expectCount(socket.messagesRead, `${where}.messagesRead`);
		expect(socket.messagesRead, `${where}.messagesRead: only the burst is sent to that room`).toBeLessThanOrEqual(burst.sent);
		expect(socket.closeCode === null || (Number.isInteger(socket.closeCode) && socket.closeCode >= 1000 && socket.closeCode <= 4999), `${where}.closeCode = ${socket.closeCode}`).toBe(true);
		expect(['fin', 'reset', 'open'], `${where}.end`).toContain(socket.end);
	}
});

test('bench results: site figures (npm run bench:site) for every page, mobile and desktop', () => {
	const { site } = results;
	expect(site, 'the site part: run npm run bench:site').not.toBeNull();
	expect(site.meta.command).toBe('npm run bench:site');
	expect(site.meta.chromium).toEqual(expect.any(String));
	expect(Number.isNaN(Date.parse(site.meta.date))).toBe(false);
	expect(site.meta.packages.lighthouse).toMatch(SEMVER);
	expect(site.pages.length).toBeGreaterThan(0);
	const paths = new Set(site.pages.map((page: { path: string }) => page.path));
	for (const path of paths) {
		const forms = site.pages.filter((page: { path: string }) => page.path === path).map((page: { formFactor: string }) => page.formFactor);
		expect(forms.sort(), `${path}: one mobile and one desktop run`).toEqual(['desktop', 'mobile']);
	}
	for (const page of site.pages) {
		const at = `site[${page.path} ${page.formFactor}]`;
		expect(page.path, at).toMatch(/^\//);
		for (const category of CATEGORIES) {
			const score = page.scores[category];
			expect(Number.isInteger(score) && score >= 0 && score <= 100, `${at}.scores.${category} = ${score}`).toBe(true);
		}
		for (const key of ['lcpMs', 'tbtMs', 'cls', 'jsBytes']) expect(isFiniteNumber(page[key]) && page[key] >= 0, `${at}.${key} = ${page[key]}`).toBe(true);
		expect([1, 3], `${at}.runs`).toContain(page.runs);
		expect(page.performanceRuns, `${at}.performanceRuns: one score per run`).toHaveLength(page.runs);
		expect(page.performanceRuns, `${at}.performanceRuns: the kept run is one of them`).toContain(page.scores.performance);
		for (const key of ['domElements', 'htmlBytes', 'htmlGzipBytes']) expectCount(page[key], `${at}.${key}`);
		expect(page.htmlGzipBytes, `${at}: gzipped is smaller`).toBeLessThan(page.htmlBytes);
		expect(page.contentHash, `${at}.contentHash`).toMatch(/^[0-9a-f]{16}$/);
	}
	// The two form factors of a page measured the same build of it.
	for (const path of paths) {
		const hashes = new Set(site.pages.filter((page: { path: string }) => page.path === path).map((page: { contentHash: string }) => page.contentHash));
		expect(hashes.size, `${path}: mobile and desktop measured the same page`).toBe(1);
	}
});

test('bench results: every page meets the site budget (bench/lib/site-budget.mjs) in the committed run', () => {
	const problems = results.site.pages.flatMap(overBudget);
	expect(problems, 'pages over the budget: make them lighter, then npm run bench:site').toEqual([]);
});

test('bench results: event flood figures (npm run bench:event-flood, or the end of npm run bench), a row per rate limit', () => {
	const part = results.eventFlood;
	expect(part, 'the eventFlood part: run npm run bench:event-flood').toBeTruthy();
	const { meta, rows } = part;
	expect(['npm run bench', 'npm run bench:event-flood']).toContain(meta.command);
	expect(Number.isNaN(Date.parse(meta.date))).toBe(false);
	expect(meta.node).toMatch(/^v\d+\.\d+\.\d+$/);
	expectPositive(meta.durationSeconds, 'eventFlood.meta.durationSeconds');
	for (const name of ['@nestjs/core', 'socket.io', 'socket.io-client']) expect(meta.packages[name], `eventFlood.meta.packages["${name}"]`).toMatch(SEMVER);
	expect(rows.map((row: { throttle: string | null }) => row.throttle)).toEqual(meta.settings.throttles);
	for (const row of rows) {
		const at = `eventFlood.rows[${row.throttle}]`;
		expect(row.events, `${at}.events`).toBe(meta.settings.events);
		const refused = Object.values(row.refused as Record<string, number>);
		for (const times of refused) expectCount(times, `${at}.refused`);
		expectCount(row.acked, `${at}.acked`);
		expectCount(row.unanswered, `${at}.unanswered`);
		// Every event is served, refused or unanswered, once.
		expect(row.acked + refused.reduce((sum, times) => sum + times, 0) + row.unanswered, `${at}: every event counted once`).toBe(row.events);
		expectCount(row.broadcastsToBob, `${at}.broadcastsToBob`);
		expect(row.bobMessage, `${at}.bobMessage`).toMatch(/^(ack:.+|exception:.+|timeout)$/);
		expectPositive(row.answeredSeconds, `${at}.answeredSeconds`);
		if (row.serverCpuMs !== null) expectPositive(row.serverCpuMs, `${at}.serverCpuMs`);
	}
});
