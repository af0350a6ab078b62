// ws-auth-check against a plain socket.io server it knows nothing about, with known flaws
// switched on one at a time: the tool must FAIL exactly the scenarios each flaw opens, and pass
// the server once the flaws are off (so it is not a tool that always fails).
import { expect, test } from '@playwright/test';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FLAWS, startFlawedServer, type Flaw } from './fixtures/flawed-server.mjs';
import { runJson, verdicts } from './run-cli.ts';

test.describe.configure({ mode: 'parallel' });

const ISSUER = 'flawed-issuer';
const AUDIENCE = 'flawed-audience';

/** What each flaw opens: the scenarios that must FAIL, and only those. */
const OPENS: Record<Flaw, string[]> = {
	// Accepted at the handshake, never disconnected at exp, let back in after a drop.
	expired: ['expired@/', 'expiry@/', 'recovery@/'],
	admin: ['namespace@/admin'],
	origin: ['origin@/'],
};

const ALL_SCENARIOS = [
	'valid@/', 'no-token@/', 'malformed@/', 'bad-signature@/', 'expired@/', 'alg-none@/', 'unknown-user@/',
	'non-string@/', 'oversized@/', 'leak@/', 'expiry@/', 'namespace@/admin', 'retry@/', 'recovery@/', 'origin@/',
];

async function audit(flaws: Flaw[], { tokenIn = 'auth' as 'auth' | 'query' | 'header' } = {}) {
	const secret = randomBytes(32).toString('base64url');
	const server = await startFlawedServer({ secret, issuer: ISSUER, audience: AUDIENCE, flaws, tokenIn });
	try {
		return await runJson([
			'--url', server.url, `--secret=${secret}`, '--issuer', ISSUER, '--audience', AUDIENCE,
			'--namespace', '/', '--namespace', '/admin', '--origin', 'https://evil.example', '--token-in', tokenIn,
		]);
	} finally {
		await server.close();
	}
}

/** Every scenario PASS but those listed, which must be FAIL (or SKIP). */
function expectedVerdicts(fail: string[], skip: string[] = []) {
	return Object.fromEntries(ALL_SCENARIOS.map((key) => [key, fail.includes(key) ? 'FAIL' : skip.includes(key) ? 'SKIP' : 'PASS']));
}

test('every flaw on: exactly the scenarios they open FAIL, exit 1', async () => {
	const run = await audit([...FLAWS]);
	expect(verdicts(run.report)).toEqual(expectedVerdicts(Object.values(OPENS).flat()));
	expect(run.code).toBe(1);
	const byId = Object.fromEntries(run.report.results.map((result) => [result.id, result]));
	expect(byId.expired.outcome).toEqual(['connected', 'ack:{"id":"alice","name":"Alice"}']);
	expect(byId['bad-signature'].outcome).toEqual(['connect_error:Unauthorized {"code":"REFUSED"}']);
	expect(byId['no-token'].outcome).toEqual(['connect_error:Unauthorized {"code":"REFUSED"}']);
});

for (const flaw of FLAWS) {
	test(`only the ${flaw} flaw on: only ${OPENS[flaw].join(', ')} FAIL`, async () => {
		const run = await audit([flaw]);
		expect(verdicts(run.report)).toEqual(expectedVerdicts(OPENS[flaw]));
		expect(run.code).toBe(1);
	});
}

test('no flaw: everything PASSes, exit 0, and it says what it sent', async () => {
	const run = await audit([]);
	expect(verdicts(run.report)).toEqual(expectedVerdicts([]));
	expect(run.code).toBe(0);
	const { summary } = run.report;
	expect(summary).toMatchObject({ pass: 15, warn: 0, fail: 0, skip: 0 });
	// One connection per scenario, plus Alice's for leak: bounded, never a flood.
	expect(summary.connections).toBeGreaterThanOrEqual(16);
	expect(summary.connections).toBeLessThanOrEqual(20);
	expect(summary.events).toBeGreaterThan(0);
	expect(summary.durationMs).toBeGreaterThan(0);
});

for (const tokenIn of ['query', 'header'] as const) {
	test(`--token-in ${tokenIn}: a server reading its token there passes, non-string is skipped`, async () => {
		const run = await audit([], { tokenIn });
		expect(verdicts(run.report)).toEqual(expectedVerdicts([], ['non-string@/']));
		expect(run.code).toBe(0);
	});
}

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
						'--namespace', '/', '--namespace', '/admin', '--origin', 'https://evil.example',
					]);
					expect(verdicts(run.report), `flaws: ${flaws.join(', ') || 'none'}`).toEqual(expectedVerdicts(flaws.flatMap((flaw) => OPENS[flaw])));
				} finally {
					await server.close();
				}
			}
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
}
