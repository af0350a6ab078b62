// Zero axe violations on every page, in both colour themes.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { builtPages, SITE } from './site.ts';

// Independent page checks: spread them over both workers.
test.describe.configure({ mode: 'parallel' });

for (const theme of ['light', 'dark'] as const) {
	for (const path of builtPages()) {
		test(`${path} has no accessibility violations (${theme})`, async ({ page }) => {
			// Starlight reads the theme from localStorage before the first paint.
			await page.addInitScript((value) => localStorage.setItem('starlight-theme', value), theme);
			await page.goto(SITE + path, { waitUntil: 'networkidle' });
			await expect(page.locator('html')).toHaveAttribute('data-theme', theme);
			const { violations } = await new AxeBuilder({ page })
				.withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'])
				.analyze();
			const summary = violations.map((v) => `${v.id}: ${v.help}\n  ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join('\n  ')}`);
			expect(summary).toEqual([]);
		});
	}
}
