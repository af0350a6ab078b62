// Starts an example (or the baseline) with the examples' own start helper, and makes sure
// every process this benchmark starts is stopped, whatever happens.
import { startApp } from '../../examples/recommended/demo/app-process.mjs';
import { JWT } from './targets.mjs';

const running = new Set();
// If this process ends any other way (an error, a closed pipe), take the apps with it.
process.on('exit', () => killAll());

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
	running.add(app);
	return {
		...app,
		async stop() {
			running.delete(app);
			await app.stop();
		},
	};
}

/** Kills whatever is still running (used on errors, Ctrl-C and the watchdog). */
export function killAll() {
	for (const app of running) {
		if (app.child.exitCode === null && app.child.signalCode === null) app.child.kill('SIGKILL');
	}
	running.clear();
}
