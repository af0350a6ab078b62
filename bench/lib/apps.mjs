// Starts an example (or the baseline) with the examples' own start helper, and makes sure
// every process this benchmark starts is stopped, whatever happens.
import { startApp } from '../../examples/recommended/demo/app-process.mjs';
import { startPlayground } from '../../scripts/start-playground.mjs';
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
