/**
 * The StackBlitz project of an example, built at site build time from the example folder on
 * disk: the files git tracks there (plus new files not yet committed, never ignored ones such
 * as dist/ and node_modules/). It is never a copy, so it cannot drift from the tested code.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface StackBlitzProject {
	title: string;
	description: string;
	template: 'node';
	files: Record<string, string>;
}

/** The repository root: Astro runs from it (`npm run build`). */
const root = process.cwd();

/** Paths relative to examples/<slug>/, sorted. Shared with the tests, so both list the same files. */
export function exampleFileList(slug: string, cwd = root): string[] {
	const dir = `examples/${slug}`;
	const output = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', dir], {
		cwd,
		encoding: 'utf8',
	});
	const files = [...new Set(output.split('\0').filter(Boolean))].map((path) => path.slice(dir.length + 1)).sort();
	if (files.length === 0) throw new Error(`${dir} has no files: is this a git checkout?`);
	return files;
}

/** Where the site serves an example's project, as JSON (site/pages/stackblitz/[example].json.ts). */
export const stackBlitzProjectUrl = (slug: string) => `/stackblitz/${slug}.json`;

export function stackBlitzProject(slug: string, title: string): StackBlitzProject {
	const dir = join(root, 'examples', slug);
	const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
	const files = Object.fromEntries(exampleFileList(slug).map((file) => [file, readFileSync(join(dir, file), 'utf8')]));
	return {
		title: `NestJS WebSocket auth: ${title}`,
		description: pkg.description ?? '',
		template: 'node',
		files,
	};
}
