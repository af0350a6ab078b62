import { expect, test } from '@playwright/test';
import { SITE } from '../site/site.ts';
import { PlaygroundPage } from './playground-page.ts';

// The built site on a plain static host (Astro's preview server, started by the test config):
// no playground server behind it.
test('served statically, the playground says its server is not running and shows the command', async ({ page }) => {
	// The offline state is a normal state of the page, not a failure: nothing in the console and
	// no failed request (the page asks /playground-server.json, which the site ships: a 200 here).
	const console: string[] = [];
	page.on('console', (message) => {
		if (message.type() === 'error' || message.type() === 'warning') console.push(`${message.type()}: ${message.text()} (${message.location().url})`);
	});
	page.on('response', (response) => {
		if (response.status() >= 400) console.push(`${response.status()} ${response.url()}`);
	});
	page.on('pageerror', (error) => console.push(`uncaught: ${error.message}`));

	const playground = new PlaygroundPage(page);
	await page.goto(`${SITE}/playground/`);
	await playground.root.scrollIntoViewIfNeeded();
	await expect(playground.root).toHaveAttribute('data-online', 'false');
	await expect(playground.root.getByRole('status')).toContainText('without the playground server');
	await expect(playground.root.getByText('The playground server is not running')).toBeVisible();
	await expect(playground.root.locator('[data-offline] pre')).toContainText('npm start');
	for (const id of ['alice', 'visitor'] as const) await expect(playground.button(id, 'connect')).toBeDisabled();

	await page.waitForLoadState('networkidle');
	expect(console, 'console errors, warnings and failed requests on the offline playground').toEqual([]);
});
