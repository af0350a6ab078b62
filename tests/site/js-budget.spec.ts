// A plain guide page ships at most 10 KB of gzipped JavaScript before it is ready for the reader,
// and a page with the live playground at most 12 KB: the playground's loader and the synced tabs
// that such pages carry come on top (the playground's client itself loads on visibility or
// interaction, with import(), and is not counted).
//
// What counts: every script the browser runs before DOMContentLoaded, which is what stands between
// the reader and a working page. That is every inline script, every script the HTML loads and
// everything those import statically (a module script runs, and DOMContentLoaded fires, only once
// its whole static import graph is fetched). Each is gzipped as a server would send it.
//
// What does not count: chunks a script fetches later with import(). On a guide page that is
// Starlight's search: its module script (counted) imports Pagefind's UI (about 26 KB gzipped)
// once the browser is idle after DOMContentLoaded, so it never delays reading or the first click.
// We use Starlight's Search as it ships rather than a fork of it; those bytes are logged, not
// budgeted. A script that starts loading anything before DOMContentLoaded is counted, whatever
// the reason.
import { expect, test, type Response } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { builtHtml, builtPages, SITE } from './site.ts';

// Independent page checks: spread them over both workers.
test.describe.configure({ mode: 'parallel' });

const PLAIN_BUDGET = 10 * 1024;
const PLAYGROUND_BUDGET = 12 * 1024;
const withPlayground = (path: string) => builtHtml(path)!.includes('<ws-playground');
const guides = builtPages().filter((path) => path.startsWith('/guides/'));
const measured = builtPages().filter((path) => path.startsWith('/guides/') || withPlayground(path));

for (const path of measured) {
	const budget = withPlayground(path) ? PLAYGROUND_BUDGET : PLAIN_BUDGET;
	test(`${path} ships at most ${budget / 1024} KB of gzipped JavaScript before DOMContentLoaded`, async ({ page }) => {
		// Bodies are read only once the page has settled, and only for the responses seen by then:
		// reading each as it arrives left a late import() chunk's read pending when the test ended,
		// which fails the test with "response.body: Test ended".
		const scripts: Response[] = [];
		page.on('response', (response) => {
			if (response.request().resourceType() === 'script') scripts.push(response);
		});
		await page.goto(SITE + path, { waitUntil: 'networkidle' });
		// Under load the navigation entry can still read 0 for DOMContentLoaded here, which would
		// put every script on the "later" side: wait until the page's clock has it.
		await page.waitForFunction(() => (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined)?.domContentLoadedEventEnd! > 0);
		// Which scripts the browser requested before DOMContentLoaded, on the page's own clock.
		const early = new Set(
			await page.evaluate(() => {
				const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
				return performance
					.getEntriesByType('resource')
					.filter((entry) => entry.startTime < navigation.domContentLoadedEventStart)
					.map((entry) => entry.name);
			}),
		);
		const inline = await page.locator('script:not([src])').evaluateAll((scripts: HTMLScriptElement[]) =>
			scripts
				.filter((script) => !script.type || script.type === 'module' || script.type === 'text/javascript')
				.map((script) => script.textContent ?? ''),
		);
		const files = await Promise.all(
			scripts.map(async (response) => ({ url: response.url(), bytes: gzipSync(await response.body(), { level: 9 }).length })),
		);
		const sum = (list: Array<{ bytes: number }>) => list.reduce((total, file) => total + file.bytes, 0);
		const counted = files.filter((file) => early.has(file.url));
		const later = files.filter((file) => !early.has(file.url));
		const total = sum(counted) + inline.reduce((sum, code) => sum + gzipSync(code, { level: 9 }).length, 0);
		console.log(
			`${path}: ${total} B of gzipped JS before DOMContentLoaded (${counted.length} files, ${inline.length} inline scripts); ` +
				`${sum(later)} B imported later, not counted (${later.map((file) => new URL(file.url).pathname).join(', ') || 'none'})`,
		);
		expect(counted.length, 'the page loads its scripts').toBeGreaterThan(0);
		expect(total).toBeLessThanOrEqual(budget);
	});
}

test('there are plain guide pages and pages with the playground to measure', () => {
	expect(guides.filter((path) => !withPlayground(path)).length).toBeGreaterThan(0);
	expect(measured.filter(withPlayground).length).toBeGreaterThan(0);
});
