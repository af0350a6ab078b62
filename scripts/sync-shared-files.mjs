// `npm run sync:shared -- <example>`: copies the files every example shares
// (examples/shared-files.mjs) from that example to all the others, so a fix is one edit.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APPROACH_SLUGS } from '../examples/approaches.mjs';
import { SHARED_FILES } from '../examples/shared-files.mjs';

const examples = fileURLToPath(new URL('../examples/', import.meta.url));
const from = process.argv[2];
if (!from || !APPROACH_SLUGS.includes(from)) {
	console.error(`Name the example you edited: npm run sync:shared -- <${APPROACH_SLUGS.join('|')}>`);
	process.exit(2);
}
let copied = 0;
for (const to of APPROACH_SLUGS.filter((slug) => slug !== from)) {
	for (const file of SHARED_FILES) {
		const source = join(examples, from, file);
		const target = join(examples, to, file);
		if (readFileSync(source).equals(readFileSync(target))) continue;
		copyFileSync(source, target);
		console.log(`examples/${from}/${file} -> examples/${to}/${file}`);
		copied++;
	}
}
console.log(copied ? `${copied} file(s) copied.` : 'Every example already has the same shared files.');
