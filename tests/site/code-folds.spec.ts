// Long code blocks fold to the lines that matter (site/lib/code-folds.ts), the folded lines kept
// out of the DOM until opened (site/lib/lazy-folds.mjs). Checked in a browser on every built page
// with folds: before, the folded lines are not elements; after opening every fold, the block shows
// exactly what its copy button copies, line for line, so nothing is lost or reordered.
import { expect, test } from '@playwright/test';
import { builtHtml, builtPages, SITE } from './site.ts';

test.describe.configure({ mode: 'parallel' });

const pagesWithFolds = builtPages().filter((path) => builtHtml(path)!.includes('class="ec-section'));

test('some pages fold their code', () => {
	expect(pagesWithFolds.length).toBeGreaterThan(0);
});

/** Each block's shown lines (not the folds' summaries) and what its copy button copies. */
const readBlocks = (frames: Element[]) =>
	frames.map((frame) => ({
		title: frame.querySelector('figcaption .title')?.textContent ?? '(untitled)',
		shown: [...frame.querySelectorAll('.ec-line:not(summary .ec-line) .code')].map((line) => (line.textContent === '\n' ? '' : line.textContent)),
		copied: frame.querySelector('button[data-code]')!.getAttribute('data-code')!.replaceAll('\u007f', '\n').split('\n'),
		closed: frame.querySelectorAll('details.ec-section:not([open])').length,
		waiting: frame.querySelectorAll('details.ec-section > script[type="text/html"]').length,
	}));

for (const path of pagesWithFolds) {
	test(`folded code on ${path} opens to the whole block`, async ({ page }) => {
		await page.goto(SITE + path);
		const frames = page.locator('.expressive-code:has(details.ec-section)');
		const before = await frames.evaluateAll(readBlocks);
		expect(before.length).toBeGreaterThan(0);
		for (const block of before) {
			expect(block.closed, block.title).toBeGreaterThan(0);
			expect(block.waiting, `${block.title}: every closed fold keeps its lines as text`).toBe(block.closed);
			expect(block.shown.length, `${block.title}: folded lines are not in the DOM`).toBeLessThan(block.copied.length);
		}

		// Open every fold as a reader does, with the keyboard (a summary is a button to assistive
		// technology); a fold inside a tab panel that is not shown is opened with a click on its tab first.
		for (let i = 0; i < before.length; i++) {
			const frame = frames.nth(i);
			const panel = frame.locator('xpath=ancestor::*[@role="tabpanel"][1]');
			if ((await panel.count()) && !(await panel.isVisible())) {
				const id = await panel.getAttribute('aria-labelledby');
				await page.locator(`[id="${id}"]`).click();
			}
			const summaries = frame.locator('details.ec-section:not([open]) > summary');
			while (await summaries.count()) {
				await summaries.first().focus();
				await page.keyboard.press('Enter');
			}
		}

		// A fold's lines go in on its `toggle` event, which the browser fires in a task after the
		// fold opens: the last one may still be on its way.
		await expect.poll(async () => (await frames.evaluateAll(readBlocks)).reduce((sum, block) => sum + block.waiting, 0)).toBe(0);
		const after = await frames.evaluateAll(readBlocks);
		for (const block of after) {
			expect(block.closed, block.title).toBe(0);
			expect(block.shown, `${block.title}: opened, it shows what its copy button copies`).toEqual(block.copied);
		}
	});
}
