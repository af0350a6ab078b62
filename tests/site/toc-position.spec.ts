// On a wide screen Starlight's table of contents is on the right of the page's content, though it
// comes first in the HTML. A browser may paint before the content has arrived; the table of
// contents must already be where it ends up then, or it jumps across the page (a layout shift of
// 0.42 that Lighthouse caught now and then on desktop). custom.css gives it an auto start margin.
import { expect, test } from '@playwright/test';
import { SITE } from './site.ts';

test.use({ viewport: { width: 1350, height: 940 } });

for (const path of ['/approaches/recommended/', '/guides/several-nodes/']) {
	test(`${path}: the table of contents is on the right before the content has arrived`, async ({ page }) => {
		await page.goto(SITE + path);
		const { withContent, beforeContent } = await page.evaluate(() => {
			const toc = document.querySelector('.right-sidebar-container')!;
			const withContent = toc.getBoundingClientRect().left;
			// What a paint between the two parts of the HTML sees: no content pane yet.
			document.querySelector('.main-pane')!.remove();
			return { withContent, beforeContent: toc.getBoundingClientRect().left };
		});
		expect(withContent).toBeGreaterThan(1350 / 2);
		expect(beforeContent).toBe(withContent);
	});
}
