// The site's speed budget, and what ties a page's figures to the page they were measured on.
// bench/site.mjs checks every run against the budget; the tests check that the committed figures
// meet it and are those of the pages as they are built now; the cost page shows both.
import { createHash } from 'node:crypto';

/** Per page and form factor. Performance holds for every Lighthouse run, not only the median one. */
export const SITE_BUDGET = {
	/** Lighthouse performance score, 0-100, in every run. */
	performance: 95,
	/** Total blocking time of the kept run, in ms. */
	tbtMs: 200,
	/** The page's built HTML, gzipped. */
	htmlGzipBytes: 150 * 1024,
	/** Elements in the page's DOM once loaded (Lighthouse's DOM size insight). */
	domElements: 3000,
};

// The cost page shows the site's figures, which a run of the bench rewrites: that part of the page
// is left out of its hash (site/components/cost/SiteFigures.astro marks it), or every run would
// make the figures of /cost/ out of date at once.
const FIGURES = /<div data-site-figures(?:="")?>[\s\S]*?<div data-site-figures-end(?:="")?><\/div><\/div>/g;

/**
 * What the figures of a page were measured on: a SHA-256 of its built HTML, which names every
 * stylesheet and script it loads by their content-hashed file names, so a change to any of them
 * changes it too. The site's own figures are left out.
 */
export function pageHash(html) {
	const marked = html.match(FIGURES)?.length ?? 0;
	if (marked === 0 && html.includes('data-site-figures')) throw new Error('pageHash: a data-site-figures block without its end marker');
	return createHash('sha256').update(html.replace(FIGURES, '')).digest('hex').slice(0, 16);
}

/**
 * Why a page's figures are over budget, one sentence each; none when within it.
 * @param {{ path: string, formFactor: string, performanceRuns?: number[], tbtMs: number, htmlGzipBytes?: number, domElements?: number | null }} row
 */
export function overBudget(row) {
	const at = `${row.path} (${row.formFactor})`;
	const problems = [];
	const worst = row.performanceRuns?.length ? Math.min(...row.performanceRuns) : Number.NaN;
	if (!(worst >= SITE_BUDGET.performance)) problems.push(`${at}: performance ${(row.performanceRuns ?? []).join(', ')} (every run must be at least ${SITE_BUDGET.performance})`);
	if (!(row.tbtMs <= SITE_BUDGET.tbtMs)) problems.push(`${at}: total blocking time ${row.tbtMs} ms (at most ${SITE_BUDGET.tbtMs})`);
	if (!((row.htmlGzipBytes ?? Number.NaN) <= SITE_BUDGET.htmlGzipBytes)) problems.push(`${at}: HTML ${((row.htmlGzipBytes ?? Number.NaN) / 1024).toFixed(1)} KB gzipped (at most ${SITE_BUDGET.htmlGzipBytes / 1024})`);
	if (!((row.domElements ?? Number.NaN) <= SITE_BUDGET.domElements)) problems.push(`${at}: ${row.domElements} DOM elements (at most ${SITE_BUDGET.domElements})`);
	return problems;
}
