/**
 * Figures the page's prose quotes, derived from bench/results.json at build time, so that a new
 * run of the benchmark rewrites the sentences along with the tables.
 */
import { comparedWith, count, fixed, kilobytes, megabytes, ms, range, ratio } from './format';
import { authRow, eventFlood, floodRow, proxy, results, severalNodes, visitors } from './results';
import { overBudget, SITE_BUDGET } from '../../../bench/lib/site-budget.mjs';

const { meta } = results;
const KB = 1024;
const p50 = (figures: { p50Ms: number }) => fixed(figures.p50Ms, 2);

export const measured = {
	date: meta.date.slice(0, 10),
	node: meta.node,
	cpu: `${meta.cpu.cores} × ${meta.cpu.model}`,
	nest: meta.packages['@nestjs/core'],
	socketIo: meta.packages['socket.io'],
	engineIo: meta.packages['engine.io'],
	client: meta.packages['socket.io-client'],
	seconds: fixed(meta.durationSeconds, 0),
	load: `${fixed(meta.loadAverage.start[0], 1)} at the start and ${fixed(meta.loadAverage.end[0], 1)} at the end`,
	attempts: count(meta.settings.flood.attempts),
	concurrency: count(meta.settings.flood.concurrency),
	settle: fixed(meta.settings.flood.settleMs / 1000, 0),
	alone: count(meta.settings.flood.alone),
	connections: count(meta.settings.auth.connections),
	messages: count(meta.settings.auth.messages),
	rounds: count(meta.settings.auth.roundsDone),
	lookupMs: count(meta.settings.userLookupMs),
	pollMs: count(meta.settings.auth.handleConnectionWhoamiPollMs),
};

const guard = floodRow('guard-only');
const handle = floodRow('handle-connection');
const middleware = floodRow('middleware');
const allow = floodRow('io-adapter-allow-request');
const baselineFlood = floodRow('baseline');

export const flood = {
	guardOpen: count(guard.openAfterSettle.engineClients),
	guardHeap: megabytes(guard.memory.heapGrowth),
	guardHeapPerSocketKB: fixed(guard.memory.heapGrowth / Math.max(1, guard.openAfterSettle.engineClients) / KB, 1),
	baselineOpen: count(baselineFlood.openAfterSettle.engineClients),
	baselineHeap: megabytes(baselineFlood.memory.heapGrowth),
	middlewareHeap: megabytes(middleware.memory.heapGrowth),
	middlewareRss: megabytes(middleware.memory.rssGrowth),
	allowHandshakes: count(allow.handshakes),
	allowRetries: count(allow.client.reconnectAttempts),
	allowAlone: ms(allow.rejection.alone.p50Ms),
	middlewareAlone: ms(middleware.rejection.alone.p50Ms),
	handleAlone: ms(handle.rejection.alone.p50Ms),
	guardAlone: ms(guard.rejection.alone.p50Ms),
	handleHandshakes: count(handle.handshakes),
	/** "above", "equal to" or "below" the number of attempts. */
	handleHandshakesVsAttempts: comparedWith(handle.handshakes, meta.settings.flood.attempts),
	allowHandshakesVsAttempts: comparedWith(allow.handshakes, meta.settings.flood.attempts),
	handleRetries: count(handle.client.reconnectAttempts),
	handleAccepted: count(handle.client.messagesAcceptedBeforeRejection),
};

const baselineAuth = authRow('baseline');
const guardAuth = authRow('guard-only');
const perSecond = baselineAuth.rounds.map((round) => round.connections.perSecond);
const others = results.auth.filter((row) => !['baseline', 'guard-only'].includes(row.id));
// The approaches that check once, before the socket is connected.
const once = results.auth.filter((row) => ['middleware', 'io-adapter', 'io-adapter-allow-request', 'recommended'].includes(row.id));

export const auth = {
	baselineRateMin: fixed(Math.min(...perSecond), 0),
	baselineRateMax: fixed(Math.max(...perSecond), 0),
	rateRatioMin: ratio(Math.min(...others.concat(guardAuth).map((row) => row.ratio.connectionsPerSecond))),
	rateRatioMax: ratio(Math.max(...others.concat(guardAuth).map((row) => row.ratio.connectionsPerSecond))),
	guardRtt: fixed(guardAuth.roundTripMsP50, 1),
	guardRttRatio: ratio(guardAuth.ratio.roundTripP50),
	baselineRtt: fixed(baselineAuth.roundTripMsP50, 2),
	otherRttMin: fixed(Math.min(...others.map((row) => row.roundTripMsP50)), 2),
	otherRttMax: fixed(Math.max(...others.map((row) => row.roundTripMsP50)), 2),
	baselineCpu: fixed(baselineAuth.serverCpuMsPerConnection, 2),
	onceCpuMin: fixed(Math.min(...once.map((row) => row.serverCpuMsPerConnection)), 2),
	onceCpuMax: fixed(Math.max(...once.map((row) => row.serverCpuMsPerConnection)), 2),
	onceCpuExtra: fixed(Math.max(0, Math.max(...once.map((row) => row.serverCpuMsPerConnection)) - baselineAuth.serverCpuMsPerConnection), 2),
	guardCpu: fixed(guardAuth.serverCpuMsPerConnection, 2),
	handleCpu: fixed(authRow('handle-connection').serverCpuMsPerConnection, 2),
};

const cluster = severalNodes();

export const nodes = {
	date: cluster.meta.date.slice(0, 10),
	load: `${fixed(cluster.meta.loadAverage.start[0], 1)} at the start and ${fixed(cluster.meta.loadAverage.end[0], 1)} at the end`,
	adapter: cluster.meta.packages['@socket.io/redis-streams-adapter'],
	redis: cluster.meta.redisServer,
	receivers: count(cluster.broadcast.receivers),
	messages: count(cluster.broadcast.messages),
	broadcastWarmup: count(cluster.meta.settings.broadcast.warmup),
	revocations: count(cluster.revocation.revocations),
	revocationWarmup: count(cluster.meta.settings.revocation.warmup),
	broadcastOne: p50(cluster.broadcast.oneNode),
	broadcastTwo: p50(cluster.broadcast.twoNodes),
	broadcastRatio: ratio(cluster.broadcast.ratio.p50),
	revocationOne: p50(cluster.revocation.oneNode),
	revocationTwo: p50(cluster.revocation.twoNodes),
	revocationRatio: ratio(cluster.revocation.ratio.p50),
	exceptionFirstOne: count(cluster.revocation.exceptionFirst.oneNode),
	exceptionFirstTwo: count(cluster.revocation.exceptionFirst.twoNodes),
};

const loadOf = (meta: { loadAverage: { start: number[]; end: number[] } }) =>
	`${fixed(meta.loadAverage.start[0], 1)} at the start and ${fixed(meta.loadAverage.end[0], 1)} at the end`;

const through = proxy();

export const proxyFigures = {
	command: through.meta.command,
	date: through.meta.date.slice(0, 10),
	load: loadOf(through.meta),
	example: through.example,
	messageDirect: p50(through.roundTrip.direct),
	messagePlayground: p50(through.roundTrip.playground),
	messageRatio: ratio(through.roundTrip.ratio.p50),
	handshakeDirect: p50(through.handshake.direct),
	handshakePlayground: p50(through.handshake.playground),
	handshakeRatio: ratio(through.handshake.ratio.p50),
	messagePipeRatio: ratio(through.roundTrip.pipeRatio.p50),
	handshakePipeRatio: ratio(through.handshake.pipeRatio.p50),
	goal: ratio(through.goal.ratioAtMost),
	/** Whether this run met the aim, in words, for the sentence that names it. */
	goalMet: [through.roundTrip, through.handshake].every((figures) => figures.ratio.p50 <= through.goal.ratioAtMost)
		? 'This run met it for both.'
		: 'This run did not meet it.',
	cpuPerMessage: fixed(through.roundTrip.playgroundCpuMsPerMessage, 2),
	cpuPerHandshake: fixed(through.handshake.playgroundCpuMsPerRequest, 2),
};

const crowd = visitors();
const { chat, connect, stalled: stalledSettings } = crowd.meta.settings;
const [one] = crowd.levels;
const most = crowd.levels[crowd.levels.length - 1];
const levelNames = crowd.levels.map((level) => count(level.visitors));

export const visitorFigures = {
	command: crowd.meta.command,
	date: crowd.meta.date.slice(0, 10),
	load: loadOf(crowd.meta),
	example: crowd.example,
	/** "1, 50 and 200" */
	levels: `${levelNames.slice(0, -1).join(', ')} and ${levelNames[levelNames.length - 1]}`,
	concurrency: count(connect.concurrency),
	messages: count(chat.messagesPerClient),
	intervalSeconds: fixed(chat.intervalMs / 1000, 0),
	most: count(most.visitors),
	mostClients: count(most.clients),
	mostPlaygroundPerVisitor: fixed(most.rssMB.playground.perVisitor, 2),
	mostExamplePerVisitor: fixed(most.rssMB.example.perVisitor, 2),
	mostP50: fixed(most.roundTrip.p50Ms, 2),
	mostRatio: ratio(most.roundTrip.ratio.p50),
	oneP50: fixed(one.roundTrip.p50Ms, 2),
};

const { stalled } = crowd;
const stalledSockets = stalled.stalledSockets;
const closed = stalledSockets.filter((socket) => socket.serverClosedAfterSeconds !== null);
const closeCodes = [...new Set(stalledSockets.flatMap((socket) => (socket.closeCode === null ? [] : [socket.closeCode])))];
const ENDS = { fin: 'the server then ended the connection', reset: 'the server then reset the connection', open: 'the connection then stayed open' } as const;

const events = eventFlood();

/** The event flood part's provenance and settings, for the prose around its table. */
export const eventFloodFigures = {
	command: events.meta.command,
	date: events.meta.date.slice(0, 10),
	load: loadOf(events.meta),
	example: events.example,
	events: count(events.meta.settings.events),
};

export const stalledFigures = {
	level: count(stalled.level),
	sockets: count(stalled.sockets),
	bufferKB: fixed(stalled.receiveBufferBytes.requested / 1024, 0),
	grantedKB: fixed(stalled.receiveBufferBytes.granted / 1024, 0),
	mss: count(stalledSettings.mss),
	senders: count(stalledSettings.burst.senders),
	perSender: count(stalledSettings.burst.messagesPerSender),
	textLength: count(stalledSettings.burst.textLength),
	intervalMs: count(stalledSettings.burst.intervalMs),
	watchSeconds: fixed(stalledSettings.watchMs / 1000, 0),
	acked: count(stalled.burst.acked),
	burstSeconds: fixed(stalled.burst.seconds, 1),
	frameBytes: stalled.frameBytes === null ? 'unknown' : count(stalled.frameBytes),
	sentKB: stalled.frameBytes === null ? 'unknown' : kilobytes(stalled.burst.acked * stalled.frameBytes),
	sendersCut: count(stalled.burst.sendersDisconnected.length),
	p50: fixed(stalled.roundTrip.p50Ms, 2),
	p50Ratio: ratio(stalled.roundTrip.ratio.p50),
	p95: fixed(stalled.roundTrip.p95Ms, 2),
	p95Ratio: ratio(stalled.roundTrip.ratio.p95),
	/** What the server did to the stalled connections, in a sentence made from the figures. */
	closed:
		closed.length === 0
			? `The server had not closed any of the ${count(stalledSockets.length)} connections ${fixed(stalled.watchedSeconds, 0)} s after the burst.`
			: `The server closed ${closed.length === stalledSockets.length ? 'all' : count(closed.length) + ' of the'} ${count(stalledSockets.length)} connections ` +
				`${range(closed.map((socket) => socket.serverClosedAfterSeconds as number), (value) => fixed(value, 1))} s after the burst began` +
				(closed.length === stalledSockets.length ? '.' : `; the others were still open ${fixed(stalled.watchedSeconds, 0)} s after the burst.`),
	kernelKB: range(stalledSockets.map((socket) => socket.serverKernelQueuedBytes), kilobytes),
	readKB: range(stalledSockets.map((socket) => socket.bytesRead), kilobytes),
	readMessages: range(stalledSockets.map((socket) => socket.messagesRead), count),
	closeFrame: closeCodes.length === 0 ? 'no close frame came' : `a close frame came, code ${closeCodes.join(' or ')}`,
	ends: [...new Set(stalledSockets.map((socket) => ENDS[socket.end]))].join(' or '),
};

const site = results.site;
const allHundred = (page: NonNullable<typeof site>['pages'][number]) => Object.values(page.scores).every((score) => score === 100);
export const siteFigures = site && {
	date: site.meta.date.slice(0, 10),
	runs: count(site.pages.length),
	pages: count(new Set(site.pages.map((page) => page.path)).size),
	perfect: count(site.pages.filter(allHundred).length),
	below: site.pages
		.filter((page) => !allHundred(page))
		.map((page) => ({
			path: page.path,
			formFactor: page.formFactor,
			scores: Object.entries(page.scores)
				.filter(([, score]) => score < 100)
				.map(([category, score]) => `${category} ${score}`)
				.join(', '),
		})),
	served: site.meta.served,
	chromium: site.meta.chromium,
	lighthouse: site.meta.packages.lighthouse,
	/** Why pages are over the budget, one sentence each (none: every page within it). */
	overBudget: site.pages.flatMap(overBudget),
};

/** The budget as the page states it. */
export const siteBudget = {
	performance: SITE_BUDGET.performance,
	tbtMs: count(SITE_BUDGET.tbtMs),
	htmlGzipKB: count(SITE_BUDGET.htmlGzipBytes / 1024),
	domElements: count(SITE_BUDGET.domElements),
};
