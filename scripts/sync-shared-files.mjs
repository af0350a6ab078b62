// `npm run sync:shared -- <example>`: copies the files every example shares
// (examples/shared-files.mjs) from that example to all the others, and to ws-auth-check for the
// ones it carries too (WS_AUTH_CHECK_COPIES), so a fix is one edit.
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APPROACH_SLUGS } from '../examples/approaches.mjs';
import { SHARED_FILES, WS_AUTH_CHECK_COPIES } from '../examples/shared-files.mjs';

/**
 * Copies every shared file that differs from `from`'s copy; returns what it copied.
 * @param {string} from the example edited
 * @param {{ rootDir?: string, slugs?: readonly string[], files?: readonly string[], copies?: Readonly<Record<string, string>> }} [where]
 *   rootDir: the repository (examples/ is in it); copies: shared file → its path from rootDir outside examples/
 */
export function syncSharedFiles(
	from,
	{ rootDir = fileURLToPath(new URL('..', import.meta.url)), slugs = APPROACH_SLUGS, files = SHARED_FILES, copies = WS_AUTH_CHECK_COPIES } = {},
) {
	if (!slugs.includes(from)) throw new Error(`Name the example you edited: npm run sync:shared -- <${slugs.join('|')}>`);
	const targets = [
		...slugs.filter((slug) => slug !== from).flatMap((to) => files.map((file) => [file, `examples/${to}/${file}`])),
		...Object.entries(copies),
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
