import { expect, test } from '@playwright/test';
import { SITE } from '../site/site.ts';
import { PlaygroundPage } from './playground-page.ts';

// The built site on a plain static host (Astro's preview server, started by the test config):
// no playground server behind it.
test('served statically, the playground says its server is not running and shows the command', async ({ page }) => {
	const playground = new PlaygroundPage(page);
	await page.goto(`${SITE}/playground/`);
	await playground.root.scrollIntoViewIfNeeded();
	await expect(playground.root).toHaveAttribute('data-online', 'false');
	await expect(playground.root.getByRole('status')).toContainText('without the playground server');
	await expect(playground.root.getByText('The playground server is not running')).toBeVisible();
	await expect(playground.root.locator('pre')).toContainText('npm start');
	for (const id of ['alice', 'visitor'] as const) await expect(playground.button(id, 'connect')).toBeDisabled();
});
