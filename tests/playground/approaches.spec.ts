import { expect, test } from '@playwright/test';
import { APPROACH_SLUGS } from '../../examples/approaches.mjs';
import { PLANS } from '../../site/components/playground/scenario-plans.ts';
import { PlaygroundPage, documentedOutcomes } from './playground-page.ts';

test.describe.configure({ mode: 'parallel' });

for (const slug of APPROACH_SLUGS) {
	test(`${slug}: the playground's logs show what behavior.json documents, for every scenario it offers`, async ({ page }) => {
		test.setTimeout(180_000);
		const documented = documentedOutcomes(slug);
		const playground = new PlaygroundPage(page);
		await page.goto('/playground/');
		await playground.waitOnline();
		await playground.approach.selectOption(slug);

		const offered = await playground.offeredScenarios();
		// Every documented scenario the playground knows how to play is offered, and nothing else.
		expect(offered).toEqual(Object.keys(documented).filter((id) => PLANS[id]));
		expect(Object.keys(documented).filter((id) => !PLANS[id]), 'documented scenarios without a plan').toEqual([]);

		for (const scenario of offered) {
			await test.step(scenario, async () => {
				await playground.choose(slug, scenario);
				await playground.play(scenario);
				const expected = documented[scenario]!;
				const message = `${slug} / ${scenario}: documented ${expected.join(' → ')}`;
				await expect.poll(() => playground.outcomes('visitor'), { message, timeout: 10_000 }).toEqual(expected);
				// ...and nothing else arrives afterwards.
				await page.waitForTimeout(400);
				expect(await playground.outcomes('visitor'), message).toEqual(expected);
			});
		}
	});
}
