/**
 * The benchmark's results (bench/results.json, written by `npm run bench` and
 * `npm run bench:site`), read at build time. Nothing here ships to the browser.
 */
import raw from '../../../bench/results.json';

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
		meta: { command: string; date: string; durationSeconds: number; node: string; packages: Record<string, string>; chromium: string; served: string; runs?: string };
		pages: SitePage[];
	};
	severalNodes: SeveralNodes | null;
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

export function authRow(id: string): AuthRow {
	const row = results.auth.find((candidate) => candidate.id === id);
	if (!row) throw new Error(`bench/results.json has no auth row "${id}"`);
	return row;
}
