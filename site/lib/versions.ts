/**
 * The versions the examples were verified with: read at build time from the packages installed
 * for the examples, so the page cannot claim a version the tests did not run.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const VERIFIED_PACKAGES = [
	'@nestjs/core',
	'@nestjs/websockets',
	'@nestjs/platform-socket.io',
	'jose',
	'socket.io',
	'socket.io-client',
	'typescript',
] as const;

/** The plain WebSocket examples' own packages, read where examples/ws-recommended loads them from. */
export const WS_VERIFIED_PACKAGES = ['@nestjs/platform-ws', 'ws'] as const;

/** The version Node's resolution would load from `from` (a directory), or throws. */
export function installedVersion(name: string, from = join(process.cwd(), 'examples/recommended')): string {
	for (let dir = from; ; dir = dirname(dir)) {
		const manifest = join(dir, 'node_modules', name, 'package.json');
		if (existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')).version;
		if (dirname(dir) === dir) throw new Error(`${name} is not installed: run npm install`);
	}
}

export function verifiedVersions(): Array<{ name: string; version: string }> {
	return [
		...VERIFIED_PACKAGES.map((name) => ({ name, version: installedVersion(name) })),
		...WS_VERIFIED_PACKAGES.map((name) => ({ name, version: installedVersion(name, join(process.cwd(), 'examples/ws-recommended')) })),
		// The Node that runs the tests: node_modules/.bin/node, from the `node` devDependency.
		{ name: 'node', version: installedVersion('node', process.cwd()) },
	];
}

/** The packages a reader's app is pinned to by its lockfile, as the copy test installs it. */
export const READERS_APP_PACKAGES = ['@nestjs/core', '@nestjs/websockets', '@nestjs/platform-socket.io', 'socket.io', 'typescript'] as const;

/**
 * The versions in the package-lock.json of the reader's-app fixture for a NestJS major
 * (tests/fixtures/readers-app/nest<major>/): what tests/readers-app/ installs before copying a
 * page into it. Throws when one is missing, so the page cannot show a version the test did not use.
 */
export function readersAppVersions(major: string, root = process.cwd()): Array<{ name: string; version: string }> {
	return lockedVersions(`nest${major}`, READERS_APP_PACKAGES, root);
}

/**
 * The same for the plain WebSocket reader's app of a major (tests/fixtures/readers-app/nest<major>-ws/):
 * the packages it has instead of socket.io's, the plain WebSocket examples' own.
 */
export function wsReadersAppVersions(major: string, root = process.cwd()): Array<{ name: string; version: string }> {
	return lockedVersions(`nest${major}-ws`, WS_VERIFIED_PACKAGES, root);
}

function lockedVersions(app: string, names: readonly string[], root: string): Array<{ name: string; version: string }> {
	const lockfile = join(root, `tests/fixtures/readers-app/${app}/package-lock.json`);
	const { packages } = JSON.parse(readFileSync(lockfile, 'utf8')) as { packages: Record<string, { version?: string }> };
	return names.map((name) => {
		const version = packages[`node_modules/${name}`]?.version;
		if (!version) throw new Error(`${lockfile} has no ${name}`);
		return { name, version };
	});
}
