// `npm run sync:shared -- <example>`: copies the files an example shares with others
// (examples/shared-files.mjs, by group) from that example to the others of each group it is in, and
// to ws-auth-check for the ones it carries too (WS_AUTH_CHECK_COPIES), so a fix is one edit.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHARED_FILE_GROUPS, WS_AUTH_CHECK_COPIES } from '../examples/shared-files.mjs';

/**
 * Copies every shared file that differs from `from`'s copy; returns what it copied.
 * @param {string} from the example edited
 * @param {{ rootDir?: string, groups?: ReadonlyArray<{ slugs: readonly string[], files: readonly string[] }>, copies?: Readonly<Record<string, string>> }} [where]
 *   rootDir: the repository (examples/ is in it); groups: examples and the files they share;
 *   copies: shared file → its path from rootDir outside examples/
 */
export function syncSharedFiles(from, { rootDir = fileURLToPath(new URL('..', import.meta.url)), groups = SHARED_FILE_GROUPS, copies = WS_AUTH_CHECK_COPIES } = {}) {
	const mine = groups.filter(({ slugs }) => slugs.includes(from));
	if (mine.length === 0) {
		const every = [...new Set(groups.flatMap(({ slugs }) => slugs))];
		throw new Error(`Name the example you edited: npm run sync:shared -- <${every.join('|')}>`);
	}
	const files = new Set(mine.flatMap((group) => group.files));
	const targets = [
		...mine.flatMap(({ slugs, files }) => slugs.filter((slug) => slug !== from).flatMap((to) => files.map((file) => [file, `examples/${to}/${file}`]))),
		...Object.entries(copies).filter(([file]) => files.has(file)),
	];
	const copied = [];
	for (const [file, target] of targets) {
		const source = `examples/${from}/${file}`;
		if (copyIfDiffers(join(rootDir, source), join(rootDir, target))) copied.push(`${source} -> ${target}`);
	}
	return copied;
}

/** Copies `source` over `target` unless they are the same; a file that has just become shared is created. */
function copyIfDiffers(source, target) {
	if (existsSync(target) && readFileSync(source).equals(readFileSync(target))) return false;
	mkdirSync(dirname(target), { recursive: true });
	copyFileSync(source, target);
	return true;
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
