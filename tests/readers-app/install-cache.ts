import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, readFile, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { NestjsMajor } from '../../site/lib/readers-app.ts';

/**
 * The readers' apps' dependencies (tests/fixtures/readers-app/<app>/), installed once per app and
 * per version of its package.json + package-lock.json, under node_modules/.cache/readers-app/.
 * Each test copies the installed tree instead of installing it again.
 */

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** For npm in the tests: from its cache when it can, without audit, funding or update notices. */
export const QUIET_NPM_ENV = {
	npm_config_prefer_offline: 'true',
	npm_config_audit: 'false',
	npm_config_fund: 'false',
	npm_config_update_notifier: 'false',
} as const;
export const CACHE_DIR = join(ROOT, 'node_modules', '.cache', 'readers-app');

/** tests/fixtures/readers-app/<app>/: one reader's app (the folder's README says which is which). */
export function fixtureDir(app: string): string {
	return join(ROOT, 'tests', 'fixtures', 'readers-app', app);
}

/** The reader's app as `nest new` makes it on NestJS `major`, plus the socket.io gateway sample. */
export function sampleApp(major: NestjsMajor): string {
	return `nest${major}`;
}

/** The same on @nestjs/platform-ws: `nest new` plus the docs' `ws` gateway sample (WsAdapter). */
export function wsSampleApp(major: NestjsMajor): string {
	return `${sampleApp(major)}-ws`;
}

/**
 * A directory holding the fixture's package.json, package-lock.json and the node_modules that
 * `npm ci` installs from them; installed on first use. The install goes to a temporary directory
 * renamed into place when complete, so a crashed run leaves no half cache, and two workers that
 * race both end up with the one complete directory.
 */
export async function prepareBase(app: string): Promise<string> {
	const fixture = fixtureDir(app);
	const manifest = await readFile(join(fixture, 'package.json'));
	const lock = await readFile(join(fixture, 'package-lock.json'));
	const hash = createHash('sha256').update(manifest).update('\0').update(lock).digest('hex').slice(0, 16);
	const base = join(CACHE_DIR, `${app}-${hash}`);
	if (await isDir(join(base, 'node_modules'))) return base;

	await mkdir(CACHE_DIR, { recursive: true });
	const temp = await mkdtemp(join(CACHE_DIR, `.tmp-${app}-`));
	try {
		await copyFile(join(fixture, 'package.json'), join(temp, 'package.json'));
		await copyFile(join(fixture, 'package-lock.json'), join(temp, 'package-lock.json'));
		await run('npm', ['ci', '--no-audit', '--no-fund'], temp);
		try {
			await rename(temp, base);
		} catch (error) {
			// Another worker renamed its complete install into place first: use that one.
			if (!(await isDir(join(base, 'node_modules')))) throw error;
		}
	} finally {
		await rm(temp, { recursive: true, force: true });
	}
	return base;
}

async function isDir(path: string): Promise<boolean> {
	return stat(path).then(
		(s) => s.isDirectory(),
		() => false,
	);
}

/**
 * Runs a command, resolving with its output (stdout and stderr, or stdout alone with
 * `stdoutOnly`) when it exits 0; otherwise rejects with all of its output.
 */
export function run(
	command: string,
	args: string[],
	cwd: string,
	env: NodeJS.ProcessEnv = process.env,
	{ stdoutOnly = false }: { stdoutOnly?: boolean } = {},
): Promise<string> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
		let stdout = '';
		let output = '';
		child.stdout.on('data', (chunk: Buffer) => {
			stdout += chunk;
			output += chunk;
		});
		child.stderr.on('data', (chunk: Buffer) => (output += chunk));
		child.on('error', reject);
		child.on('close', (code, signal) => {
			if (code === 0) resolve(stdoutOnly ? stdout : output);
			else reject(new Error(`\`${[command, ...args].join(' ')}\` in ${cwd} failed (${signal ?? `exit ${code}`}):\n${output}`));
		});
	});
}
