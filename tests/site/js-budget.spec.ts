// A plain guide page ships at most 10 KB of gzipped JavaScript before the reader interacts:
// every script the page loads (external and inline), each gzipped as a server would send it.
import { expect, test } from '@playwright/test';
import { gzipSync } from 'node:zlib';
import { builtPages, SITE } from './site.ts';

// Independent page checks: spread them over both workers.
test.describe.configure({ mode: 'parallel' });

const BUDGET = 10 * 1024;
const guides = builtPages().filter((path) => path.startsWith('/guides/'));

for (const path of guides) {
	test(`${path} ships at most 10 KB of gzipped JavaScript before interaction`, async ({ page }) => {
		const external: Array<Promise<{ url: string; bytes: number }>> = [];
		page.on('response', (response) => {
			if (response.request().resourceType() !== 'script') return;
			external.push(response.body().then((body) => ({ url: response.url(), bytes: gzipSync(body, { level: 9 }).length })));
		});
		await page.goto(SITE + path, { waitUntil: 'networkidle' });
		const inline = await page.locator('script:not([src])').evaluateAll((scripts) =>
			scripts
				.filter((script) => !script.type || script.type === 'module' || script.type === 'text/javascript')
				.map((script) => script.textContent ?? ''),
		);
		const files = await Promise.all(external);
		const total =
			files.reduce((sum, file) => sum + file.bytes, 0) +
			inline.reduce((sum, code) => sum + gzipSync(code, { level: 9 }).length, 0);
		console.log(`${path}: ${total} B of gzipped JS (${files.length} files, ${inline.length} inline scripts)`);
		expect(total).toBeLessThanOrEqual(BUDGET);
	});
}

test('there are guide pages to measure', () => {
	expect(guides.length).toBeGreaterThan(0);
});
