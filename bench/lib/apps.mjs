// Starts an example (or the baseline) with the examples' own start helper, and makes sure
// every process this benchmark starts is stopped, whatever happens.
import { startApp } from '../../examples/recommended/demo/app-process.mjs';
import { startPlayground } from '../../scripts/start-playground.mjs';
import { command, readResults, writeResults } from './meta.mjs';
import { JWT } from './targets.mjs';

// Every process still running, with how to kill it outright.
const running = new Map();
// If this process ends any other way (an error, a closed pipe), take the apps with it.
process.on('exit', () => killAll());

/**
 * Registers a process for killAll(); `kill` defaults to SIGKILL to the process alone.
 * Returns the function that unregisters it (call it once the process is stopped).
 */
export function track(child, kill = () => child.kill('SIGKILL')) {
	running.set(child, kill);
	return () => running.delete(child);
}

/** Starts a target with /stats on and --expose-gc, so that /stats reports retained heap. */
export async function start(target, env = {}) {
	const app = await startApp({
		dir: target.dir,
		nodeArgs: ['--expose-gc'],
		env: {
			JWT_SECRET: JWT.secret,
			JWT_ISSUER: JWT.issuer,
			JWT_AUDIENCE: JWT.audience,
			EXPOSE_STATS: '1',
			...target.env,
			...env,
		},
	});
	const untrack = track(app.child);
	return {
		...app,
		async stop() {
			untrack();
			await app.stop();
		},
	};
}

/** Kills whatever is still running (used on errors, Ctrl-C and the watchdog). */
export function killAll() {
	for (const [child, kill] of running) {
		if (child.exitCode === null && child.signalCode === null) kill();
	}
	running.clear();
}

/**
 * Ends a run that hangs (after `ms`) or is interrupted (Ctrl-C, SIGTERM), stopping everything
 * it started. Returns the watchdog's timer, to clear when the run is done.
 * @param {string} name the command, for the message
 * @param {number} ms
 */
export function watchRun(name, ms) {
	for (const signal of ['SIGINT', 'SIGTERM']) {
		process.once(signal, () => {
			killAll();
			process.exit(130);
		});
	}
	return setTimeout(() => {
		console.error(`${name}: still running after ${ms / 1000} s, giving up`);
		killAll();
		process.exit(1);
	}, ms);
}

/** Where the playground server relays an example's socket.io endpoint. */
export const livePath = (slug) => `/live/${slug}/socket.io/`;

/** A playground server (`npm start`'s) with these settings, which killAll() stops if the run ends early; `pid` is the server's. */
export async function startPlaygroundServer(env) {
	let untrack = () => {};
	const server = await startPlayground({ env, onSpawn: (child, killGroup) => (untrack = track(child, killGroup)) });
	return {
		...server,
		pid: server.child.pid,
		async stop() {
			await server.stop();
			untrack();
		},
	};
}

/**
 * Runs one part of the bench alone (`npm run bench:proxy`, `bench:visitors`): measures it under a
 * watchdog, rewrites that part of bench/results.json and keeps the rest, and stops every process.
 * @param {string} part the key in results.json
 * @param {string} script the entry file, for the recorded command when not run through npm
 * @param {number} watchdogMs every phase has its own deadline; this only catches a hang
 * @param {(commandName: string, log: (line: string) => void) => Promise<{ meta: { durationSeconds: number } }>} measure
 */
export async function runPart(part, script, watchdogMs, measure) {
	const watchdog = watchRun(`bench:${part}`, watchdogMs);
	try {
		const figures = await measure(command(`node ${script}`), (line) => console.log(line));
		writeResults({ ...readResults(), [part]: figures });
		console.log(`wrote the ${part} part of bench/results.json in ${figures.meta.durationSeconds} s`);
	} catch (error) {
		console.error(error);
		process.exitCode = 1;
	} finally {
		clearTimeout(watchdog);
		killAll();
	}
}
