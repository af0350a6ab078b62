// Which pages carry an "Add it to your app" section: exactly the ones tests/readers-app/ pastes
// into a reader's app, so a page cannot offer code to copy that no test has compiled and run.
import { expect, test } from '@playwright/test';
import { APPROACH_SLUGS } from '../../examples/approaches.mjs';
import { COPYABLE_APPROACHES, installCommand, NESTJS_MAJORS } from '../../site/lib/readers-app.ts';
import { readersAppVersions } from '../../site/lib/versions.ts';
import { ROOT, SITE } from './site.ts';

for (const slug of APPROACH_SLUGS) {
	const copyable = (COPYABLE_APPROACHES as readonly string[]).includes(slug);
	test(`/approaches/${slug}/ ${copyable ? 'has' : 'has no'} "Add it to your app" section`, async ({ page }) => {
		await page.goto(`${SITE}/approaches/${slug}/`);
		const heading = page.locator('h2#add-it-to-your-app');
		const files = page.locator('[data-app-file]');
		if (!copyable) {
			await expect(heading).toHaveCount(0);
			await expect(files).toHaveCount(0);
			return;
		}
		await expect(heading).toHaveText('Add it to your app');
		expect(await files.count()).toBeGreaterThan(0);
		// One tab per NestJS major, each with its own install command; choosing one shows it.
		for (const major of NESTJS_MAJORS) {
			await page.getByRole('tab', { name: `NestJS ${major}` }).click();
			await expect(page.locator(`[data-app-install][data-nestjs="${major}"]`)).toBeVisible();
			await expect(page.locator(`[data-app-install][data-nestjs="${major}"] pre`)).toHaveText(installCommand(major));
			const core = readersAppVersions(major, ROOT).find(({ name }) => name === '@nestjs/core')!.version;
			await expect(page.locator('[data-tested-with]')).toContainText(core);
		}
	});
}
