// ws-auth-check against the guide's own examples: for every scenario the tool runs, its verdict
// must be the site's verdict (site/lib/outcomes.ts) of what behavior.json documents, mapped
// safe → PASS, partial → WARN, unsafe or broken → FAIL, and what its client saw must be what
// behavior.json says. several-nodes runs one node on a real Redis of the test's own.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { startApp } from '../../examples/recommended/demo/app-process.mjs';
import { startRedis } from '../../examples/several-nodes/demo/redis-server.mjs';
import { freshJwtSettings } from '../../examples/recommended/demo/behavior.mjs';
import { verdictOf, type Verdict } from '../../site/lib/outcomes.ts';
import { SCENARIOS } from '../../ws-auth-check/src/facts.mjs';
import { exampleDir } from '../examples/example-dir.ts';
import { runJson } from './run-cli.ts';

const SLUGS = ['guard-only', 'handle-connection', 'middleware', 'io-adapter', 'recommended', 'several-nodes'];
/** The examples with an Origin allow-list, which refuse --origin's foreign origin. */
const CHECKS_ORIGIN = ['recommended', 'several-nodes'];
const CLI_VERDICT: Record<Verdict, string> = { safe: 'PASS', partial: 'WARN', unsafe: 'FAIL', broken: 'FAIL' };
const FOREIGN_ORIGIN = 'https://evil.example';
/** A user every example knows besides Alice, for replay-other-user (the site's replays use him too). */
const OTHER_SUB = 'bob';

/** The scenarios that replay a dropped session of Alice's. */
const REPLAYS = new Set(SCENARIOS.filter((scenario) => scenario.replayToken !== undefined).map((scenario) => scenario.id));

/**
 * In the replays, the message Alice missed is written by Bob in the site's runner and by a second
 * connection with Alice's token in the CLI: the same message, from another name. Who wrote it is
 * left out of the comparison; what reached the client, and when, is not.
 */
function withoutSender(id: string, outcomes: readonly string[]): string[] {
	if (!REPLAYS.has(id)) return [...outcomes];
	return outcomes.map((step) => (/^(wire:)?message:/.test(step) ? step.replace(/"from":"[^"]*"/, '"from":"…"') : step));
}

test.describe.configure({ mode: 'parallel' });

function behaviorOf(slug: string) {
	return JSON.parse(readFileSync(`${exampleDir(slug)}/behavior.json`, 'utf8'));
}

for (const slug of SLUGS) {
	test(`${slug}: every verdict is the site's verdict of behavior.json`, async () => {
		const jwt = freshJwtSettings();
		const redis = slug === 'several-nodes' ? await startRedis() : undefined;
		const app = await startApp({
			dir: exampleDir(slug),
			env: { JWT_SECRET: jwt.secret, JWT_ISSUER: jwt.issuer, JWT_AUDIENCE: jwt.audience, ...(redis ? { REDIS_URL: redis.url } : {}) },
		}).catch(async (error: unknown) => {
			await redis?.stop();
			throw error;
		});
		const checksOrigin = CHECKS_ORIGIN.includes(slug);
		try {
			const origin = checksOrigin ? ['--origin', FOREIGN_ORIGIN] : [];
			const run = await runJson([
				'--url', app.url, `--secret=${jwt.secret}`, '--issuer', jwt.issuer, '--audience', jwt.audience,
				'--namespace', '/', '--namespace', '/admin', '--other-sub', OTHER_SUB, ...origin,
			]);
			const documented = behaviorOf(slug).variants[0].scenarios as Record<string, { outcomes: string[] }>;
			const expected: Record<string, string> = {};
			const seen: Record<string, string> = {};
			for (const result of run.report.results) {
				seen[result.id] = `${result.verdict}  (${withoutSender(result.id, result.outcome).join(' → ')})`;
				const outcomes = documented[result.id]?.outcomes;
				// origin is not a site scenario: an Origin allow-list refuses a foreign Origin.
				expected[result.id] = outcomes
					? `${CLI_VERDICT[verdictOf(result.id, outcomes)]}  (${withoutSender(result.id, outcomes).join(' → ')})`
					: result.id === 'origin' && checksOrigin ? 'PASS' : 'SKIP';
				if (!outcomes) seen[result.id] = result.verdict;
			}
			expect(seen).toEqual(expected);
			expect(run.report.results.filter((r) => r.verdict === 'SKIP').map((r) => r.id)).toEqual(checksOrigin ? [] : ['origin']);
			expect(run.code).toBe(run.report.summary.fail > 0 ? 1 : 0);
			if (checksOrigin) {
				expect(run.report.summary).toMatchObject({ pass: 20, warn: 0, fail: 0, skip: 0 });
				expect(run.code).toBe(0);
			} else {
				expect(run.code).toBe(1);
			}
			if (slug === 'guard-only') expect(run.report.results.find((r) => r.id === 'leak')?.verdict).toBe('FAIL');
		} finally {
			await app.stop();
			await redis?.stop();
		}
	});
}
