import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { APPROACH_SLUGS, WS_APPROACH_SLUGS } from '../../examples/approaches.mjs';

/**
 * The built site, served by the `preview` web server in playwright.config.ts. SITE_URL and
 * SITE_OUT_DIR point the tests at another build served elsewhere (as astro.config.mjs does for
 * the build), so two checkouts' test runs need not share one dist/.
 */
export const SITE = process.env.SITE_URL ?? 'http://127.0.0.1:4322';
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DIST = process.env.SITE_OUT_DIR ?? join(ROOT, 'dist');

/** Every page of the built site as a path ("/", "/comparison/", …), from dist/ on disk. */
export function builtPages(): string[] {
	if (!existsSync(DIST)) throw new Error('dist/ is missing: run `npm run build:site` (npm test does it in pretest)');
	const pages: string[] = [];
	const walk = (dir: string) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const path = join(dir, entry.name);
			if (entry.isDirectory() && !['_astro', 'pagefind'].includes(entry.name)) walk(path);
			else if (entry.name === 'index.html') pages.push(`/${relative(DIST, dir)}/`.replace('//', '/'));
		}
	};
	walk(DIST);
	return pages.sort();
}

/** The built HTML of a page path, or undefined when there is no such page. */
export function builtHtml(path: string): string | undefined {
	const file = join(DIST, path, 'index.html');
	return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

export function readExampleFile(slug: string, file: string): string {
	return readFileSync(join(ROOT, 'examples', slug, file), 'utf8');
}

export function readBehavior(slug: string) {
	return JSON.parse(readExampleFile(slug, 'behavior.json')) as {
		title: string;
		variants: Array<{ id: string; label: string; scenarios: Record<string, { outcomes: string[]; note?: string }> }>;
		/** The several-nodes example's scenarios across nodes: what each named client saw. */
		cluster?: { scenarios: Record<string, { observers: Record<string, string[]>; note?: string }> };
	};
}

/** The examples, each with its behaviour file, in reading order (examples/approaches.mjs reads them all). */
export function documentedExamples(): string[] {
	return [...APPROACH_SLUGS];
}

/** The plain WebSocket (@nestjs/platform-ws) examples, which the comparison page has a matrix of their own for. */
export function wsDocumentedExamples(): string[] {
	return [...WS_APPROACH_SLUGS];
}
