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
	'@nestjs/jwt',
	'jsonwebtoken',
	'socket.io',
	'socket.io-client',
	'typescript',
] as const;

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
		// The Node that runs the tests: node_modules/.bin/node, from the `node` devDependency.
		{ name: 'node', version: installedVersion('node', process.cwd()) },
	];
}
