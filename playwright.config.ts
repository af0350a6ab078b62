import { chromium, defineConfig, devices } from '@playwright/test';
import { existsSync } from 'node:fs';

// Playwright cannot download its browsers on every machine: use its own Chromium where one is
// installed, and Debian's (`apt-get install chromium`) otherwise.
const DEBIAN_CHROMIUM = '/usr/bin/chromium';
const bundled = chromium.executablePath();
const executablePath = process.env.CHROMIUM_PATH ?? (existsSync(bundled) ? undefined : DEBIAN_CHROMIUM);
if (executablePath && !existsSync(executablePath)) {
	console.warn(
		`No Chromium at ${executablePath}: browser tests will fail. Install one with ` +
			'`sudo apt-get install chromium` (Debian/Ubuntu) or `npx playwright install chromium`.',
	);
}

// PLAYGROUND_PORT: to run a second test run beside another on the same machine.
const PLAYGROUND_PORT = process.env.PLAYGROUND_PORT ?? '4400';
const PLAYGROUND_URL = `http://127.0.0.1:${PLAYGROUND_PORT}`;

const browser = {
	...devices['Desktop Chrome'],
	launchOptions: {
		executablePath,
		// Keep Chromium off the network: tests only talk to servers on loopback.
		args: [
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync',
			'--disable-quic',
			'--no-first-run',
			'--disable-dev-shm-usage',
		],
	},
};

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
		// Real example processes, real socket.io clients; no browser.
		{ name: 'examples', testDir: 'tests/examples' },
		{ name: 'site', testDir: 'tests/site', use: browser },
		{ name: 'playground', testDir: 'tests/playground', use: { ...browser, baseURL: PLAYGROUND_URL } },
	],
});
