// `npm run bench:event-flood`: only a flood of events from one user against the guard-only
// example with and without a rate limit (lib/event-flood-cost.mjs), under a minute. Rewrites the
// `eventFlood` part of bench/results.json and keeps the rest. `npm run bench` measures the same.
import { runPart } from './lib/apps.mjs';
import { eventFloodCost } from './lib/event-flood-cost.mjs';

await runPart('eventFlood', 'bench/event-flood.mjs', 180_000, eventFloodCost);
