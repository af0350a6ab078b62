import { test } from '@playwright/test';
import { APPROACH_SLUGS } from '../../examples/approaches.mjs';
import { expectDocumentedScenarios } from './playground-page.ts';

test.describe.configure({ mode: 'parallel' });

for (const slug of APPROACH_SLUGS) {
	test(`${slug}: the playground's logs show what behavior.json documents, for every scenario it offers`, async ({ page }) => {
		test.setTimeout(180_000);
		await expectDocumentedScenarios(page, slug);
	});
}
