import { chromium, expect, test } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { findBrowser } from '../../scripts/find-browser.mjs';

// scripts/find-browser.mjs, each way it can go. Every branch is forced with BROWSER_SKIP or
// BROWSER_PATH in an environment of the test's own, so that the answer does not depend on which
// browsers this machine has (and process.env is left alone).

/** process.env without the caller's own BROWSER_* choices, plus `vars`. */
function envWith(vars: Record<string, string>): NodeJS.ProcessEnv {
	const env: NodeJS.ProcessEnv = { ...process.env, ...vars };
	if (!('BROWSER_PATH' in vars)) delete env.BROWSER_PATH;
	if (!('BROWSER_SKIP' in vars)) delete env.BROWSER_SKIP;
	return env;
}

const npmShipped = process.platform === 'linux' && process.arch === 'x64';

/** A shell script standing in for a browser: answers `--version` like one, or fails like a broken wrapper. */
function fakeBrowser(path: string, works: boolean) {
	mkdirSync(dirname(path), { recursive: true });
	writeFileSync(path, works ? '#!/bin/sh\necho "Google Chrome 999.0.1.2"\n' : '#!/bin/sh\necho "requires the chromium snap" >&2\nexit 1\n');
	chmodSync(path, 0o755);
}

test('the npm-shipped Chromium: extracted on first use, then starts, renders text and runs scripts', async ({}, testInfo) => {
	// A cache folder of the test's own: the first extraction is the fresh machine's case.
	const cacheDir = testInfo.outputPath('cache');
	const options = { env: envWith({ BROWSER_SKIP: 'playwright,system' }), cacheDir };
	if (!npmShipped) {
		await expect(findBrowser(options)).rejects.toThrow(/Linux x64 only[\s\S]*npx playwright install chromium/);
		return;
	}
	try {
		const began = performance.now();
		// Two at once, as two test runs (or a test run and the benchmark) may: both extract, one
		// copy is renamed into place, and both get it.
		const [found, alsoFound] = await Promise.all([findBrowser(options), findBrowser(options)]);
		testInfo.annotations.push({ type: 'first extraction', description: `${Math.round(performance.now() - began)} ms` });
		expect(found.source).toBe('npm');
		expect(alsoFound.executablePath).toBe(found.executablePath);
		expect(found.executablePath.startsWith(cacheDir)).toBe(true);
		// Renamed into place whole: no staging folder left beside it.
		expect(readdirSync(cacheDir)).toEqual([expect.stringMatching(/^sparticuz-chromium-\d+\.\d+\.\d+$/)]);
		// Found again without extracting again.
		const extractedAt = statSync(found.executablePath).mtimeMs;
		expect((await findBrowser(options)).executablePath).toBe(found.executablePath);
		expect(statSync(found.executablePath).mtimeMs).toBe(extractedAt);

		const browser = await chromium.launch({ executablePath: found.executablePath, args: found.args, env: found.env });
		try {
			// The package's Chromium (its major version is the package's), not another one.
			const require = createRequire(import.meta.url);
			const { version } = JSON.parse(readFileSync(join(dirname(require.resolve('@sparticuz/chromium')), '../package.json'), 'utf8'));
			expect(browser.version()).toMatch(new RegExp(`^${version.split('.')[0]}\\.`));

			// Two contexts, one closed while the other goes on: what multi-page tests do, and what
			// the package's --single-process and --no-zygote break.
			const [first, second] = await Promise.all([browser.newContext(), browser.newContext()]);
			const page = await second.newPage();
			await (await first.newPage()).setContent('<p>first</p>');
			await first.close();
			await page.setContent(
				'<p id="text" style="font: 40px sans-serif; display: inline-block">Rendered</p><p id="script"></p>' +
					"<script>document.getElementById('script').textContent = 'script ' + 6 * 7;</script>",
			);
			await expect(page.locator('#script')).toHaveText('script 42');
			expect((await page.locator('#text').boundingBox())?.width).toBeGreaterThan(100);
			const glyphs = await page.evaluate(() => {
				const canvas = document.createElement('canvas');
				canvas.width = 240;
				canvas.height = 60;
				const context = canvas.getContext('2d')!;
				context.font = '40px sans-serif';
				context.fillText('Rendered', 0, 45);
				const pixels = context.getImageData(0, 0, canvas.width, canvas.height).data;
				let inked = 0;
				for (let i = 3; i < pixels.length; i += 4) if (pixels[i] > 0) inked++;
				// Open Sans comes with the package (for machines without fonts): set up, it is found.
				const width = (font: string) => {
					context.font = font;
					return context.measureText('Rendered text').width;
				};
				return { inked, openSans: width('40px "Open Sans", monospace'), monospace: width('40px monospace') };
			});
			expect(glyphs.inked).toBeGreaterThan(500);
			expect(glyphs.openSans).not.toBe(glyphs.monospace);
			await second.close();
		} finally {
			await browser.close();
		}
	} finally {
		rmSync(cacheDir, { recursive: true, force: true });
	}
});

test('a system Chromium or Chrome on PATH: found, passed over when broken or skipped', async ({}, testInfo) => {
	// Stand-ins, so that this runs the same with or without a real one: a broken `chromium`
	// (first in the lookup order) and a working `google-chrome`.
	const bin = testInfo.outputPath('bin');
	fakeBrowser(join(bin, 'chromium'), false);
	fakeBrowser(join(bin, 'google-chrome'), true);
	const onlyFakes = await findBrowser({ env: envWith({ PATH: bin, BROWSER_SKIP: 'playwright' }) });
	expect(onlyFakes).toMatchObject({ source: 'system', executablePath: join(bin, 'google-chrome'), args: [] });

	const skipped = await findBrowser({ env: envWith({ PATH: bin, BROWSER_SKIP: 'playwright,system' }) }).then(
		(found) => found.source,
		(error: Error) => error.message,
	);
	expect(skipped).toEqual(npmShipped ? 'npm' : expect.stringContaining('npx playwright install chromium'));

	// This machine's own, looked up here independently of the module.
	const real = [
		...['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'].flatMap((name) =>
			(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((dir) => join(dir, name)),
		),
		...(process.platform === 'darwin'
			? ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium']
			: []),
	].find((path) => {
		try {
			return existsSync(path) && /\d+\.\d+/.test(execFileSync(path, ['--version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }));
		} catch {
			return false;
		}
	});
	const found = await findBrowser({ env: envWith({ BROWSER_SKIP: 'playwright' }) }).then(
		(browser) => `${browser.source} ${browser.executablePath}`,
		(error: Error) => error.message,
	);
	if (real) expect(found).toBe(`system ${real}`);
	else expect(found).not.toMatch(/^system /);
});

test("Playwright's own Chromium: chosen first when installed, not otherwise", async () => {
	const installed = existsSync(chromium.executablePath());
	const found = await findBrowser({ env: envWith({}) }).then(
		(browser) => browser.source,
		(error: Error) => error.message,
	);
	if (installed) expect(found).toBe('playwright');
	else expect(found).not.toBe('playwright');
	const skipped = await findBrowser({ env: envWith({ BROWSER_SKIP: 'playwright' }) }).then(
		(browser) => browser.source,
		(error: Error) => error.message,
	);
	expect(skipped).not.toBe('playwright');
});

test('no browser at all: the error says what to install', async () => {
	const error = await findBrowser({ env: envWith({ BROWSER_SKIP: 'playwright,system,npm' }) }).then(
		() => undefined,
		(error: Error) => error,
	);
	expect(error).toBeInstanceOf(Error);
	expect(error?.message).toContain('`npx playwright install chromium`');
	expect(error?.message).toContain('`apt-get install chromium`');
	expect(error?.message).toContain('BROWSER_PATH');
});

test('BROWSER_PATH wins over every branch; a missing one or a misspelt BROWSER_SKIP is an error', async ({}, testInfo) => {
	const fake = testInfo.outputPath('chosen/chrome');
	fakeBrowser(fake, true);
	expect(await findBrowser({ env: envWith({ BROWSER_PATH: fake, BROWSER_SKIP: 'playwright,system,npm' }) })).toEqual({
		executablePath: fake,
		args: [],
		env: undefined,
		source: 'BROWSER_PATH',
	});
	await expect(findBrowser({ env: envWith({ BROWSER_PATH: testInfo.outputPath('nothing-here') }) })).rejects.toThrow(
		/BROWSER_PATH=.*nothing-here/,
	);
	await expect(findBrowser({ env: envWith({ BROWSER_SKIP: 'playwrite' }) })).rejects.toThrow(/unknown playwrite/);
});
