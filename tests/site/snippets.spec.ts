// Every code block taken from an example shows exactly its region of the file on disk.
import { expect, test } from '@playwright/test';
import { extractRegion, withoutMarkers } from '../../site/lib/regions.ts';
import { builtHtml, builtPages, readExampleFile, SITE } from './site.ts';

// Independent page checks: spread them over both workers.
test.describe.configure({ mode: 'parallel' });

const pagesWithSnippets = builtPages().filter((path) => builtHtml(path)!.includes('data-snippet-file'));

for (const path of pagesWithSnippets) {
	test(`snippets on ${path} equal their regions on disk`, async ({ page }) => {
		await page.goto(SITE + path);
		const snippets = await page.locator('.snippet').evaluateAll((elements) =>
			elements.map((element) => ({
				example: element.getAttribute('data-snippet-example')!,
				file: element.getAttribute('data-snippet-file')!,
				region: element.getAttribute('data-snippet-region') || undefined,
				// Expressive Code's copy button holds the block's code, lines joined by U+007F.
				code: element.querySelector('button[data-code]')!.getAttribute('data-code')!.replaceAll('\u007f', '\n'),
			})),
		);
		for (const { example, file, region, code } of snippets) {
			const source = readExampleFile(example, file);
			// Expressive Code shows each tab as two spaces; every other character is the file's.
			const expected = (region ? extractRegion(source, region) : withoutMarkers(source)).replaceAll('\t', '  ');
			expect(code, `examples/${example}/${file}${region ? ` #${region}` : ''}`).toBe(expected);
		}
		expect(snippets.length).toBeGreaterThan(0);
	});
}
