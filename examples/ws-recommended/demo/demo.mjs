// `npm run demo`: starts this example, runs every scenario of behavior.json against it as a
// client, prints what was documented next to what happened, and exits non-zero on any
// difference. Same file in every example.
import { observeVariant, readBehavior } from './behavior.mjs';

const behavior = await readBehavior();
let differences = 0;
for (const variant of behavior.variants) {
	console.log(`\n${behavior.title}: ${variant.label}`);
	const rows = [];
	for await (const { id, documented, observed } of observeVariant(variant)) {
		const same = JSON.stringify(observed) === JSON.stringify(documented);
		if (!same) differences++;
		rows.push({
			scenario: id,
			'as documented': same ? 'yes' : 'NO',
			observed: observed.join(' → '),
			...(same ? {} : { documented: documented.join(' → ') }),
		});
	}
	console.table(rows);
}
console.log(
	differences === 0
		? '\nEvery scenario behaved as behavior.json documents.'
		: `\n${differences} scenario(s) differ from behavior.json.`,
);
process.exitCode = differences === 0 ? 0 : 1;
