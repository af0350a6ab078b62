// ws-auth-check against a plain socket.io server it knows nothing about, with known flaws
// switched on one at a time: the tool must FAIL exactly the scenarios each flaw opens, and pass
// the server once the flaws are off (so it is not a tool that always fails). The server has
// connectionStateRecovery on, with the replay hole closed unless a flaw opens it.
import { expect, test } from '@playwright/test';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FLAWS, startFlawedServer, type Flaw } from './fixtures/flawed-server.mjs';
import { runCli, runJson, verdicts, type CliReport } from './run-cli.ts';

test.describe.configure({ mode: 'parallel' });

const ISSUER = 'flawed-issuer';
const AUDIENCE = 'flawed-audience';

type Verdicts = Record<string, 'FAIL' | 'WARN'>;
const failing = (...keys: string[]): Verdicts => Object.fromEntries(keys.map((key) => [key, 'FAIL']));

/** What each flaw opens: the scenarios that must FAIL (or WARN), and only those. */
const OPENS: Record<Flaw, Verdicts> = {
	// Accepted at the handshake, never disconnected at exp, let back in after a drop, and into
	// Alice's dropped session with her expired token.
	expired: failing('expired@/', 'expiry@/', 'recovery@/', 'replay-expired@/'),
	admin: failing('namespace@/admin'),
	origin: failing('origin@/'),
	// Missed packets on the wire before the middleware refuses: every replay, whatever its token.
	replay: failing('replay-expired@/', 'replay-no-token@/', 'replay-forged@/', 'replay-other-user@/'),
	takeover: failing('replay-other-user@/'),
	// Not a hole: recovery that loses what Alice missed.
	'lose-missed': { 'recovery-fresh@/': 'WARN' },
};

const ALL_SCENARIOS = [
	'valid@/', 'no-token@/', 'malformed@/', 'bad-signature@/', 'expired@/', 'alg-none@/', 'unknown-user@/',
	'non-string@/', 'oversized@/', 'leak@/', 'expiry@/', 'namespace@/admin', 'retry@/', 'recovery@/',
	'replay-expired@/', 'replay-no-token@/', 'replay-forged@/', 'replay-other-user@/', 'recovery-fresh@/', 'origin@/',
];
const REPLAYS = ['replay-expired@/', 'replay-no-token@/', 'replay-forged@/', 'replay-other-user@/', 'recovery-fresh@/'];

interface AuditOptions {
	tokenIn?: 'auth' | 'query' | 'header';
	/** The fixture's connectionStateRecovery (on by default). */
	recovery?: boolean;
	/** --other-sub: bob (a user the fixture knows) by default; null leaves it out. */
	otherSub?: string | null;
}

async function audit(flaws: Flaw[], { tokenIn = 'auth', recovery = true, otherSub = 'bob' }: AuditOptions = {}) {
	const secret = randomBytes(32).toString('base64url');
	const server = await startFlawedServer({ secret, issuer: ISSUER, audience: AUDIENCE, flaws, tokenIn, recovery });
	try {
		return await runJson([
			'--url', server.url, `--secret=${secret}`, '--issuer', ISSUER, '--audience', AUDIENCE,
			'--namespace', '/', '--namespace', '/admin', '--origin', 'https://evil.example', '--token-in', tokenIn,
			...(otherSub === null ? [] : ['--other-sub', otherSub]),
		]);
	} finally {
		await server.close();
	}
}

/** Every scenario PASS but those opened (FAIL or WARN) and those skipped. */
function expectedVerdicts(opened: Verdicts, skip: string[] = []) {
	return Object.fromEntries(ALL_SCENARIOS.map((key) => [key, opened[key] ?? (skip.includes(key) ? 'SKIP' : 'PASS')]));
}

function byId(report: CliReport) {
	return Object.fromEntries(report.results.map((result) => [result.id, result]));
}

test('every flaw on: exactly the scenarios they open FAIL, exit 1', async () => {
	const run = await audit([...FLAWS]);
	// With `replay`, nothing is held back, so `lose-missed` has nothing to lose: recovery-fresh passes.
	const opened = Object.assign({}, ...FLAWS.filter((flaw) => flaw !== 'lose-missed').map((flaw) => OPENS[flaw]));
	expect(verdicts(run.report)).toEqual(expectedVerdicts(opened));
	expect(run.code).toBe(1);
	const results = byId(run.report);
	expect(results.expired.outcome).toEqual(['connected', 'ack:{"id":"alice","name":"Alice"}']);
	expect(results['bad-signature'].outcome).toEqual(['connect_error:Unauthorized {"code":"REFUSED"}']);
	expect(results['no-token'].outcome).toEqual(['connect_error:Unauthorized {"code":"REFUSED"}']);
});

/** What a flaw's run must show beyond its verdicts. */
const SHOWS: Partial<Record<Flaw, (results: ReturnType<typeof byId>) => void>> = {
	// The missed message is on the wire before the refusal; Alice still gets it back.
	replay: (results) => {
		const missed = 'wire:message:{"from":"Alice","text":"sent while Alice was away"}';
		for (const id of ['replay-expired', 'replay-no-token', 'replay-forged']) {
			expect(results[id].outcome, id).toEqual([missed, 'connect_error:Unauthorized {"code":"REFUSED"}']);
		}
		expect(results['replay-other-user'].outcome).toEqual([missed, 'connect_error:Unauthorized {"code":"SESSION_MISMATCH"}']);
		expect(results['recovery-fresh'].outcome).toContain('message:{"from":"Alice","text":"sent while Alice was away"}');
		expect(results['recovery-fresh'].note).toBe('the server restored her session, with the message she missed');
	},
	// Nothing on the wire: the other user is let in, and reads what Alice missed as its own.
	takeover: (results) => {
		expect(results['replay-other-user'].outcome).toEqual([
			'connected', 'message:{"from":"Alice","text":"sent while Alice was away"}', 'ack:{"id":"bob","name":"Bob"}',
		]);
		expect(results['replay-other-user'].note).toBe('the server gave this client Alice\'s session');
	},
	'lose-missed': (results) => {
		expect(results['recovery-fresh'].note).toBe('the server restored her session, but without the "message" she missed');
	},
};

for (const flaw of FLAWS) {
	test(`only the ${flaw} flaw on: only ${Object.keys(OPENS[flaw]).join(', ')} ${Object.values(OPENS[flaw])[0]}`, async () => {
		const run = await audit([flaw]);
		expect(verdicts(run.report)).toEqual(expectedVerdicts(OPENS[flaw]));
		expect(run.code).toBe(Object.values(OPENS[flaw]).includes('FAIL') ? 1 : 0);
		SHOWS[flaw]?.(byId(run.report));
	});
}

test('no flaw: everything PASSes, exit 0, and it says what it sent', async () => {
	const run = await audit([]);
	expect(verdicts(run.report)).toEqual(expectedVerdicts({}));
	expect(run.code).toBe(0);
	const results = byId(run.report);
	// The hold-back: refused with nothing on the wire, and Alice gets what she missed once checked.
	expect(results['replay-no-token'].outcome).toEqual(['connect_error:Unauthorized {"code":"REFUSED"}']);
	expect(results['replay-other-user'].outcome).toEqual(['connect_error:Unauthorized {"code":"SESSION_MISMATCH"}']);
	expect(results['recovery-fresh'].outcome).toEqual([
		'connected', 'message:{"from":"Alice","text":"sent while Alice was away"}', 'ack:{"id":"alice","name":"Alice"}',
	]);
	expect(results['recovery-fresh'].note).toBe('the server restored her session, with the message she missed');
	const { summary } = run.report;
	expect(summary).toMatchObject({ pass: 20, warn: 0, fail: 0, skip: 0 });
	// One connection per scenario, Alice's for leak and recovery's reconnection, three for each
	// replay (Alice, the sender, the replaying client) and one to check --other-sub's token:
	// bounded, never a flood.
	expect(summary.connections).toBeGreaterThanOrEqual(33);
	expect(summary.connections).toBeLessThanOrEqual(36);
	expect(summary.events).toBeGreaterThan(0);
	expect(summary.durationMs).toBeGreaterThan(0);
});

test('connectionStateRecovery off: the replays are SKIPped, not PASSed, and say why', async () => {
	const run = await audit([], { recovery: false });
	expect(verdicts(run.report)).toEqual(expectedVerdicts({}, REPLAYS));
	expect(run.code).toBe(0);
	for (const result of run.report.results.filter((r) => REPLAYS.includes(`${r.id}@${r.namespace}`))) {
		expect(result.note, result.id).toBe('no session to replay: connectionStateRecovery is off, the CONNECT packet has no pid');
	}
	// Found out once: no connections spent on the other four.
	expect(run.report.summary.connections).toBeLessThanOrEqual(20);
});

// Also replay-other-user's skips: without --other-sub (query), and with an --other-sub the server
// does not know (header), which would otherwise PASS for the wrong reason.
for (const [tokenIn, otherSub, note] of [
	['query', null, /^skipped: give --other-sub </],
	['header', 'carol', /^skipped: --other-sub carol's valid token was refused on its own \(connect_error:Unauthorized \{"code":"REFUSED"\}\): give a user the server knows$/],
] as const) {
	test(`--token-in ${tokenIn}: a server reading its token there passes, non-string is skipped; --other-sub ${otherSub ?? 'absent'}: replay-other-user is skipped`, async () => {
		const run = await audit([], { tokenIn, otherSub });
		expect(verdicts(run.report)).toEqual(expectedVerdicts({}, ['non-string@/', 'replay-other-user@/']));
		expect(byId(run.report)['replay-other-user'].note).toMatch(note);
		expect(run.code).toBe(0);
	});
}

// A login that signs `{ sub: 1, username: 'alice' }` with no other claims, and a client that sends
// the token in a cookie: audited with tokens of that shape, the server passes; with a string sub
// (the default), the valid token is refused, which FAILs, and the note says why.
test('--sub-type number, --claims and --token-in cookie: a server with numeric ids passes; a string sub FAILs valid, saying why', async () => {
	const secret = randomBytes(32).toString('base64url');
	const server = await startFlawedServer({ secret, issuer: ISSUER, audience: AUDIENCE, tokenIn: 'cookie', numericIds: true });
	const common = ['--url', server.url, `--secret=${secret}`, '--issuer', ISSUER, '--audience', AUDIENCE, '--namespace', '/', '--namespace', '/admin', '--origin', 'https://evil.example', '--token-in', 'cookie'];
	try {
		const typed = await runJson([...common, '--sub', '1', '--sub-type', 'number', '--other-sub', '2', '--claims', '{"username":"alice"}']);
		expect(verdicts(typed.report)).toEqual(expectedVerdicts({}, ['non-string@/']));
		expect(typed.code).toBe(0);
		const untyped = await runJson([...common, '--sub', '1']);
		expect(verdicts(untyped.report)['valid@/']).toBe('FAIL');
		expect(byId(untyped.report).valid.note).toMatch(/refused exactly as a user the server does not know .* add --sub-type number/);
		expect(untyped.code).toBe(1);
	} finally {
		await server.close();
	}
});

// A server that finds users by `username` (the guide's JWT_USER_ID_CLAIM=username) and reads
// `sub` for nothing. With --user-claim, each token names its own user there: the whole audit
// passes, unknown-user and replay-other-user included. With the name fixed in --claims instead,
// every token names Alice: the unknown user's and Bob's get in as hers, so unknown-user and
// replay-other-user FAIL for the audit's mistake. With neither, Alice is refused as an unknown
// user, and the note points to --user-claim.
test('--user-claim username: a server that finds users by username passes, unknown-user included; a username in --claims or none FAILs, saying why', async () => {
	const secret = randomBytes(32).toString('base64url');
	const server = await startFlawedServer({ secret, issuer: ISSUER, audience: AUDIENCE, userClaim: 'username' });
	const common = ['--url', server.url, `--secret=${secret}`, '--issuer', ISSUER, '--audience', AUDIENCE, '--namespace', '/', '--namespace', '/admin', '--origin', 'https://evil.example', '--other-sub', 'bob'];
	try {
		const named = await runJson([...common, '--user-claim', 'username']);
		expect(verdicts(named.report)).toEqual(expectedVerdicts({}));
		expect(byId(named.report)['unknown-user'].outcome).toEqual(['connect_error:Unauthorized {"code":"REFUSED"}']);
		expect(byId(named.report)['replay-other-user'].outcome).toEqual(['connect_error:Unauthorized {"code":"SESSION_MISMATCH"}']);
		expect(named.code).toBe(0);

		const fixed = await runJson([...common, '--claims', '{"username":"alice"}']);
		expect(verdicts(fixed.report)).toEqual(expectedVerdicts(failing('unknown-user@/', 'replay-other-user@/')));
		expect(byId(fixed.report)['unknown-user'].outcome).toEqual(['connected', 'ack:{"id":"alice","name":"Alice"}']);
		expect(fixed.code).toBe(1);

		const neither = await runJson(common);
		expect(verdicts(neither.report)['valid@/']).toBe('FAIL');
		expect(byId(neither.report).valid.note).toMatch(/refused exactly as a user the server does not know .* add --user-claim <claim>\)\? Give --sub/);
	} finally {
		await server.close();
	}
});

// An app whose clients send `addNewMessage` and receive `message`, with an unprotected namespace
// (the `admin` flaw), audited there: listening for the event it sends, the leak goes unseen
// (WARN, with a note that says what to give); with --receive-event, it FAILs.
test('--receive-event: a leak broadcast under another name than the one sent is found', async () => {
	const secret = randomBytes(32).toString('base64url');
	const server = await startFlawedServer({ secret, issuer: ISSUER, audience: AUDIENCE, flaws: ['admin'], sendEvent: 'addNewMessage' });
	const common = ['--url', server.url, `--secret=${secret}`, '--issuer', ISSUER, '--audience', AUDIENCE, '--namespace', '/admin', '--broadcast-event', 'addNewMessage'];
	try {
		const sameName = byId((await runJson(common)).report).leak;
		expect(sameName.verdict).toBe('WARN');
		expect(sameName.note).toMatch(/no "addNewMessage" arrived: if the server broadcasts under another name, give --receive-event/);
		const received = byId((await runJson([...common, '--receive-event', 'message'])).report).leak;
		expect(received.verdict).toBe('FAIL');
		expect(received.outcome.some((seen) => seen.startsWith('message:'))).toBe(true);
	} finally {
		await server.close();
	}
});

// Where each line's page points: a path by default, with one note that says how to get full
// links, and full links under the guide's address with --docs-url or WS_AUTH_CHECK_DOCS_URL (the
// option winning), in text and JSON alike. Only the links are read: short waits do.
test('--docs-url, or WS_AUTH_CHECK_DOCS_URL: full links in text and JSON; without either, paths and one note', async () => {
	const secret = randomBytes(32).toString('base64url');
	const server = await startFlawedServer({ secret, issuer: ISSUER, audience: AUDIENCE });
	const common = ['--url', server.url, `--secret=${secret}`, '--issuer', ISSUER, '--audience', AUDIENCE, '--timeout-scale', '0.2'];
	const fromEnv = { env: { WS_AUTH_CHECK_DOCS_URL: 'https://env.example/' } };
	try {
		const paths = (await runJson(common)).report;
		expect(paths.results.length).toBe(ALL_SCENARIOS.length);
		for (const result of paths.results) {
			expect(result.page, result.id).toMatch(/^\/(approaches|guides)\/[a-z-]+\/(#[a-z-]+)?$/);
			expect(result.learnMore, result.id).toBeUndefined();
		}
		expect(paths.docs).toEqual({ url: null, note: expect.stringMatching(/^Pages are paths on the guide's site: give --docs-url <url> for full links/) });

		const linked = (await runJson([...common, '--docs-url', 'https://guide.example/ws-auth/'], fromEnv)).report;
		expect(linked.docs).toEqual({ url: 'https://guide.example/ws-auth' });
		expect(linked.results.map((result) => result.learnMore)).toEqual(paths.results.map((result) => `https://guide.example/ws-auth${result.page}`));

		const text = (await runCli(common)).stdout.trimEnd().split('\n');
		const lines = text.filter((line) => /^(PASS|WARN|FAIL|SKIP) /.test(line));
		expect(lines.length).toBe(ALL_SCENARIOS.length);
		for (const line of lines) expect(line).toMatch(/ \/(approaches|guides)\/\S+$/);
		expect(text.at(-1)).toBe(paths.docs.note);
		expect(text.filter((line) => line.includes('127.0.0.1:4321'))).toEqual([paths.docs.note]);

		const envText = (await runCli(common, fromEnv)).stdout.trimEnd().split('\n');
		for (const line of envText.filter((line) => /^(PASS|WARN|FAIL|SKIP) /.test(line))) expect(line).toMatch(/ https:\/\/env\.example\/(approaches|guides)\/\S+$/);
		expect(envText.at(-1)).toMatch(/^Summary: /);
	} finally {
		await server.close();
	}
});

for (const alg of ['RS256', 'ES256'] as const) {
	test(`--private-key with --alg ${alg}: a server verifying ${alg} with the public key passes, and fails with a flaw`, async () => {
		const { privateKey, publicKey } =
			alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
		const dir = mkdtempSync(join(tmpdir(), 'ws-auth-check-key-'));
		const keyFile = join(dir, 'key.pem');
		writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }));
		try {
			for (const flaws of [[], ['expired']] as Flaw[][]) {
				const server = await startFlawedServer({ publicKey, alg, issuer: ISSUER, audience: AUDIENCE, flaws });
				try {
					const run = await runJson([
						'--url', server.url, '--private-key', keyFile, '--alg', alg, '--issuer', ISSUER, '--audience', AUDIENCE,
						'--namespace', '/', '--namespace', '/admin', '--origin', 'https://evil.example', '--other-sub', 'bob',
					]);
					expect(verdicts(run.report), `flaws: ${flaws.join(', ') || 'none'}`).toEqual(expectedVerdicts(Object.assign({}, ...flaws.map((flaw) => OPENS[flaw]))));
				} finally {
					await server.close();
				}
			}
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
}
