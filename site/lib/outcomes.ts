/**
 * Turns the outcome vocabulary of behavior.json into words a reader can scan.
 *
 * Tables keep the raw outcomes in a data attribute and show `describeOutcomes(raw)` as text,
 * and the tests recompute both from the files on disk: a cell can only say what the
 * behaviour file says. The strings are read with `parseOutcome` of the examples' outcomes.mjs,
 * the module that writes them. No Astro or Vite imports, so the tests can import this module.
 */
import { parseOutcome, type Outcome } from '../../examples/recommended/demo/outcomes.mjs';
import { siteVerdictOf, WS_KINDS } from '../../ws-auth-check/src/verdicts.mjs';

export type Verdict = 'safe' | 'partial' | 'unsafe' | 'broken';

export interface DescribeOptions {
	/** Shorter wording for the comparison matrix, where five columns share the width. */
	compact?: boolean;
}

/** The readable steps of one scenario's outcomes, in order. */
export function describeOutcomes(outcomes: readonly string[], options: DescribeOptions = {}): string[] {
	if (outcomes.length === 0) return ['nothing observed'];
	const steps = outcomes.map((outcome) => describeOutcome(outcome, options));
	const seen = outcomes.map(parseOutcome);
	const lastConnect = seen.findLastIndex((o) => o.kind === 'connected');
	if (lastConnect !== -1 && !seen.slice(lastConnect).some((o) => o.kind === 'disconnect')) {
		steps.push('stays connected');
	}
	if (seen.some((o) => o.kind === 'open') && !seen.some((o) => o.kind === 'close')) steps.push('stays open');
	return steps;
}

/** The same steps as one line of text, joined by arrows. */
export function outcomeText(outcomes: readonly string[], options: DescribeOptions = {}): string {
	return describeOutcomes(outcomes, options).join(' → ');
}

export function describeOutcome(raw: string, { compact = false }: DescribeOptions = {}): string {
	const outcome = parseOutcome(raw);
	switch (outcome.kind) {
		case 'connected':
			return 'connected';
		case 'timeout':
			return compact ? 'no ack' : 'no acknowledgement (timeout)';
		case 'reconnect_attempt':
			return compact ? 'retries' : 'reconnects by itself';
		case 'connect_error': {
			const { message, data } = outcome;
			if (data === undefined) return `connect_error: ${message}`;
			const code = isRecord(data) && typeof data.code === 'string' ? data.code : undefined;
			return code ? `connect_error: ${message} (${code})` : `connect_error: ${message} ${JSON.stringify(data)}`;
		}
		case 'disconnect':
			return compact ? 'disconnected' : `disconnected (${outcome.reason})`;
		case 'exception':
			return `exception: ${outcome.message}`;
		case 'ack':
			return `ack: ${describeReply(outcome.reply, outcome.json, compact)}`;
		case 'message': {
			const { payload } = outcome;
			if (isRecord(payload) && 'from' in payload) {
				return compact
					? `receives ${String(payload.from)}'s message`
					: `receives message from ${String(payload.from)}: "${String(payload.text)}"`;
			}
			return `receives message ${outcome.json}`;
		}
		case 'server':
			return outcome.state === 'exited' ? 'server process exits' : 'server keeps running';
		// A plain WebSocket client's (the @nestjs/platform-ws examples).
		case 'open':
			return compact ? 'open' : 'WebSocket open (101)';
		case 'http':
			return compact ? `HTTP ${outcome.status}` : `upgrade refused: HTTP ${outcome.status}${outcome.body ? ` (${outcome.body})` : ''}`;
		case 'close':
			return compact ? `closed ${outcome.code}` : `closed by the server: ${outcome.code}${outcome.reason ? ` (${outcome.reason})` : ''}`;
		case 'reply':
			return `reply: ${describeReply(outcome.reply, outcome.json, compact)}`;
		case 'error':
			return `connection error: ${outcome.message}`;
		case 'frame':
			return `frame ${outcome.text}`;
		case 'wire': {
			// Before CONNECT: socket.io-client would hide it, the wire does not.
			const { payload } = outcome;
			const what = outcome.event === 'message' && isRecord(payload) && 'from' in payload ? `${String(payload.from)}'s message` : `"${outcome.event}" ${outcome.json}`;
			return compact ? `${what} on the wire` : `${what} on the wire before connect${isRecord(payload) && 'text' in payload ? `: "${String(payload.text)}"` : ''}`;
		}
		default:
			return CLUSTER_MARKERS[raw] ?? raw;
	}
}

/**
 * Lines the several-nodes cluster scenarios write between a client's outcomes
 * (examples/several-nodes/demo/cluster-scenarios.mjs): when node C froze and resumed, and whether
 * a client that sent a revoked session's pid and offset got that session back.
 */
const CLUSTER_MARKERS: Record<string, string> = {
	'node:frozen': '— node C freezes (SIGSTOP) —',
	'node:resumed': '— node C resumes (SIGCONT) —',
	'session:new': 'a new session: the old one is not restored',
	'session:restored': 'gets the old session back',
};

/**
 * How a scenario went, from the point of view of whoever runs the server. Derived only from
 * the outcomes, so it is as reproducible as the text; shown next to it, never instead of it.
 */
export function verdictOf(scenario: string, outcomes: readonly string[]): Verdict {
	const seen = outcomes.map(parseOutcome);
	// What only the examples' own runs observe: the server process exiting, and the race with the
	// asynchronous check (a message or an answer that got through before the refusal).
	if (seen.some((o) => o.kind === 'server' && o.state === 'exited')) return 'unsafe';
	if (scenario === 'race') {
		const has = (kind: Outcome['kind']) => seen.some((o) => o.kind === kind);
		// A plain WebSocket client's `open` and `reply` are a socket.io client's `connected` and `ack`.
		const [inside, answered] = seen.some((o) => WS_KINDS.has(o.kind)) ? (['open', 'reply'] as const) : (['connected', 'ack'] as const);
		return has('message') || has(answered) ? 'unsafe' : has(inside) ? 'partial' : 'safe';
	}
	// Everything a client sees, socket.io's or a plain WebSocket's: ws-auth-check's decision
	// table, which audits any server with the same verdicts as these tables.
	return siteVerdictOf(scenario, outcomes);
}

export const VERDICT_LABEL: Record<Verdict, string> = {
	safe: '✓ as it should be',
	partial: '⚠ with a gap',
	unsafe: '✗ insecure',
	broken: '✗ refuses valid users',
};

function describeReply(reply: unknown, json: string, compact: boolean): string {
	if (compact && isRecord(reply)) {
		if (typeof reply.id === 'string' || reply.id === null) return `user ${String(reply.id)}`;
		if (reply.ok === true) return 'ok';
	}
	return json;
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
