// A throwaway Redis for the demo, the tests and the playground: `redis-server` on a free port of
// 127.0.0.1, nothing saved to disk, stopped with the process that started it.
//
// No npm package ships a Redis server, so this uses the system's `redis-server` (REDIS_SERVER
// overrides the path). Where there is none and this runs as root on a machine with apt-get (a
// fresh Debian or Ubuntu box, a CI container), it installs Debian's `redis-server` package first;
// anywhere else it stops with the command to install it.
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, constants, mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

const READY = /Ready to accept connections/;
/** How long a process waits for another one's apt-get install of redis-server. */
const INSTALL_WAIT_MS = 5 * 60_000;

/**
 * Where `redis-server` is: REDIS_SERVER, else the first on PATH, else (root with apt-get) the one
 * apt-get installs. Throws an Error that says how to install it otherwise.
 * @param {{ env?: NodeJS.ProcessEnv, install?: boolean, log?: (line: string) => void }} [options]
 *   install: false never runs apt-get (for the tests of this function)
 */
export function findRedisServer({ env = process.env, install = true, log = (line) => console.error(line) } = {}) {
	if (env.REDIS_SERVER) {
		if (!isExecutable(env.REDIS_SERVER)) throw new Error(`REDIS_SERVER=${env.REDIS_SERVER}: no executable file there.`);
		return env.REDIS_SERVER;
	}
	const found = onPath('redis-server', env);
	if (found) return found;
	if (install && canInstallWithApt(env)) {
		const installed = withInstallLock(() => {
			// Another process may have installed it while this one waited for the lock.
			if (onPath('redis-server', env)) return;
			log('redis-server is not installed: installing Debian\'s redis-server package with apt-get (once)...');
			const apt = (...args) => execFileSync('apt-get', args, { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
			apt('update', '-qq');
			apt('install', '-y', '-qq', '--no-install-recommends', 'redis-server');
		}) && onPath('redis-server', env);
		if (installed) return installed;
	}
	throw new Error(
		'redis-server is not installed, and this example needs a Redis to run two nodes. Install it:\n' +
			'  Debian/Ubuntu: sudo apt-get install redis-server\n' +
			'  macOS:         brew install redis\n' +
			'  Docker:        docker run -d -p 6379:6379 redis:7   (then set REDIS_URL=redis://127.0.0.1:6379)\n' +
			'or set REDIS_SERVER to the path of a redis-server binary.',
	);
}

/**
 * Starts a Redis and resolves once it accepts connections.
 * @param {{ port?: number, env?: NodeJS.ProcessEnv, timeoutMs?: number }} [options]
 *   port: the port to listen on (default: a free one; pass the old one to bring a stopped Redis back)
 * @returns {Promise<{ url: string, port: number, exited: Promise<number | null>, stop(): Promise<void> }>}
 *   exited: resolves with redis-server's exit code when it exits, whether stop() asked or not
 */
export async function startRedis({ port, env = process.env, timeoutMs = 10_000 } = {}) {
	const executable = findRedisServer({ env });
	const listenPort = port ?? (await freePort());
	// No RDB snapshots, no append-only file: nothing is written to disk, nothing outlives the run.
	const child = spawn(executable, ['--port', String(listenPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	const exited = new Promise((resolve) => child.once('exit', resolve));
	await new Promise((resolve, reject) => {
		const timer = setTimeout(() => fail(`no "Ready to accept connections" after ${timeoutMs} ms`), timeoutMs);
		function fail(why) {
			clearTimeout(timer);
			child.kill('SIGKILL');
			reject(new Error(`redis-server on port ${listenPort}: ${why}\n${output}`));
		}
		const onData = (chunk) => {
			output += chunk;
			if (READY.test(output)) {
				clearTimeout(timer);
				resolve(undefined);
			}
		};
		child.stdout.on('data', onData);
		child.stderr.on('data', onData);
		child.once('error', (error) => fail(error.message));
		child.once('exit', (code) => fail(`exited with ${code}`));
	});
	// Stop with whoever started it, even if they forget to.
	const orphanGuard = () => child.kill('SIGKILL');
	process.once('exit', orphanGuard);
	return {
		url: `redis://127.0.0.1:${listenPort}`,
		port: listenPort,
		exited,
		async stop() {
			process.off('exit', orphanGuard);
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
			await exited;
		},
	};
}

/**
 * Runs `install` while holding a lock directory, so that processes starting at the same time (the
 * tests and the playground) do not run apt-get together: the second would fail on dpkg's lock.
 * Returns true once `install` has run in some process, false if the lock never came free.
 */
function withInstallLock(install) {
	const lock = join(tmpdir(), 'redis-server-install.lock');
	const deadline = Date.now() + INSTALL_WAIT_MS;
	for (;;) {
		try {
			mkdirSync(lock);
			break;
		} catch {
			if (Date.now() > deadline) return false;
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
		}
	}
	try {
		install();
		return true;
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

function freePort() {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.once('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
			server.close(() => resolve(port));
		});
	});
}

function onPath(name, env) {
	for (const dir of (env.PATH ?? '').split(delimiter)) {
		if (dir && isExecutable(join(dir, name))) return join(dir, name);
	}
	return undefined;
}

function canInstallWithApt(env) {
	return process.platform === 'linux' && process.getuid?.() === 0 && onPath('apt-get', env) !== undefined;
}

function isExecutable(path) {
	try {
		accessSync(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}
