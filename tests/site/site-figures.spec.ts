// The committed site figures (bench/results.json, part `site`, from `npm run bench:site`) are those
// of the pages as they are built now: every built page has them, mobile and desktop, measured on
// HTML with the same hash (bench/lib/site-budget.mjs pageHash), and no figures are left for a page
// that is gone. The budget itself is checked in tests/examples/bench-results.spec.ts.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { pageHash } from '../../bench/lib/site-budget.mjs';
import { builtHtml, builtPages } from './site.ts';

const results = JSON.parse(readFileSync(new URL('../../bench/results.json', import.meta.url), 'utf8'));
const rows: Array<{ path: string; formFactor: string; contentHash: string }> = results.site?.pages ?? [];
const RERUN = 'run npm run bench:site and commit bench/results.json';

test('site figures cover exactly the built pages', () => {
	const measured = [...new Set(rows.map((row) => row.path))].sort();
	expect(measured, `pages with figures vs built pages: ${RERUN}`).toEqual(builtPages());
});

for (const path of builtPages()) {
	test(`site figures of ${path} measured the page as it is built now`, () => {
		const hash = pageHash(builtHtml(path)!);
		for (const formFactor of ['mobile', 'desktop']) {
			const row = rows.find((each) => each.path === path && each.formFactor === formFactor);
			expect(row, `${path} has no ${formFactor} figures: ${RERUN}`).toBeDefined();
			expect(row!.contentHash, `${path} changed since its ${formFactor} figures were measured: ${RERUN}`).toBe(hash);
		}
	});
}
