// `npm run bench:visitors`: only what many visitors of the playground cost at once, and one who
// stops reading (lib/visitors-cost.mjs), about two minutes. Rewrites the `visitors` part of
// bench/results.json and keeps the rest. `npm run bench` measures the same as its last part.
import { runPart } from './lib/apps.mjs';
import { visitorsCost } from './lib/visitors-cost.mjs';

await runPart('visitors', 'bench/visitors.mjs', 300_000, visitorsCost);
