/**
 * The folder a copyable page has the reader create (`src/ws-auth/`), as one zip built at site
 * build time from the example's files on disk, the ones the tests run, as the page shows them:
 * every file of the example's `src/ws-auth/` except those another page adds. tests/readers-app checks that the zip
 * holds exactly the files the page shows. Plain TypeScript: the tests import it too.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { withoutMarkers } from './regions';

export const FOLDER = 'src/ws-auth';

/** The pages' examples that offer their folder as a zip, and the files another page adds. */
export const FOLDER_DOWNLOADS: Record<string, { addedElsewhere: string[] }> = {
	recommended: { addedElsewhere: ['cookie-token.ts'] },
	'io-adapter': { addedElsewhere: ['pitfall-adapters.ts'] },
	middleware: { addedElsewhere: [] },
	'ws-recommended': { addedElsewhere: [] },
};

/** Where the page links to the zip of `example`'s folder. */
export function folderDownload(example: string): string {
	if (!(example in FOLDER_DOWNLOADS)) throw new Error(`no folder download for ${example}`);
	return `/downloads/${example}-ws-auth.zip`;
}

/**
 * The folder's files (paths in the reader's app) and their text as the page's copy buttons give
 * it: without region markers, and with tabs as two spaces (Expressive Code's tabWidth).
 */
export function folderFiles(example: string, root = process.cwd()): Array<{ path: string; text: string }> {
	const dir = join(root, 'examples', example, FOLDER);
	return readdirSync(dir)
		.filter((name) => name.endsWith('.ts') && !FOLDER_DOWNLOADS[example].addedElsewhere.includes(name))
		.sort()
		.map((name) => ({ path: `${FOLDER}/${name}`, text: withoutMarkers(readFileSync(join(dir, name), 'utf8'), join(dir, name)).replace(/\t/g, '  ') }));
}

/** The zip: the folder's files under `src/ws-auth/`, with a fixed date so that a build is reproducible. */
export function folderZip(example: string, root = process.cwd()): Uint8Array {
	const mtime = new Date('2026-01-01T00:00:00Z');
	return zipSync(Object.fromEntries(folderFiles(example, root).map(({ path, text }) => [path, [strToU8(text), { mtime }]])));
}
