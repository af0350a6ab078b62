// `npm run bench:proxy`: only what the playground server costs (lib/proxy-cost.mjs), about a
// minute. Rewrites the `proxy` part of bench/results.json and keeps the rest. `npm run bench`
// measures the same as its last part.
import { killAll, watchRun } from './lib/apps.mjs';
import { command, readResults, writeResults } from './lib/meta.mjs';
import { proxyCost } from './lib/proxy-cost.mjs';

// Every phase has its own deadline; this only catches a hang.
const WATCHDOG_MS = 240_000;
const watchdog = watchRun('bench:proxy', WATCHDOG_MS);

try {
	const proxy = await proxyCost(command('node bench/proxy.mjs'), (line) => console.log(line));
	writeResults({ ...readResults(), proxy });
	console.log(`wrote the proxy part of bench/results.json in ${proxy.meta.durationSeconds} s`);
} catch (error) {
	console.error(error);
	process.exitCode = 1;
} finally {
	clearTimeout(watchdog);
	killAll();
}
