import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

// Small helpers shared by the benchmark's parts.

/** A positive whole number from the environment (for smaller runs while developing), or `fallback`. */
export function positiveInt(name, fallback) {
	const value = Number(process.env[name] ?? fallback);
	if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
	return value;
}

/** Nearest-rank percentile of a list of numbers (null for an empty list). */
export function percentile(values, p) {
	if (values.length === 0) return null;
	const sorted = [...values].sort((a, b) => a - b);
	const rank = Math.ceil((p / 100) * sorted.length);
	return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1];
}

/** Rounds to a fixed number of decimals; null stays null. */
export function round(value, decimals = 2) {
	if (value === null || value === undefined) return null;
	const factor = 10 ** decimals;
	return Math.round(value * factor) / factor;
}

/** GET <url>/stats from an example started with EXPOSE_STATS=1 (and --expose-gc). */
export async function serverStats(url) {
	const response = await fetch(`${url}/stats`, { signal: AbortSignal.timeout(10_000) });
	if (!response.ok) throw new Error(`GET ${url}/stats: HTTP ${response.status}`);
	return response.json();
}

/**
 * Runs `task(i)` for i in [0, count) with at most `limit` in flight, and gives up issuing new
 * ones after `deadlineMs`. Resolves with the results in order (undefined where not run).
 */
export async function pool(count, limit, task, deadlineMs = Infinity) {
	const results = new Array(count);
	const stopAt = Date.now() + deadlineMs;
	let next = 0;
	async function worker() {
		while (next < count && Date.now() < stopAt) {
			const i = next++;
			results[i] = await task(i);
		}
	}
	await Promise.all(Array.from({ length: Math.min(limit, count) }, worker));
	return results;
}

let ticksPerSecond;
/**
 * CPU time (user + system, all threads) a process has used so far, in milliseconds, from
 * /proc on Linux; null elsewhere. Unlike throughput, it hardly moves when other work on the
 * machine competes for the cores.
 */
export function cpuMs(pid) {
	try {
		ticksPerSecond ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
		const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
		const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
		// Fields 14 and 15 of stat(5), counted from the state field (3).
		return ((Number(fields[11]) + Number(fields[12])) * 1000) / ticksPerSecond;
	} catch {
		return null;
	}
}

/** Resident memory of a process in MB (VmRSS from /proc on Linux); null elsewhere or once it is gone. */
export function rssMB(pid) {
	try {
		const kB = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
		return kB ? round(Number(kB[1]) / 1024, 1) : null;
	} catch {
		return null;
	}
}
