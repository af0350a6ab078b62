// `npm run bench:proxy`: only what the playground server costs (lib/proxy-cost.mjs), about a
// minute. Rewrites the `proxy` part of bench/results.json and keeps the rest. `npm run bench`
// measures the same as one of its parts.
import { runPart } from './lib/apps.mjs';
import { proxyCost } from './lib/proxy-cost.mjs';

await runPart('proxy', 'bench/proxy.mjs', 240_000, proxyCost);
