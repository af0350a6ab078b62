import { expect, test } from '@playwright/test';
import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { staticFiles } from '../../playground-server/src/static-files.ts';
import { PlaygroundPage, REPO_ROOT } from './playground-page.ts';

/** The built site on a plain static host: no playground server behind it. */
let host: Server;
let base: string;

test.beforeAll(async () => {
	const siteDir = process.env.PLAYGROUND_SITE_DIR ?? `${REPO_ROOT}dist`;
	expect(existsSync(`${siteDir}/playground/index.html`), 'the site is built (npm run build:site)').toBe(true);
	const serve = staticFiles(siteDir);
	host = createServer((req, res) => {
		void serve(req, res, new URL(req.url ?? '/', 'http://static.invalid').pathname).then((served) => {
			if (!served) res.writeHead(404).end();
		});
	});
	await new Promise<void>((resolve) => host.listen(0, '127.0.0.1', resolve));
	base = `http://127.0.0.1:${(host.address() as AddressInfo).port}`;
});

test.afterAll(() => new Promise<void>((resolve) => host.close(() => resolve())));

test('served statically, the playground says its server is not running and shows the command', async ({ page }) => {
	const playground = new PlaygroundPage(page);
	await page.goto(`${base}/playground/`);
	await playground.root.scrollIntoViewIfNeeded();
	await expect(playground.root).toHaveAttribute('data-online', 'false');
	await expect(playground.root.getByRole('status')).toContainText('without the playground server');
	await expect(playground.root.getByText('The playground server is not running')).toBeVisible();
	await expect(playground.root.locator('pre')).toContainText('npm start');
	for (const id of ['alice', 'visitor'] as const) await expect(playground.button(id, 'connect')).toBeDisabled();
});
