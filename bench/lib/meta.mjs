// Where and with what the figures were measured.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { round } from './stats.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The installed version of a package, looked up the way Node resolves it from `from`. */
export function installedVersion(name, from = root) {
	for (let dir = from; ; dir = dirname(dir)) {
		const file = join(dir, 'node_modules', name, 'package.json');
		if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')).version;
		if (dirname(dir) === dir) return null;
	}
}

/** The command as typed: `npm run <script>` when run through npm. */
export function command(fallback) {
	const script = process.env.npm_lifecycle_event;
	return script ? `npm run ${script}` : fallback;
}

/** The load average (1, 5, 15 minutes), to two decimals: how busy the machine was. */
export const loadAverage = () => os.loadavg().map((n) => round(n, 2));

export function machine() {
	const cpus = os.cpus();
	return {
		node: process.version,
		platform: `${os.type()} ${os.release()} ${os.arch()}`,
		cpu: { model: cpus[0]?.model.trim() ?? 'unknown', cores: cpus.length },
		memoryBytes: os.totalmem(),
	};
}

/** Versions of what the examples run on, resolved from an example's folder. */
export function serverPackages() {
	const from = join(root, 'examples/recommended');
	const names = ['@nestjs/core', '@nestjs/common', '@nestjs/websockets', '@nestjs/platform-socket.io', 'jose', 'socket.io', 'engine.io', 'socket.io-client', 'typescript'];
	return Object.fromEntries(names.map((name) => [name, installedVersion(name, from)]));
}

/**
 * Which playground server was measured: the commit, whether playground-server/ differed from it,
 * and a hash of its sources as they were, so that figures from two versions of the server (both
 * uncommitted, say) can be told apart.
 */
export function playgroundSource() {
	const dir = join(root, 'playground-server/src');
	const hash = createHash('sha256');
	const files = readdirSync(dir, { recursive: true }).map(String).sort();
	for (const file of files.filter((name) => statSync(join(dir, name)).isFile())) hash.update(`${file}\0`).update(readFileSync(join(dir, file)));
	const git = (...args) => {
		try {
			return execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
		} catch {
			return null;
		}
	};
	const status = git('status', '--porcelain', '--', 'playground-server');
	return { commit: git('rev-parse', 'HEAD'), uncommittedChanges: status === null ? null : status.length > 0, sourceSha256: hash.digest('hex') };
}

export const RESULTS_FILE = join(root, 'bench/results.json');

export function readResults() {
	return existsSync(RESULTS_FILE) ? JSON.parse(readFileSync(RESULTS_FILE, 'utf8')) : {};
}

/** Writes results.json as it is committed: tab-indented, one trailing newline. */
export function writeResults(results) {
	writeFileSync(RESULTS_FILE, `${JSON.stringify(results, null, '\t')}\n`);
}
