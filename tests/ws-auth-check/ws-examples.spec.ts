// ws-auth-check --protocol ws against the guide's plain WebSocket examples (@nestjs/platform-ws):
// for every scenario it plays, its verdict must be the site's verdict (site/lib/outcomes.ts) of
// what behavior.json documents, mapped safe → PASS, partial → WARN, unsafe or broken → FAIL, and
// what its client saw must be what behavior.json says; the scenarios about what only socket.io
// has are SKIP, with the reason. No event option is given: the CLI's defaults for ws are these
// examples' events.
import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { WS_APPROACH_SLUGS } from '../../examples/approaches.mjs';
import { startApp } from '../../examples/ws-recommended/demo/app-process.mjs';
import { freshJwtSettings } from '../../examples/ws-recommended/demo/behavior.mjs';
import { FOREIGN_ORIGIN } from '../../examples/ws-recommended/demo/scenario-facts.mjs';
import { verdictOf, type Verdict } from '../../site/lib/outcomes.ts';
import { SCENARIOS } from '../../ws-auth-check/src/facts.mjs';
import { exampleDir } from '../examples/example-dir.ts';
import { runJson } from './run-cli.ts';

const CLI_VERDICT: Record<Verdict, string> = { safe: 'PASS', partial: 'WARN', unsafe: 'FAIL', broken: 'FAIL' };

/** What the CLI plays on a plain WebSocket server: every scenario but those about socket.io's own features. */
const PLAYED = SCENARIOS.filter((scenario) => scenario.socketIoOnly === undefined).map((scenario) => scenario.id);

/**
 * The lines each example must FAIL and WARN, beyond matching its behavior.json: guard-only lets
 * every upgrade in, so every attacker keeps its socket, the tokenless one receives Alice's
 * broadcast, and a foreign page gets in; nothing closes an expired token's socket, but its events
 * are refused (WARN). Every other line PASSes.
 */
const HOLES: Record<string, { fail: string[]; warn: string[] }> = {
	'ws-guard-only': {
		fail: ['no-token', 'malformed', 'bad-signature', 'expired', 'alg-none', 'unknown-user', 'oversized', 'leak', 'origin'],
		warn: ['expiry'],
	},
	'ws-recommended': { fail: [], warn: [] },
};

test.describe.configure({ mode: 'parallel' });

function documentedOf(slug: string): Record<string, { outcomes: string[] }> {
	return JSON.parse(readFileSync(`${exampleDir(slug)}/behavior.json`, 'utf8')).variants[0].scenarios;
}

/** Starts the example with a fresh secret, as its demo does, and runs the CLI with --protocol ws and `args`. */
async function audit(slug: string, args: string[] = []) {
	const jwt = freshJwtSettings();
	const app = await startApp({ dir: exampleDir(slug), env: { JWT_SECRET: jwt.secret, JWT_ISSUER: jwt.issuer, JWT_AUDIENCE: jwt.audience } });
	try {
		return await runJson([
			'--protocol', 'ws', '--url', app.url, `--secret=${jwt.secret}`, '--issuer', jwt.issuer, '--audience', jwt.audience,
			'--origin', FOREIGN_ORIGIN, ...args,
		]);
	} finally {
		await app.stop();
	}
}

for (const slug of WS_APPROACH_SLUGS) {
	test(`${slug}: every verdict is the site's verdict of behavior.json, the socket.io-only scenarios SKIP`, async () => {
		const run = await audit(slug);
		const documented = documentedOf(slug);
		const expected: Record<string, string> = {};
		const seen: Record<string, string> = {};
		for (const result of run.report.results) {
			const outcomes = documented[result.id]?.outcomes;
			seen[result.id] = outcomes ? `${result.verdict}  (${result.outcome.join(' → ')})` : `${result.verdict}  ${result.note}`;
			const socketIoOnly = SCENARIOS.find((scenario) => scenario.id === result.id)?.socketIoOnly;
			expected[result.id] = outcomes
				? `${CLI_VERDICT[verdictOf(result.id, outcomes)]}  (${outcomes.join(' → ')})`
				: `SKIP  skipped: not on a plain WebSocket server, ${socketIoOnly}`;
		}
		expect(seen).toEqual(expected);
		// Every scenario the example documents is played, but race: the CLI does not play it (it
		// depends on how long the server's own check takes).
		expect(Object.keys(documented).filter((id) => !PLAYED.includes(id))).toEqual(['race']);
		expect(PLAYED.filter((id) => !(id in documented))).toEqual([]);

		const { fail, warn } = HOLES[slug];
		const ids = (verdict: string) => run.report.results.filter((result) => result.verdict === verdict).map((result) => result.id);
		expect({ fail: ids('FAIL'), warn: ids('WARN'), pass: ids('PASS') }).toEqual({ fail, warn, pass: PLAYED.filter((id) => !fail.includes(id) && !warn.includes(id)) });
		expect(run.report.summary).toMatchObject({ pass: PLAYED.length - fail.length - warn.length, warn: warn.length, fail: fail.length, skip: SCENARIOS.length - PLAYED.length });
		expect(run.stderr).toBe('');
		expect(run.code).toBe(fail.length > 0 ? 1 : 0);
	});
}

test('ws-recommended with the token in an Authorization header (--token-in header): every played scenario PASSes', async () => {
	const run = await audit('ws-recommended', ['--token-in', 'header']);
	const played = run.report.results.filter((result) => result.verdict !== 'SKIP');
	expect(played.map((result) => `${result.id} ${result.verdict}`)).toEqual(PLAYED.map((id) => `${id} PASS`));
	expect(played.find((result) => result.id === 'valid')?.outcome).toEqual(documentedOf('ws-recommended').valid.outcomes);
	expect(run.code).toBe(0);
});
