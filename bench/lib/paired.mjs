// Two ways of doing the same thing, measured against each other in one run (the proxy part: through
// the playground server or straight to the example; the several-nodes part: one node or two).
// Samples are taken in turn, so that whatever else the machine does touches both sides alike.
import { io } from 'socket.io-client';
import { percentile, round } from './stats.mjs';

const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Runs `measure(side, i)` for each side in turn, the side that goes first changing every time,
 * `warmup` times unkept and then up to `count` times kept; returns the kept samples by side. At the
 * deadline it stops early, with as many samples on each side. `onWarmedUp` runs once, right before
 * the first kept round (the proxy part reads the server's CPU time there).
 */
export async function alternately(sides, warmup, count, deadlineMs, measure, onWarmedUp = () => {}) {
	const names = Object.keys(sides);
	const samples = Object.fromEntries(names.map((name) => [name, []]));
	const stopAt = Date.now() + deadlineMs;
	for (let i = 0; i < warmup + count && Date.now() < stopAt; i++) {
		if (i === warmup) onWarmedUp();
		for (const name of i % 2 ? [...names].reverse() : names) {
			const sample = await measure(sides[name], i);
			if (i >= warmup) samples[name].push(sample);
		}
	}
	return samples;
}

/**
 * p50 and p95 in ms of the side `base` and of the side `other`, and other's over base's:
 * `{ [base]: { p50Ms, p95Ms }, [other]: { p50Ms, p95Ms }, ratio: { p50, p95 } }`.
 */
export function compare(times, base, other) {
	const figures = (list) => ({ p50: percentile(list, 50), p95: percentile(list, 95) });
	const [under, over] = [figures(times[base]), figures(times[other])];
	const ms = ({ p50, p95 }) => ({ p50Ms: round(p50, 3), p95Ms: round(p95, 3) });
	return { [base]: ms(under), [other]: ms(over), ratio: { p50: round(over.p50 / under.p50, 2), p95: round(over.p95 / under.p95, 2) } };
}

/** A WebSocket-only client (no polling, no upgrade), connected and authenticated, or an error; kept in `clients` to close. */
export function connect(url, options, clients) {
	const socket = io(url, { ...options, transports: ['websocket'], reconnection: false, forceNew: true, timeout: CONNECT_TIMEOUT_MS });
	clients.push(socket);
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', (error) => reject(new Error(`${url}${options.path ?? '/socket.io/'}: ${error.message}`)));
	});
}
