import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { readdirSync } from 'node:fs';
import { PlaygroundPage, REPO_ROOT } from './playground-page.ts';

// engine.io-client's own error text: present in socket.io-client's bundle and nowhere else.
const SOCKET_IO_CLIENT = 'xhr poll error';

test('a page ships the playground without socket.io-client; it loads when the playground comes into view', async ({ page }) => {
	const scripts: Array<{ url: string; bytes: number; socketIo: boolean }> = [];
	const requests: string[] = [];
	page.on('request', (request) => requests.push(new URL(request.url()).pathname));
	page.on('response', async (response) => {
		if (!/javascript/.test(response.headers()['content-type'] ?? '')) return;
		const body = await response.body().catch(() => Buffer.alloc(0));
		scripts.push({ url: new URL(response.url()).pathname, bytes: body.length, socketIo: body.includes(SOCKET_IO_CLIENT) });
	});
	await page.setViewportSize({ width: 1280, height: 720 });
	await page.goto('/approaches/guard-only/');
	const playground = new PlaygroundPage(page);
	test.skip((await playground.root.count()) === 0, 'the guard-only page has no playground yet');
	await page.waitForLoadState('networkidle');
	expect(await playground.root.evaluate((element) => element.getBoundingClientRect().top > innerHeight + 200), 'the playground starts below the fold').toBe(true);

	expect(scripts.filter((script) => script.socketIo), 'socket.io-client before the playground is in view').toEqual([]);
	expect(requests).not.toContain('/api/health');
	const before = scripts.reduce((sum, script) => sum + script.bytes, 0);
	console.log(`JavaScript before the playground is in view: ${before} bytes in ${scripts.length} files`);

	await playground.waitOnline();
	await expect.poll(() => scripts.some((script) => script.socketIo)).toBe(true);
	// Preset to the page's approach.
	await expect(playground.approach).toHaveValue('guard-only');
});

test('every approach page embeds the playground, preset to its approach', async ({ request }) => {
	const pages = readdirSync(`${REPO_ROOT}site/content/docs/approaches`)
		.filter((file) => file.endsWith('.mdx'))
		.map((file) => file.replace(/\.mdx$/, ''));
	expect(pages.length).toBeGreaterThan(0);
	for (const slug of pages) {
		const html = await (await request.get(`/approaches/${slug}/`)).text();
		expect(html, `/approaches/${slug}/`).toMatch(new RegExp(`<ws-playground[^>]*data-approach="${slug}"`));
	}
});

for (const colorScheme of ['light', 'dark'] as const) {
	test(`the playground has no accessibility violations (${colorScheme})`, async ({ page }) => {
		await page.emulateMedia({ colorScheme });
		const playground = new PlaygroundPage(page);
		await page.goto('/playground/');
		await playground.waitOnline();
		await playground.choose('guard-only', 'leak');
		await playground.play('leak');
		await expect(playground.log('visitor').locator('[data-tone="leak"]')).toHaveCount(1);
		const { violations } = await new AxeBuilder({ page }).include('ws-playground').analyze();
		expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
	});
}
