// `npm run demo`: starts a throwaway Redis and two nodes of this example, runs every scenario of
// behavior.json against them as clients, prints what was documented next to what happened, and
// exits non-zero on any difference. (The other examples' demo.mjs runs one node and no Redis.)
import { readBehavior } from './behavior.mjs';
import { observeCluster } from './cluster-behavior.mjs';

const behavior = await readBehavior();
const flat = (outcomes) =>
	Array.isArray(outcomes) ? outcomes.join(' → ') : Object.entries(outcomes).map(([who, seen]) => `${who}: ${seen.join(' → ')}`).join(' | ');
let differences = 0;
const rows = [];
for await (const { variant, id, documented, observed } of observeCluster(behavior)) {
	const same = JSON.stringify(observed) === JSON.stringify(documented);
	if (!same) differences++;
	rows.push({ variant, scenario: id, 'as documented': same ? 'yes' : 'NO', observed: flat(observed), ...(same ? {} : { documented: flat(documented) }) });
}
console.log(`\n${behavior.title}`);
console.table(rows);
console.log(differences === 0 ? '\nEvery scenario behaved as behavior.json documents.' : `\n${differences} scenario(s) differ from behavior.json.`);
process.exitCode = differences === 0 ? 0 : 1;
