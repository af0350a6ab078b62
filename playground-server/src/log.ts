/** One line per event, prefixed with the part of the playground it comes from. */
export function logger(scope: string) {
	const prefix = `[${scope}]`;
	return {
		info: (message: string) => console.log(`${prefix} ${message}`),
		warn: (message: string) => console.warn(`${prefix} ${message}`),
		error: (message: string) => console.error(`${prefix} ${message}`),
	};
}

export type Logger = ReturnType<typeof logger>;

/**
 * A budget of log lines per key (a client address) and window: true while a line may be written.
 * Lines that a client's requests cause would otherwise let one address fill the log. The first
 * refused line of a window says so; the count restarts with the next window. At most `maxKeys`
 * keys are followed per window, so the budget's own memory is bounded too. Written here because
 * this server logs with console lines (Fastify's logger is off), and the rate limiters on npm
 * answer requests rather than decide whether a line is written.
 */
export function perKeyBudget(linesPerWindow: number, windowMs: number, maxKeys = 10_000) {
	let windowStart = Date.now();
	const counts = new Map<string, number>();
	const dropped = logger('http');
	return (key: string): boolean => {
		const now = Date.now();
		if (now - windowStart >= windowMs) {
			windowStart = now;
			counts.clear();
		}
		if (!counts.has(key) && counts.size >= maxKeys) return false;
		const count = (counts.get(key) ?? 0) + 1;
		counts.set(key, count);
		if (count === linesPerWindow + 1) dropped.warn(`more lines about ${key} are dropped for up to ${Math.ceil(windowMs / 1000)} s`);
		return count <= linesPerWindow;
	};
}
