// Which pages carry an "Add it to your app" section: exactly the ones tests/readers-app/ pastes
// into a reader's app, so a page cannot offer code to copy that no test has compiled and run.
import { expect, test } from '@playwright/test';
import { strFromU8, unzipSync } from 'fflate';
import { FOLDER, FOLDER_DOWNLOADS, folderDownload, folderFiles } from '../../site/lib/folder-download.ts';
import { COPYABLE_PAGE_IDS, COPYABLE_PAGES, DEFAULT_CHOICES, installCommand, NESTJS_MAJORS, stepsHref } from '../../site/lib/readers-app.ts';
import { readCopyInstructions } from '../readers-app/page-instructions.ts';
import { readersAppVersions } from '../../site/lib/versions.ts';
import { builtPages, ROOT, SITE } from './site.ts';

const copyableIds = new Map(COPYABLE_PAGE_IDS.map((id) => [COPYABLE_PAGES[id].path, id]));

test('every copyable page is built', () => {
	expect(builtPages()).toEqual(expect.arrayContaining([...copyableIds.keys()]));
});

for (const path of builtPages()) {
	const id = copyableIds.get(path);
	test(`${path} ${id ? 'has' : 'has no'} steps to add it to your app`, async ({ page }) => {
		await page.goto(`${SITE}${path}`);
		const heading = page.locator('h2#add-it-to-your-app');
		const blocks = page.locator('[data-app-file], [data-app-change], [data-app-install], [data-app-env], [data-app-token]');
		if (!id) {
			await expect(blocks).toHaveCount(0);
			// A page whose steps have a page of their own keeps the heading, pointing there.
			const pointsTo = COPYABLE_PAGE_IDS.filter((each) => COPYABLE_PAGES[each].ownPage && COPYABLE_PAGES[each].path.replace(/[^/]+\/$/, '') === path);
			await expect(heading).toHaveCount(pointsTo.length);
			for (const each of pointsTo) await expect(page.locator(`main a[href="${COPYABLE_PAGES[each].path}"]`).first()).toBeVisible();
			return;
		}
		if (COPYABLE_PAGES[id].ownPage) await expect(page.locator('h1')).toContainText('to your app');
		else await expect(heading).toHaveText('Add it to your app');
		expect(await page.locator('[data-app-file], [data-app-change]').count()).toBeGreaterThan(0);
		// One tab per NestJS major, each with the page's install command; choosing one shows it.
		for (const major of NESTJS_MAJORS) {
			await page.getByRole('tab', { name: `NestJS ${major}` }).click();
			await expect(page.locator(`[data-app-install][data-nestjs="${major}"]`)).toBeVisible();
			await expect(page.locator(`[data-app-install][data-nestjs="${major}"] pre`)).toHaveText(installCommand(id, major));
			const core = readersAppVersions(major, ROOT).find(({ name }) => name === '@nestjs/core')!.version;
			await expect(page.locator('[data-tested-with]')).toContainText(core);
		}
		// A page built on another one sends the reader through that page's steps first.
		const after = COPYABLE_PAGES[id].after;
		if (after) {
			await expect(page.locator(`[data-app-after] a[href="${stepsHref(after)}"]`)).toHaveCount(1);
		}
	});
}

// The folder as one download: built from the example's files, and holding exactly the files the
// page shows for that folder (with the demo lookup, the first tab), each as the page shows it.
for (const id of COPYABLE_PAGE_IDS.filter((each) => COPYABLE_PAGES[each].example in FOLDER_DOWNLOADS && !COPYABLE_PAGES[each].after)) {
	const { path, example } = COPYABLE_PAGES[id];
	test(`${path} offers ${FOLDER}/ as one zip, holding the files the page shows`, async ({ page }) => {
		await page.goto(`${SITE}${path}`);
		const link = page.locator('a[data-folder-download]');
		await expect(link).toHaveAttribute('href', folderDownload(example));
		const response = await page.request.get(`${SITE}${folderDownload(example)}`);
		expect(response.status()).toBe(200);
		const zip = unzipSync(new Uint8Array(await response.body()));
		const unzipped = Object.fromEntries(Object.entries(zip).map(([name, bytes]) => [name, strFromU8(bytes)]));
		expect(unzipped).toEqual(Object.fromEntries(folderFiles(example, ROOT).map(({ path: file, text }) => [file, text])));
		const shown = (await readCopyInstructions(page, path, { choices: DEFAULT_CHOICES, tryIt: true })).files.filter((file) => file.path.startsWith(`${FOLDER}/`));
		expect(Object.keys(unzipped).sort()).toEqual(shown.map((file) => file.path).sort());
		for (const file of shown) expect(unzipped[file.path].trimEnd(), file.path).toBe(file.code.trimEnd());
	});
}
