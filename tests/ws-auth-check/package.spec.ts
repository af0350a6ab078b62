// ws-auth-check as a package: what `npm pack` puts in the tarball, and that the tarball installs
// into an empty project and runs from there (the page's "run it from your own project"), as well
// as from this repository after `npm install` (its workspace link).
import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { QUIET_NPM_ENV, ROOT } from '../readers-app/install-cache.ts';

const exec = promisify(execFile);
const PACKAGE_DIR = join(ROOT, 'ws-auth-check');
const manifest = JSON.parse(readFileSync(join(PACKAGE_DIR, 'package.json'), 'utf8'));
const npmEnv = { ...process.env, ...QUIET_NPM_ENV };

test('the tarball holds the CLI, its modules and README, and no tests', async () => {
	const { stdout } = await exec('npm', ['pack', '--dry-run', '--json'], { cwd: PACKAGE_DIR, env: npmEnv });
	const [packed] = JSON.parse(stdout);
	const files: string[] = packed.files.map((file: { path: string }) => file.path).sort();
	expect(packed.name).toBe('ws-auth-check');
	expect(files).toContain(manifest.bin['ws-auth-check'].replace(/^\.\//, ''));
	expect(files).toEqual(expect.arrayContaining(['README.md', 'package.json', 'src/args.mjs', 'src/scenarios.mjs', 'src/plain-websocket.mjs', 'src/ws-scenario-engine.mjs']));
	expect(files.filter((file) => file.endsWith('.test.mjs'))).toEqual([]);
});

test('the tarball installs into an empty project and its bin runs there', async () => {
	test.setTimeout(120_000);
	const dir = mkdtempSync(join(tmpdir(), 'ws-auth-check-pack-'));
	try {
		const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', dir], { cwd: PACKAGE_DIR, env: npmEnv });
		const tarball = join(dir, JSON.parse(stdout)[0].filename);
		expect(tarball).toMatch(new RegExp(`ws-auth-check-${manifest.version}\\.tgz$`));
		const app = join(dir, 'app');
		mkdirSync(app);
		writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'readers-app', private: true }));
		await exec('npm', ['install', '--save-dev', tarball], { cwd: app, env: npmEnv });
		const help = await exec('npx', ['ws-auth-check', '--help'], { cwd: app, env: npmEnv });
		expect(help.stdout).toContain('--url');
		const usage = await exec('npx', ['ws-auth-check', '--secret', 's'], { cwd: app, env: npmEnv }).then(
			() => ({ code: 0, stderr: '' }),
			(error: { code: number; stderr: string }) => error,
		);
		expect(usage.code).toBe(2);
		expect(usage.stderr).toContain('missing --url');
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
});

test('after npm install at the root, npx ws-auth-check runs the workspace package', async () => {
	const { stdout } = await exec('npx', ['ws-auth-check', '--help'], { cwd: ROOT, env: npmEnv });
	expect(stdout).toContain('--timeout-scale');
});
