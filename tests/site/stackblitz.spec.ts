// "Open in StackBlitz" and the embed post exactly the example's files. Every request to
// stackblitz.com is intercepted and answered locally; nothing reaches the network.
import { expect, test, type BrowserContext, type Request } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { ALL_APPROACHES, APPROACHES } from '../../site/lib/approaches.ts';
import { builtPages, readExampleFile, ROOT, SITE } from './site.ts';

/** The example's files as the issue defines them: what git tracks (or would), read from disk. */
function filesOnDisk(slug: string): Record<string, string> {
	const dir = `examples/${slug}`;
	const listed = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', dir], { cwd: ROOT, encoding: 'utf8' });
	const files = [...new Set(listed.split('\0').filter(Boolean))].map((path) => path.slice(dir.length + 1));
	return Object.fromEntries(files.sort().map((file) => [file, readExampleFile(slug, file)]));
}

/** Stubs stackblitz.com and keeps every other non-local request off the network. */
async function interceptStackBlitz(context: BrowserContext) {
	const posts: Request[] = [];
	// Registered first, so it runs last: routes added later take precedence.
	await context.route('**/*', (route) => (route.request().url().startsWith(SITE) ? route.fallback() : route.abort()));
	await context.route('https://stackblitz.com/**', async (route) => {
		posts.push(route.request());
		await route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>StackBlitz stub</title>' });
	});
	return posts;
}

function parsePost(request: Request) {
	const form = new URLSearchParams(request.postData() ?? '');
	const files: Record<string, string> = {};
	for (const [key, value] of form) {
		const match = /^project\[files\]\[(.*)\]$/.exec(key);
		// Browsers send form values with CRLF line breaks (HTML form encoding); StackBlitz
		// stores them as LF again, so compare with LF.
		if (match) files[decodeURIComponent(match[1])] = value.replaceAll('\r\n', '\n');
	}
	return { url: new URL(request.url()), template: form.get('project[template]'), title: form.get('project[title]'), files };
}

const pages = builtPages();
for (const approach of ALL_APPROACHES.filter(({ slug }) => pages.includes(`/approaches/${slug}/`))) {
	test.describe(`StackBlitz for ${approach.slug}`, () => {
		test('"Open in StackBlitz" posts exactly the example folder, in a new tab', async ({ page, context }) => {
			const posts = await interceptStackBlitz(context);
			const scripts: string[] = [];
			page.on('request', (request) => request.resourceType() === 'script' && scripts.push(request.url()));
			await page.goto(`${SITE}/approaches/${approach.slug}/`, { waitUntil: 'networkidle' });
			// The SDK is not part of the page until the reader asks for it.
			expect(scripts.filter((url) => /\/sdk\.[^/]*\.js$/.test(url))).toEqual([]);

			const popup = page.waitForEvent('popup');
			await page.getByRole('button', { name: 'Open in StackBlitz' }).click();
			await (await popup).waitForLoadState();
			expect(scripts.filter((url) => /\/sdk\.[^/]*\.js$/.test(url))).toHaveLength(1);

			expect(posts).toHaveLength(1);
			expect(posts[0].method()).toBe('POST');
			const { url, template, files } = parsePost(posts[0]);
			expect(url.origin + url.pathname).toBe('https://stackblitz.com/run');
			expect(url.searchParams.get('file')).toBe(approach.openFile);
			expect(url.searchParams.get('startScript')).toBe('demo');
			expect(template).toBe('node');
			const expected = filesOnDisk(approach.slug);
			expect(Object.keys(files).sort()).toEqual(Object.keys(expected));
			expect(files).toEqual(expected);
			expect(Object.keys(files).some((file) => file.startsWith('dist/') || file.includes('node_modules/'))).toBe(false);
			expect(JSON.parse(files['package.json']).scripts.demo).toBeTruthy();
		});

		test('the embed loads on click, in the page, with the same files', async ({ page, context }) => {
			const posts = await interceptStackBlitz(context);
			await page.goto(`${SITE}/approaches/${approach.slug}/`, { waitUntil: 'networkidle' });
			expect(await page.locator('stackblitz-example iframe').count()).toBe(0);
			await page.getByRole('button', { name: 'Load the editor in this page' }).click();
			// The click fetches the project (220 KB for recommended) and the SDK before the iframe
			// exists: usually 2 s, but once over the default 5 s in a full CI run on 2 busy cores.
			await expect(page.locator('stackblitz-example iframe')).toBeAttached({ timeout: 15_000 });
			await expect.poll(() => posts.length, { timeout: 15_000 }).toBe(1);
			const { url, files } = parsePost(posts[0]);
			expect(url.searchParams.get('embed')).toBe('1');
			expect(files).toEqual(filesOnDisk(approach.slug));
		});
	});
}

test('a project that cannot be fetched says so and opens nothing', async ({ page, context }) => {
	const posts = await interceptStackBlitz(context);
	const [first] = APPROACHES.filter(({ slug }) => pages.includes(`/approaches/${slug}/`));
	await page.route('**/stackblitz/*.json', (route) => route.fulfill({ status: 503, body: 'down' }));
	await page.goto(`${SITE}/approaches/${first.slug}/`);
	const status = page.locator('stackblitz-example [data-status]');
	await expect(status).toBeHidden();
	await page.getByRole('button', { name: 'Open in StackBlitz' }).click();
	await expect(status).toHaveText('The project could not be loaded; check your connection and try again.');
	await page.getByRole('button', { name: 'Load the editor in this page' }).click();
	await expect(page.locator('stackblitz-example iframe')).toHaveCount(0);
	expect(posts).toHaveLength(0);
});
