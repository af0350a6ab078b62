/**
 * The benchmark's results (bench/results.json, written by `npm run bench`, `npm run bench:proxy`,
 * `npm run bench:visitors` and `npm run bench:site`), read at build time. Nothing here ships to the browser.
 */
import raw from '../../../bench/results.json';
import type { SITE_BUDGET } from '../../../bench/lib/site-budget.mjs';

export interface FloodRow {
	id: string;
	label: string;
	example: string | null;
	variant: string | null;
	attempts: number;
	openAfterSettle: { engineClients: number; sockets: Record<string, number> };
	handshakes: number;
	memory: { rssGrowth: number; heapGrowth: number; rssBefore: number; heapBefore: number };
	rejection: {
		event: string | null;
		meaning: string;
		count: number;
		p50Ms: number | null;
		p95Ms: number | null;
		alone: { count: number; p50Ms: number | null; p95Ms: number | null };
	};
	client: { reconnectAttempts: number; connectedAfterSettle: number; messagesAcceptedBeforeRejection: number };
}

export interface AuthRow {
	id: string;
	label: string;
	example: string | null;
	variant: string | null;
	tokenIn: 'auth' | 'header';
	connectionsPerSecond: number;
	connectMsP50: number;
	serverCpuMsPerConnection: number;
	roundTripMsP50: number;
	roundTripMsP95: number;
	ratio: { connectionsPerSecond: number; roundTripP50: number; serverCpuPerConnection: number };
	rounds: Array<{
		connections: { attempted: number; authenticated: number; perSecond: number; serverCpuMsPerConnection: number | null };
		roundTrip: { messages: number; p50Ms: number; p95Ms: number };
	}>;
}

export interface SitePage {
	path: string;
	formFactor: 'mobile' | 'desktop';
	scores: Record<'performance' | 'accessibility' | 'best-practices' | 'seo', number>;
	lcpMs: number;
	tbtMs: number;
	cls: number;
	jsBytes: number;
	/** Lighthouse runs made; the median one is shown (absent in files from before reruns: 1). */
	runs?: number;
	// Absent in files from before the budget (2026-12): shown as not measured, and over the budget.
	/** The performance score of every run, the median one among them. */
	performanceRuns?: number[];
	/** Elements in the loaded page's DOM (Lighthouse's DOM size insight). */
	domElements?: number | null;
	htmlBytes?: number;
	htmlGzipBytes?: number;
	/** bench/lib/site-budget.mjs pageHash() of the built page measured. */
	contentHash?: string;
}

/** One measure of the several-nodes part: each side's p50 and p95, and two nodes over one node. */
export interface NodesLatency {
	oneNode: { p50Ms: number; p95Ms: number };
	twoNodes: { p50Ms: number; p95Ms: number };
	ratio: { p50: number; p95: number };
}

/** What a second node costs the recommended setup (written by `npm run bench`, with its own meta). */
export interface SeveralNodes {
	meta: {
		command: string;
		date: string;
		durationSeconds: number;
		loadAverage: { start: number[]; end: number[] };
		packages: Record<string, string>;
		redisServer: string;
		settings: {
			transport: string;
			broadcast: { receivers: number; warmup: number; messages: number };
			revocation: { warmup: number; revocations: number };
		};
	};
	example: string;
	label: string;
	reference: { id: string; label: string };
	broadcast: NodesLatency & { receivers: number; messages: number };
	revocation: NodesLatency & { revocations: number; exceptionFirst: { oneNode: number; twoNodes: number } };
}

/** p50 and p95 of one way through, in ms. */
interface Percentiles {
	p50Ms: number;
	p95Ms: number;
}

/** The meta every part that runs on its own carries. */
interface PartMeta {
	command: string;
	date: string;
	durationSeconds: number;
	loadAverage: { start: number[]; end: number[] };
	packages: Record<string, string>;
	playgroundServer: { commit: string | null; uncommittedChanges: boolean | null; sourceSha256: string };
}

/** What the playground server adds in front of an example (`npm run bench:proxy`, or the end of `npm run bench`). */
export interface Proxy {
	meta: PartMeta;
	example: string;
	goal: { ratioAtMost: number };
	roundTrip: ProxiedFigures & { messages: number; playgroundCpuMsPerMessage: number };
	handshake: ProxiedFigures & { requests: number; playgroundCpuMsPerRequest: number };
}

/** Direct, through a bare TCP pipe (the hop alone), and through the playground; each ratio is over direct. */
interface ProxiedFigures {
	direct: Percentiles;
	pipe: Percentiles;
	playground: Percentiles;
	pipeRatio: { p50: number; p95: number };
	ratio: { p50: number; p95: number };
}

/** A round trip measured while many visitors chat: how many, p50/p95, and the ratio to a reference. */
export interface ChatRoundTrip extends Percentiles {
	messages: number;
	answered: number;
	ratio: { p50: number; p95: number };
}

/** RSS in MB of the playground server and of its example. */
type PerProcess<T> = Record<'playground' | 'example', T>;

/** One level of the visitors part: this many visitors at once. */
export interface VisitorsLevel {
	visitors: number;
	clients: number;
	connected: number;
	connectSeconds: number;
	rssMB: PerProcess<{ before: number; with: number; perVisitor: number }>;
	roundTrip: ChatRoundTrip;
	broadcasts: { expected: number; received: number };
}

/** One of the stalled visitor's sockets: the server's side as the kernel showed it, then what it could still read. */
export interface StalledSocket {
	serverClosedAfterSeconds: number | null;
	serverState: string;
	serverKernelQueuedBytes: number;
	unreadBytes: number;
	bytesRead: number;
	messagesRead: number;
	closeCode: number | null;
	end: 'fin' | 'reset' | 'open';
}

/** Many visitors of the playground at once, and one who stops reading (`npm run bench:visitors`, or the end of `npm run bench`). */
export interface Visitors {
	meta: PartMeta & {
		python: string | null;
		settings: {
			levels: number[];
			limits: string;
			connect: { concurrency: number };
			chat: { messagesPerClient: number; intervalMs: number };
			stalled: {
				sockets: number;
				receiveBufferBytes: number;
				mss: number;
				burst: { senders: number; messagesPerSender: number; intervalMs: number; textLength: number };
				watchMs: number;
			};
		};
	};
	example: string;
	levels: VisitorsLevel[];
	stalled: {
		level: number;
		sockets: number;
		receiveBufferBytes: { requested: number; granted: number };
		frameBytes: number | null;
		burst: { sent: number; acked: number; seconds: number; sendersDisconnected: Array<{ reason: string; code: number | null }> };
		watchedSeconds: number;
		roundTrip: ChatRoundTrip;
		broadcasts: { expected: number; received: number };
		rssMB: PerProcess<{ before: number; peak: number; after: number; afterLeaving: number }>;
		stalledSockets: StalledSocket[];
	};
	exampleRestarts: number;
}

/** One rate-limit variant under one user's flood of events. */
export interface EventFloodRow {
	throttle: string | null;
	events: number;
	acked: number;
	refused: Record<string, number>;
	unanswered: number;
	broadcastsToBob: number;
	bobMessage: string;
	answeredSeconds: number;
	serverCpuMs: number | null;
}

/** A flood of events from one user against guard-only, with and without a rate limit (`npm run bench:event-flood`, or the end of `npm run bench`). */
export interface EventFlood {
	meta: Omit<PartMeta, 'playgroundServer'> & { node: string; settings: { example: string; throttles: Array<string | null>; events: number; text: string } };
	example: string;
	rows: EventFloodRow[];
}

export interface Results {
	meta: {
		command: string;
		date: string;
		durationSeconds: number;
		node: string;
		platform: string;
		cpu: { model: string; cores: number };
		loadAverage: { start: number[]; end: number[] };
		packages: Record<string, string>;
		settings: {
			flood: { attempts: number; concurrency: number; settleMs: number; alone: number };
			auth: { connections: number; concurrency: number; messages: number; roundsDone: number; handleConnectionWhoamiPollMs: number };
			userLookupMs: number;
		};
	};
	flood: FloodRow[];
	auth: AuthRow[];
	site: null | {
		meta: { command: string; date: string; durationSeconds: number; node: string; packages: Record<string, string>; chromium: string; served: string; runs?: string; budget?: typeof SITE_BUDGET };
		pages: SitePage[];
	};
	severalNodes: SeveralNodes | null;
	proxy: Proxy | null;
	visitors: Visitors | null;
	eventFlood: EventFlood | null;
}

export const results = raw as unknown as Results;

/** Rows in the order of the site's approach pages: the trap first, the answer last. */
export const floodRows = results.flood;
export const authRows = results.auth;

export function floodRow(id: string): FloodRow {
	const row = results.flood.find((candidate) => candidate.id === id);
	if (!row) throw new Error(`bench/results.json has no flood row "${id}"`);
	return row;
}

/** The several-nodes part; a build without it fails, as one without a flood or auth row does. */
export function severalNodes(): SeveralNodes {
	if (!results.severalNodes) throw new Error('bench/results.json has no severalNodes part: run npm run bench');
	return results.severalNodes;
}

/** The proxy part; a build without it fails. */
export function proxy(): Proxy {
	if (!results.proxy) throw new Error('bench/results.json has no proxy part: run npm run bench:proxy');
	return results.proxy;
}

/** The visitors part; a build without it fails. */
export function visitors(): Visitors {
	if (!results.visitors) throw new Error('bench/results.json has no visitors part: run npm run bench:visitors');
	return results.visitors;
}

/** The event flood part; a build without it fails. */
export function eventFlood(): EventFlood {
	if (!results.eventFlood) throw new Error('bench/results.json has no eventFlood part: run npm run bench:event-flood');
	return results.eventFlood;
}

export function authRow(id: string): AuthRow {
	const row = results.auth.find((candidate) => candidate.id === id);
	if (!row) throw new Error(`bench/results.json has no auth row "${id}"`);
	return row;
}
