// The "Check your own gateway" page: its scenario table is ws-auth-check's own list, and each run
// it shows is the command site/lib/check-runs.ts gives with the output file the CLI test keeps.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { CHECKED_EXAMPLES, checkCommand } from '../../site/lib/check-runs.ts';
import { SCENARIOS } from '../../ws-auth-check/src/facts.mjs';
import { ROOT, SITE } from './site.ts';

const PATH = '/guides/check-your-gateway/';

test('the scenario table lists what the CLI checks, each linked to the page about the fix', async ({ page }) => {
	await page.goto(SITE + PATH);
	const rows = page.locator('table.check-scenarios tbody tr');
	await expect(rows).toHaveCount(SCENARIOS.length);
	for (const [index, { id, question, why, page: fix }] of SCENARIOS.entries()) {
		const row = rows.nth(index);
		await expect(row).toHaveAttribute('data-scenario', id);
		await expect(row.locator('td').nth(0)).toHaveText(question);
		await expect(row.locator('td').nth(1)).toHaveText(why);
		await expect(row.locator('td a')).toHaveAttribute('href', fix);
	}
});

test('each run shows the command and the CLI\'s recorded output', async ({ page }) => {
	await page.goto(SITE + PATH);
	for (const example of CHECKED_EXAMPLES) {
		const run = page.locator(`[data-check-run="${example}"]`);
		const [command, output] = await run.locator('button[data-code]').evaluateAll((buttons) =>
			buttons.map((button) => button.getAttribute('data-code')!.replace(/\u007f/g, '\n')),
		);
		expect(command).toBe(checkCommand());
		expect(output).toBe(readFileSync(`${ROOT}site/check-output/${example}.txt`, 'utf8').replace(/\n+$/, ''));
	}
});
