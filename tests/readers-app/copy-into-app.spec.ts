import { expect, test, type Page } from '@playwright/test';
import { join } from 'node:path';
import { createClient } from 'redis';
import { startRedis } from '../../examples/several-nodes/demo/redis-server.mjs';
import { freePort } from '../../scripts/start-playground.mjs';
import { COPYABLE_PAGE_IDS, COPYABLE_PAGES, OPTIONAL_SETTINGS, type Choices, type CopyablePageId } from '../../site/lib/readers-app.ts';
import { ROOT } from './install-cache.ts';
import { followInOrder, readCopyInstructions } from './page-instructions.ts';
import {
	behaviorOf,
	checkReadersApp,
	expectedOutcomes,
	replayOutcomesOf,
	runReadersApp,
	startExpectingExit,
	startInstance,
	type CopyInstructions,
} from './readers-app.ts';
import { CORPUS, SAMPLE_APPS, tokenInOf, WS_CORPUS, WS_SAMPLE_APPS, type Reader } from './readers.ts';
import { checkWsReadersApp, expectedWsOutcomes } from './ws-readers-app.ts';
import { SITE } from '../site/site.ts';
import { runJson } from '../ws-auth-check/run-cli.ts';

// Every copyable page also works when pasted into a reader's own app (DESIGN.md): the page's
// install command, new files, changes, environment and token command, copied from the built page
// into a reader's app (tests/fixtures/readers-app), then compiled, started and connected to. Every
// page goes into a `nest new` app with the socket.io gateway sample on NestJS 10, 11 and 12; the
// recommended page also into the apps of readers who already have a login (readers.ts: the NestJS
// docs' auth recipe, an OpenID provider's tokens, a Fastify app with a key pair), each following
// the page's tabs for their login, users and client. A page whose steps follow another page's is
// pasted after that page, as its first step tells the reader.
// The reader has turned socket.io's connection state recovery on in their gateway (their own
// change, not the page's: turnOnRecovery() in readers-app.ts), so the app must also handle a
// dropped session asked back, as the page's example does.
// A page for @nestjs/platform-ws goes into the same `nest new` apps with the `ws` gateway sample
// (WsAdapter) instead, checked with a `ws` client (ws-readers-app.ts).

test.describe.configure({ mode: 'parallel' });

/** The pages a reader follows to get `id`'s code, first to last. */
function chainOf(id: CopyablePageId): CopyablePageId[] {
	const after = COPYABLE_PAGES[id].after;
	return after ? [...chainOf(after), id] : [id];
}

async function readPage(page: Page, baseURL: string | undefined, id: CopyablePageId, options: { choices: Choices; tryIt: boolean }): Promise<CopyInstructions> {
	const { path } = COPYABLE_PAGES[id];
	const response = await page.goto(new URL(path, baseURL ?? SITE).href);
	expect(response?.status(), `${path} is served`).toBe(200);
	return readCopyInstructions(page, path, options);
}

/** The sample apps of the page's platform; the readers with a login of their own for the recommended pages. */
function readersOf(id: CopyablePageId): Reader[] {
	if (COPYABLE_PAGES[id].platform === 'ws') return [...WS_SAMPLE_APPS, ...WS_CORPUS];
	return id === 'recommended' ? [...SAMPLE_APPS, ...CORPUS] : SAMPLE_APPS;
}

for (const id of COPYABLE_PAGE_IDS) {
	const { example, tokenCookie, platform } = COPYABLE_PAGES[id];
	const chain = chainOf(id);
	// Settings with a default do not stop the app when unset (REDIS_URL: a local Redis).
	const withDefaults = new Set(chain.flatMap((each) => COPYABLE_PAGES[each].settingsWithDefaults ?? []));
	// The example disconnects a socket when its token expires: the reader's app must too.
	const expiryOutcomes = behaviorOf(example).variants[0].scenarios.expiry?.outcomes ?? [];
	const expiry = expiryOutcomes.some((outcome) => outcome.startsWith('disconnect:'));

	for (const reader of readersOf(id)) {
		test(`${chain.join(' then ')}: the page's code works pasted into ${reader.name}`, async ({ page, baseURL }) => {
			// A first run installs each app's dependencies (node_modules/.cache/readers-app).
			test.setTimeout(600_000);
			const login = await reader.login();
			const stops: Array<() => Promise<void>> = [login.stop];
			const tokenIn = tokenInOf(reader.choices, tokenCookie);
			let redis: Awaited<ReturnType<typeof startRedis>> | undefined;
			try {
				const pages: CopyInstructions[] = [];
				for (const each of chain) pages.push(await readPage(page, baseURL, each, { choices: reader.choices, tryIt: login.tryIt }));
				const instructions = followInOrder(pages);

				// A page that exports REDIS_URL gets a real Redis of the test's own, on a free port.
				redis = /^export REDIS_URL=/m.test(instructions.env) ? await startRedis() : undefined;
				const dir = join(ROOT, 'test-results', 'readers-app', `${id}-${reader.fixture}-${reader.choices.login}`);
				const overrides = { ...login.settings, ...(redis && { REDIS_URL: redis.url }) };
				// Connection state recovery is socket.io's: a ws gateway has none to turn on.
				const app = await runReadersApp(instructions, reader, dir, { overrides, recovery: platform !== 'ws' });
				stops.push(app.stop);
				const tokens = await login.tokens(app);
				if (platform === 'ws') {
					// On the gateway's own port: WsAdapter's own ws server, which the page says its adapter covers too.
					const outcomes = await checkWsReadersApp(app, tokens);
					expect(outcomes, `what a ws client saw (app in ${dir})`).toEqual(expectedWsOutcomes(behaviorOf(example)));
				} else {
					const replays = replayOutcomesOf(id);
					const outcomes = await checkReadersApp(app, { tokens, tokenIn, expiry, replays: true });
					expect(outcomes, `what a socket.io client saw (app in ${dir})`).toEqual(expectedOutcomes({ expiry, replays }));
				}

				if (reader.audit) {
					// ws-auth-check, told how the reader's login signs tokens, agrees with the checks above:
					// Alice connects, no token and an expired one are refused, and it finds nothing to FAIL.
					const where = typeof tokenIn === 'string' ? ['--token-in', tokenIn] : ['--token-in', 'cookie', '--cookie', tokenIn.cookie];
					const audit = await runJson(['--url', app.url, '--event', 'identity', ...where, ...(await login.auditOptions(app))]);
					const result = (id: string) => audit.report.results.find((each) => each.id === id);
					expect(audit.report.results.filter((each) => each.verdict === 'FAIL'), 'ws-auth-check FAILs').toEqual([]);
					expect(audit.code, audit.stderr).toBe(0);
					expect(result('valid')?.outcome[0], 'ws-auth-check: valid').toBe('connected');
					for (const id of ['no-token', 'expired', 'bad-signature', 'unknown-user']) expect(result(id)?.verdict, `ws-auth-check: ${id}`).toBe('PASS');
				}

				if (redis) {
					// A second instance, as the page's "try it" step starts: both check tokens, and both listen
					// to the namespace through the Redis they share.
					const second = await startInstance(app.dir, app.env);
					stops.push(second.stop);
					expect(await checkReadersApp({ url: second.url }, { tokens, tokenIn, expiry: false })).toEqual(expectedOutcomes({ expiry: false }));
					expect(await nodesListening(redis.url), 'instances listening to the namespace through Redis').toBe(2);
					// An instance whose Redis cannot be reached stops, naming the setting.
					const { code, output } = await startExpectingExit(app.dir, { ...app.env, REDIS_URL: `redis://127.0.0.1:${await freePort()}` });
					expect(code, 'started with no Redis at REDIS_URL').not.toBe(0);
					expect(output).toContain('(REDIS_URL)');
				}

				if (!login.tryIt) return;
				// The page says the app refuses to start while a required setting is unset, naming it.
				expect(Object.keys(app.env), 'the settings the pages export').toContain('JWT_SECRET');
				const optional = new Set<string>([...withDefaults, ...OPTIONAL_SETTINGS]);
				for (const name of Object.keys(app.env).filter((name) => !optional.has(name))) {
					const { [name]: _unset, ...rest } = app.env;
					const { code, output } = await startExpectingExit(app.dir, { ...app.readersEnv, ...rest });
					expect(code, `started without ${name}`).not.toBe(0);
					expect(output, `started without ${name}`).toContain(`${name} is not set`);
				}
			} finally {
				for (const stop of stops.reverse()) await stop();
				await redis?.stop();
			}
		});
	}
}

/**
 * How many socket.io nodes listen, through Redis, to the main namespace: the Redis Streams
 * adapter subscribes each node's adapter to the namespace's Pub/Sub channel (`socket.io#/#`, its
 * default prefix) when the namespace is created, for requests such as fetchSockets().
 */
async function nodesListening(url: string): Promise<number> {
	const client = createClient({ url });
	await client.connect();
	try {
		const channel = 'socket.io#/#';
		return (await client.pubSubNumSub(channel))[channel];
	} finally {
		await client.close();
	}
}
