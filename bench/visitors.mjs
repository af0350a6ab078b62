// `npm run bench:visitors`: only what many visitors of the playground cost at once, and one who
// stops reading (lib/visitors-cost.mjs), about two minutes. Rewrites the `visitors` part
// of bench/results.json and keeps the rest. `npm run bench` measures the same as its last part.
import { killAll, watchRun } from './lib/apps.mjs';
import { command, readResults, writeResults } from './lib/meta.mjs';
import { visitorsCost } from './lib/visitors-cost.mjs';

// Every phase has its own deadline; this only catches a hang.
const WATCHDOG_MS = 300_000;
const watchdog = watchRun('bench:visitors', WATCHDOG_MS);

try {
	const visitors = await visitorsCost(command('node bench/visitors.mjs'), (line) => console.log(line));
	writeResults({ ...readResults(), visitors });
	console.log(`wrote the visitors part of bench/results.json in ${visitors.meta.durationSeconds} s`);
} catch (error) {
	console.error(error);
	process.exitCode = 1;
} finally {
	clearTimeout(watchdog);
	killAll();
}
