// `npm run sync:shared -- <example>`: copies the files every example shares
// (examples/shared-files.mjs) from that example to all the others, so a fix is one edit.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APPROACH_SLUGS } from '../examples/approaches.mjs';
import { SHARED_FILES } from '../examples/shared-files.mjs';

/**
 * Copies every shared file that differs from `from`'s copy; returns what it copied.
 * @param {string} from the example edited
 * @param {{ examplesDir?: string, slugs?: readonly string[], files?: readonly string[] }} [where]
 */
export function syncSharedFiles(from, { examplesDir = fileURLToPath(new URL('../examples/', import.meta.url)), slugs = APPROACH_SLUGS, files = SHARED_FILES } = {}) {
	if (!slugs.includes(from)) throw new Error(`Name the example you edited: npm run sync:shared -- <${slugs.join('|')}>`);
	const copied = [];
	for (const to of slugs.filter((slug) => slug !== from)) {
		for (const file of files) {
			const source = join(examplesDir, from, file);
			const target = join(examplesDir, to, file);
			// A file that has just become shared is created in the others.
			if (existsSync(target) && readFileSync(source).equals(readFileSync(target))) continue;
			mkdirSync(dirname(target), { recursive: true });
			copyFileSync(source, target);
			copied.push(`examples/${from}/${file} -> examples/${to}/${file}`);
		}
	}
	return copied;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	try {
		const copied = syncSharedFiles(process.argv[2] ?? '');
		for (const line of copied) console.log(line);
		console.log(copied.length ? `${copied.length} file(s) copied.` : 'Every example already has the same shared files.');
	} catch (error) {
		console.error(error instanceof Error ? error.message : error);
		process.exit(2);
	}
}
