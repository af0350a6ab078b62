// Pagefind search, built with the site, finds the API names readers look for.
import { expect, test } from '@playwright/test';
import { SITE } from './site.ts';

for (const term of ['allowRequest', 'handleConnection']) {
	test(`search finds ${term}`, async ({ page }) => {
		await page.goto(SITE + '/');
		await page.getByRole('button', { name: 'Search' }).click();
		const dialog = page.getByRole('dialog', { name: 'Search' });
		await dialog.getByRole('textbox').fill(term);
		const results = dialog.locator('.pagefind-ui__result');
		await expect(results.first()).toBeVisible();
		await expect(results.first()).toContainText(term);
	});
}
