// The playground page with the plain WebSocket examples (@nestjs/platform-ws), against `npm start`
// (the config's webServer): the browser's own WebSocket through /live/<approach>/ws. What a `ws`
// client in Node saw is in behavior.json; a page is told less (a refused upgrade is an error and
// close code 1006, never its HTTP status), and the log must say exactly that: browserOutcomes.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { WS_APPROACH_SLUGS } from '../../examples/approaches.mjs';
import { WS_SCENARIO_IDS } from '../../examples/ws-recommended/demo/scenarios.mjs';
import { browserOutcomes } from '../../site/components/playground/log-text.ts';
import { documentedOutcomes, PlaygroundPage } from './playground-page.ts';

test.describe.configure({ mode: 'parallel' });

for (const slug of WS_APPROACH_SLUGS) {
	test(`${slug}: the log shows what a browser sees of what behavior.json documents, for every scenario the playground offers`, async ({ page }) => {
		test.setTimeout(180_000);
		const documented = documentedOutcomes(slug);
		const playground = new PlaygroundPage(page);
		await page.goto('/playground/');
		await playground.waitOnline();
		await playground.approach.selectOption(slug);
		// Every plain WebSocket scenario but `origin`, which a page cannot play (it sends its own Origin).
		expect((await playground.offeredScenarios()).sort()).toEqual(WS_SCENARIO_IDS.filter((id) => id !== 'origin').sort());
		await expect(playground.button('visitor', 'drop'), 'nothing restores a plain WebSocket').toBeHidden();

		for (const scenario of await playground.offeredScenarios()) {
			await test.step(scenario, async () => {
				await playground.choose(slug, scenario);
				await playground.play(scenario);
				const expected = browserOutcomes(documented[scenario]!);
				const message = `${slug} / ${scenario}: documented ${documented[scenario]!.join(' → ')}, so a browser sees ${expected.join(' → ')}`;
				await expect.poll(() => playground.outcomes('visitor'), { message, timeout: 10_000 }).toEqual(expected);
				// ...and nothing else arrives afterwards.
				await page.waitForTimeout(400);
				expect(await playground.outcomes('visitor'), message).toEqual(expected);
			});
		}
	});
}

test('the plain WebSocket client loads only once a plain WebSocket example is used', async ({ page }) => {
	const requests: string[] = [];
	page.on('request', (request) => requests.push(new URL(request.url()).pathname));
	const playground = new PlaygroundPage(page);
	await page.goto('/playground/');
	await playground.waitOnline();
	const plainClient = () => requests.filter((path) => /\/_astro\/plain-socket\.[\w-]+\.js$/.test(path));
	await playground.choose('ws-recommended', 'valid');
	expect(plainClient(), 'chosen, not yet used').toEqual([]);
	await expect(playground.root.locator('[data-ws-note]')).toBeVisible();
	await playground.button('alice', 'connect').click();
	await expect(playground.state('alice')).toHaveAttribute('data-state', 'connected');
	expect(plainClient()).toHaveLength(1);
	// Disconnect: the close the server answers with, 1000.
	await playground.button('alice', 'disconnect').click();
	await expect(playground.state('alice')).toHaveAttribute('data-state', 'disconnected');
	expect(await playground.outcomes('alice')).toEqual(['open', 'close:1000']);
	// Back to a socket.io example: its buttons and no plain WebSocket note.
	await playground.approach.selectOption('guard-only');
	await expect(playground.root.locator('[data-ws-note]')).toBeHidden();
	await expect(playground.button('alice', 'drop')).toBeVisible();
});

for (const colorScheme of ['light', 'dark'] as const) {
	test(`the playground with a plain WebSocket example has no accessibility violations (${colorScheme})`, async ({ page }) => {
		await page.emulateMedia({ colorScheme });
		const playground = new PlaygroundPage(page);
		await page.goto('/playground/');
		await playground.waitOnline();
		await playground.choose('ws-guard-only', 'leak');
		await playground.play('leak');
		await expect(playground.log('visitor').locator('[data-tone="leak"]')).toHaveCount(1);
		await playground.choose('ws-recommended', 'no-token');
		await playground.play('no-token');
		await expect(playground.state('visitor')).toHaveAttribute('data-state', 'refused');
		const { violations } = await new AxeBuilder({ page }).include('ws-playground').analyze();
		expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
	});
}
