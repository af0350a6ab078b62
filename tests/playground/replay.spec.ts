// The replay scenarios on the playground page, against `npm start` (the config's webServer):
// Alice's dropped session, replayed by the second client with the pid and offset her client
// shows. socket.io writes a restored session's missed packets before it answers CONNECT, and
// socket.io-client never reports them on a refusal; the playground's log reads them on the
// wire. approaches.spec.ts compares every scenario's outcomes with behavior.json; this file
// checks what only the replays have: the session shown and sent, the wire lines and their order.
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { APPROACH_SLUGS } from '../../examples/approaches.mjs';
import { TEXTS } from '../../examples/recommended/demo/scenario-facts.mjs';
import { documentedOutcomes, PlaygroundPage } from './playground-page.ts';

test.describe.configure({ mode: 'parallel' });

/** Expired and another user's token: the ones a leak is made of. Alice's own, with a fresh token: what recovery is for. */
const PLAYED = ['replay-expired', 'replay-other-user', 'recovery-fresh'];

const isWire = (raw: string) => raw.startsWith('wire:');
const isAnswer = (raw: string) => raw === 'connected' || raw.startsWith('connect_error:');

for (const slug of APPROACH_SLUGS) {
	test(`${slug}: replaying Alice's dropped session, the second client's log shows what reaches it on the wire before it is connected or refused`, async ({ page }) => {
		test.setTimeout(120_000);
		const documented = documentedOutcomes(slug);
		const playground = new PlaygroundPage(page);
		await page.goto('/playground/');
		await playground.waitOnline();

		for (const scenario of PLAYED) {
			await test.step(scenario, async () => {
				const expected = documented[scenario];
				expect(expected, `${slug}/behavior.json documents ${scenario}`).toBeDefined();
				await playground.choose(slug, scenario);
				await playground.play(scenario);

				// Alice received Bob's first message, which gave her the offset, and not the second.
				expect(await playground.outcomes('alice')).toEqual(['connected', `message:${JSON.stringify({ from: 'Bob', text: TEXTS.beforeDrop })}`, 'disconnect:forced close']);
				// What her client shows is what the second client sent.
				const [pid, offset] = await playground.client('alice').locator('[data-session] code').allTextContents();
				expect(pid, "Alice's pid, shown under her").toBeTruthy();
				expect(offset, "Alice's offset, shown under her").toBeTruthy();
				await expect(playground.log('visitor')).toContainText(`Replaying Alice’s session: pid ${pid}, offset ${offset}.`);

				const message = `${slug} / ${scenario}: documented ${expected!.join(' → ')}`;
				await expect.poll(() => playground.outcomes('visitor'), { message, timeout: 10_000 }).toEqual(expected);
				// Each wire line is labelled as such, and comes before the connect or refusal it preceded on the wire.
				const entries = await playground
					.log('visitor')
					.locator('[data-outcome]')
					.evaluateAll((elements) => elements.map((element) => ({ raw: (element as HTMLElement).dataset.outcome!, text: element.textContent! })));
				const answer = entries.findIndex(({ raw }) => isAnswer(raw));
				expect(answer, `${message}: connected or refused`).toBeGreaterThanOrEqual(0);
				const wire = entries.filter(({ raw }) => isWire(raw));
				expect(wire.length > 0, message).toBe(expected!.some(isWire));
				for (const line of wire) {
					expect(entries.indexOf(line), `${line.raw} before ${entries[answer]!.raw}`).toBeLessThan(answer);
					expect(line.text).toContain('on the wire before connect: Bob’s message');
				}
				// Where the second client is refused, nothing at all reached it first.
				if (expected![0]!.startsWith('connect_error:')) expect(entries[0]!.raw, message).toMatch(/^connect_error:/);
			});
		}
	});
}

test('the second client replays nothing until Alice has left a session, and says what to do first', async ({ page }) => {
	const playground = new PlaygroundPage(page);
	await page.goto('/playground/');
	await playground.waitOnline();
	await playground.choose('middleware', 'replay-no-token');
	// On one node, Bob writes to Alice's room; revoking is for several nodes.
	await expect(playground.button('bob', 'send')).toBeVisible();
	await expect(playground.client('bob').locator('button[data-action="revoke"]')).toBeHidden();
	const missing = async (text: string) => {
		await playground.button('visitor', 'connect').click();
		await expect(playground.log('visitor').locator('.pg-entry').last()).toContainText(text);
		await expect(playground.state('visitor')).toHaveAttribute('data-state', 'idle');
	};
	await missing('Alice has no session yet');
	await playground.button('alice', 'connect').click();
	await expect(playground.state('alice')).toHaveAttribute('data-state', 'connected');
	await missing('Alice’s session has no offset yet');
	await playground.button('bob', 'send').click();
	await expect.poll(() => playground.outcomes('alice')).toContain(`message:${JSON.stringify({ from: 'Bob', text: TEXTS.beforeDrop })}`);
	await missing('Alice’s connection has not dropped');
	// Nothing was sent: no token was asked for, no connection made.
	expect(await playground.outcomes('visitor')).toEqual([]);

	// Bob is there for the replay scenarios only, on an example that runs on one node.
	await playground.choose('middleware', 'leak');
	await expect(playground.client('bob')).toBeHidden();
	await expect(playground.client('alice').locator('[data-session]')).toBeHidden();
});

test('the playground has no accessibility violations after a replay', async ({ page }) => {
	const playground = new PlaygroundPage(page);
	await page.goto('/playground/');
	await playground.waitOnline();
	await playground.choose('guard-only', 'replay-no-token');
	await playground.play('replay-no-token');
	await expect(playground.log('visitor').locator('[data-tone="leak"]').first()).toContainText('on the wire before connect');
	const { violations } = await new AxeBuilder({ page }).include('ws-playground').analyze();
	expect(violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
});
