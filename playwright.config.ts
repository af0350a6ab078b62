import { defineConfig, devices, type LaunchOptions } from '@playwright/test';
import { findBrowser } from './scripts/find-browser.mjs';

// The Chromium for the site and playground tests: Playwright's own if installed, else a system
// one, else the headless Chromium inside the npm package @sparticuz/chromium (Linux x64). How,
// and the environment variables that choose (BROWSER_PATH, BROWSER_SKIP): scripts/find-browser.mjs.
// Found here in the runner, then again in each worker (each loads this file).
const found = await findBrowser().catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
if (process.env.TEST_WORKER_INDEX === undefined) {
	console.log(
		found instanceof Error
			? `${found.message}\nThe site and playground tests, and tests/examples/cookie-session.spec.ts, will fail; the others run.`
			: `Browser tests: ${found.executablePath} (${found.source})`,
	);
}

// PLAYGROUND_PORT: to run a second test run beside another on the same machine.
const PLAYGROUND_PORT = process.env.PLAYGROUND_PORT ?? '4400';
const PLAYGROUND_URL = `http://127.0.0.1:${PLAYGROUND_PORT}`;

// Keep Chromium off the network: tests only talk to servers on loopback.
const args = [
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-quic',
	'--no-first-run',
	'--disable-dev-shm-usage',
];
const launchOptions: LaunchOptions = { args };
if (found instanceof Error) {
	// No browser: the examples still run (they need none). Playwright reads executablePath only
	// when it starts a browser, so each site and playground test fails with the message.
	Object.defineProperty(launchOptions, 'executablePath', {
		enumerable: true,
		get() {
			throw found;
		},
	});
} else {
	// Playwright's own is left to Playwright: in headless runs it starts its headless shell, not
	// the full Chromium whose path it reports.
	if (found.source !== 'playwright') launchOptions.executablePath = found.executablePath;
	launchOptions.args = [...args, ...found.args];
	launchOptions.env = found.env;
}

const browser = { ...devices['Desktop Chrome'], launchOptions };

export default defineConfig({
	forbidOnly: !!process.env.CI,
	// Two cores: one worker per core. Scenario timings (acks, expiry) stay meaningful.
	workers: 2,
	reporter: [['list'], ['./tests/summary-reporter.ts']],
	timeout: 120_000,
	// The built site (`npm run build:site`, run by `pretest`), served as a static host would.
	webServer: [
		{
			command: 'npm run -s preview',
			url: 'http://127.0.0.1:4322/',
			reuseExistingServer: !process.env.CI,
			timeout: 60_000,
		},
		// The playground: site, examples and tokens on one port, as `npm start` gives a reader.
		// The browser tests come from one address, faster than a person: no rate limit here
		// (tests/playground/lifecycle.spec.ts checks the limits on a server of its own).
		{
			command: 'npm start',
			url: `${PLAYGROUND_URL}/api/health`,
			env: { PORT: PLAYGROUND_PORT, TOKENS_PER_MINUTE: '100000', CONNECTIONS_PER_MINUTE: '100000' },
			reuseExistingServer: !process.env.CI,
			timeout: 180_000,
			gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
		},
	],
	projects: [
		// Real example processes, real socket.io clients; a browser only where a browser's own rules
		// are the subject (cookie-session.spec.ts: which cookies Chromium keeps and sends).
		{ name: 'examples', testDir: 'tests/examples', use: browser },
		{ name: 'site', testDir: 'tests/site', use: browser },
		{ name: 'playground', testDir: 'tests/playground', use: { ...browser, baseURL: PLAYGROUND_URL } },
		// Each copyable page, read from the built site as its copy buttons give it, pasted
		// into a reader's app on NestJS 11 and 12, installed, compiled, started and connected to.
		// testMatch: its *.test.ts files are node --test unit tests.
		{ name: 'readers-app', testDir: 'tests/readers-app', testMatch: '*.spec.ts', use: browser },
		// ws-auth-check (the CLI) against every example and a plain socket.io server with known flaws.
		{ name: 'ws-auth-check', testDir: 'tests/ws-auth-check' },
		// The browser lookup itself (scripts/find-browser.mjs), each way it can go; starts its own browsers.
		{ name: 'browser', testDir: 'tests/browser' },
	],
});
