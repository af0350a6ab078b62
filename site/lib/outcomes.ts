/**
 * Turns the outcome vocabulary of behavior.json into words a reader can scan.
 *
 * Tables keep the raw outcomes in a data attribute and show `describeOutcomes(raw)` as text,
 * and the tests recompute both from the files on disk: a cell can only say what the
 * behaviour file says. No Astro or Vite imports, so the tests can import this module.
 */

export type Verdict = 'safe' | 'partial' | 'unsafe' | 'broken';

export interface DescribeOptions {
	/** Shorter wording for the comparison matrix, where five columns share the width. */
	compact?: boolean;
}

/** The readable steps of one scenario's outcomes, in order. */
export function describeOutcomes(outcomes: readonly string[], options: DescribeOptions = {}): string[] {
	if (outcomes.length === 0) return ['nothing observed'];
	const steps = outcomes.map((outcome) => describeOutcome(outcome, options));
	const lastConnect = outcomes.lastIndexOf('connected');
	if (lastConnect !== -1 && !outcomes.slice(lastConnect).some((o) => o.startsWith('disconnect:'))) {
		steps.push('stays connected');
	}
	return steps;
}

/** The same steps as one line of text, joined by arrows. */
export function outcomeText(outcomes: readonly string[], options: DescribeOptions = {}): string {
	return describeOutcomes(outcomes, options).join(' → ');
}

export function describeOutcome(outcome: string, { compact = false }: DescribeOptions = {}): string {
	const colon = outcome.indexOf(':');
	const kind = colon === -1 ? outcome : outcome.slice(0, colon);
	const value = colon === -1 ? '' : outcome.slice(colon + 1);
	switch (kind) {
		case 'connected':
			return 'connected';
		case 'timeout':
			return compact ? 'no ack' : 'no acknowledgement (timeout)';
		case 'reconnect_attempt':
			return compact ? 'retries' : 'reconnects by itself';
		case 'connect_error': {
			const { message, data } = splitMessageAndData(value);
			if (data === undefined) return `connect_error: ${message}`;
			const code = isRecord(data) && typeof data.code === 'string' ? data.code : undefined;
			return code ? `connect_error: ${message} (${code})` : `connect_error: ${message} ${JSON.stringify(data)}`;
		}
		case 'disconnect':
			return compact ? 'disconnected' : `disconnected (${value})`;
		case 'exception':
			return `exception: ${value}`;
		case 'ack':
			return `ack: ${describeJson(value, compact)}`;
		case 'message': {
			const payload = parseJson(value);
			if (isRecord(payload) && 'from' in payload) {
				return compact
					? `receives ${String(payload.from)}'s message`
					: `receives message from ${String(payload.from)}: "${String(payload.text)}"`;
			}
			return `receives message ${value}`;
		}
		case 'server':
			return value === 'exited' ? 'server process exits' : 'server keeps running';
		default:
			return outcome;
	}
}

/**
 * How a scenario went, from the point of view of whoever runs the server. Derived only from
 * the outcomes, so it is as reproducible as the text; shown next to it, never instead of it.
 */
export function verdictOf(scenario: string, outcomes: readonly string[]): Verdict {
	const has = (prefix: string) => outcomes.some((o) => o.startsWith(prefix));
	if (has('server:exited')) return 'unsafe';
	const connected = outcomes.includes('connected');
	const disconnected = has('disconnect:');
	switch (scenario) {
		case 'valid':
			if (outcomes.some((o) => o.startsWith('ack:') && o.includes('"alice"'))) return 'safe';
			// Alice refused is not a hole, it is an app that does not work.
			return connected ? 'partial' : 'broken';
		case 'leak':
			return has('message:') ? 'unsafe' : connected ? 'partial' : 'safe';
		case 'race':
			return has('message:') || outcomes.some((o) => o.startsWith('ack:')) ? 'unsafe' : connected ? 'partial' : 'safe';
		case 'expiry':
			if (outcomes.some((o) => o.startsWith('ack:') && o.includes('"alice"') && outcomes.indexOf(o) > 0)) {
				return disconnected ? 'partial' : 'unsafe';
			}
			return disconnected ? 'safe' : 'partial';
		case 'retry':
			return has('reconnect_attempt') ? 'partial' : connected && !disconnected ? 'unsafe' : 'safe';
		default:
			// Every other scenario is an attacker's connection: refused before connect is what you want.
			if (!connected) return has('connect_error:') || has('timeout') ? 'safe' : 'partial';
			if (outcomes.some((o) => o.startsWith('ack:'))) return 'unsafe';
			return disconnected ? 'partial' : 'unsafe';
	}
}

export const VERDICT_LABEL: Record<Verdict, string> = {
	safe: '✓ as it should be',
	partial: '⚠ with a gap',
	unsafe: '✗ insecure',
	broken: '✗ refuses valid users',
};

function splitMessageAndData(value: string): { message: string; data?: unknown } {
	// `connect_error:<message>[ <data json>]`: the data, when present, is JSON after the last
	// space that starts a JSON value.
	const match = /^(.*?) ([[{"].*|\d.*|true|false|null)$/.exec(value);
	if (match) {
		const data = parseJson(match[2]);
		if (data !== undefined) return { message: match[1], data };
	}
	return { message: value };
}

function describeJson(value: string, compact: boolean): string {
	const parsed = parseJson(value);
	if (compact && isRecord(parsed)) {
		if (typeof parsed.id === 'string' || parsed.id === null) return `user ${String(parsed.id)}`;
		if (parsed.ok === true) return 'ok';
	}
	return value;
}

function parseJson(value: string): unknown {
	try {
		return JSON.parse(value);
	} catch {
		return undefined;
	}
}

function isRecord(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
