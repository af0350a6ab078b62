import { expect, test, type Locator, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SETTLE_MS } from '../../examples/recommended/demo/scenario-facts.mjs';
import { BUTTONS, PLANS, playsBob, type Action, type ClientId, type Step } from '../../site/components/playground/scenario-plans.ts';

const CLIENT_HEADINGS: Record<ClientId, string> = { alice: 'Alice', visitor: 'Second client', bob: 'Bob (admin)' };

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The default variant's documented outcomes of one example: what the playground runs. */
export function documentedOutcomes(slug: string): Record<string, string[]> {
	const behavior = JSON.parse(readFileSync(`${REPO_ROOT}examples/${slug}/behavior.json`, 'utf8'));
	return Object.fromEntries(Object.entries(behavior.variants[0].scenarios).map(([id, s]) => [id, (s as { outcomes: string[] }).outcomes]));
}

/** The playground on a page, driven as a reader drives it: labels, roles and buttons. */
export class PlaygroundPage {
	readonly page: Page;
	readonly root: Locator;
	readonly approach: Locator;
	readonly scenario: Locator;

	constructor(page: Page) {
		this.page = page;
		this.root = page.locator('ws-playground').first();
		this.approach = this.root.getByLabel('Approach');
		this.scenario = this.root.getByLabel('Scenario');
	}

	/** A client's part of the playground, by its heading (which names its node on a cluster: "Alice on node A"). */
	client(id: ClientId): Locator {
		return this.root.getByRole('region', { name: CLIENT_HEADINGS[id] });
	}

	button(id: ClientId, action: Action): Locator {
		return this.client(id).getByRole('button', { name: BUTTONS[action], exact: true });
	}

	log(id: ClientId): Locator {
		return this.client(id).getByRole('log');
	}

	state(id: ClientId): Locator {
		return this.client(id).locator('[data-state]');
	}

	async waitOnline() {
		await this.root.scrollIntoViewIfNeeded();
		await expect(this.root).toHaveAttribute('data-online', 'true');
	}

	async choose(approach: string, scenario: string) {
		await this.approach.selectOption(approach);
		await this.scenario.selectOption(scenario);
		await expect(this.log('visitor').locator('.pg-entry')).toHaveCount(0);
	}

	/** Scenario ids the scenario list offers for the selected approach. */
	async offeredScenarios(): Promise<string[]> {
		return this.scenario.locator('option:not([disabled])').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
	}

	/** What a client's log recorded, each outcome once, in the order first seen (as runScenario does). */
	async outcomes(id: ClientId): Promise<string[]> {
		const all = await this.log(id)
			.locator('[data-outcome]')
			.evaluateAll((entries) => entries.map((entry) => (entry as HTMLElement).dataset.outcome!));
		return [...new Set(all)];
	}

	/** Presses the buttons of a scenario's plan, waiting for each to take effect. */
	async play(scenario: string) {
		for (const step of PLANS[scenario]!.steps) await this.step(step);
		// Acknowledgements still on their way (they time out after 1 s); Bob's where he acts.
		const clients: ClientId[] = playsBob(PLANS[scenario]!) ? ['alice', 'visitor', 'bob'] : ['alice', 'visitor'];
		for (const id of clients) await expect(this.log(id)).toHaveAttribute('data-pending', '0');
	}

	private async step(step: Step) {
		if ('waitFor' in step) {
			if (step.waitFor === 'token-expired') {
				await expect(this.client('visitor')).toHaveAttribute('data-token-expired', 'true', { timeout: 15_000 });
			} else {
				await expect(this.state('visitor')).not.toHaveAttribute('data-state', /^(idle|token|connecting|retrying)$/, { timeout: 10_000 });
				await this.page.waitForTimeout(step.settleMs);
			}
			return;
		}
		if ('watchMs' in step) {
			await this.page.waitForTimeout(step.watchMs);
			return;
		}
		if (step.onlyIfConnected && (await this.state(step.client).getAttribute('data-state')) !== 'connected') return;
		await this.button(step.client, step.press).click();
		if (step.press === 'connect') {
			// Connected, refused, or given up: anything but still on its way.
			await expect(this.state(step.client)).not.toHaveAttribute('data-state', /^(idle|token|connecting)$/, { timeout: 10_000 });
		}
		// Bob's presses are pending until his message is acknowledged, his connection included.
		await expect(this.log(step.client)).toHaveAttribute('data-pending', '0');
		// As runScenario does before the next step: handleConnection gets to join its room. Around
		// Alice's drop, as long as replay() waits: the server sees the transport close and keeps
		// her session, and with a Redis adapter a message reaches the stream after its ack.
		await this.page.waitForTimeout(step.client === 'bob' || (step.client === 'alice' && step.press === 'drop') ? SETTLE_MS : 100);
	}
}

/**
 * Plays, on the playground page, every scenario the playground offers for an example, and
 * compares what the second client's log shows with the default variant's behavior.json.
 */
export async function expectDocumentedScenarios(page: Page, slug: string) {
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
}
