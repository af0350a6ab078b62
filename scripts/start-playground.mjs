// Starts the playground server (`npm start`'s server) as a child process on a free loopback port
// and stops it, its examples with it, whatever happens. Used by the benchmark and by the tests
// that need a server of their own (their own port, limits and timeouts).
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// Enough of its log for an error message, bounded however much it prints (a flood logs a lot).
const KEPT_OUTPUT = 64 * 1024;
const STOP_TIMEOUT_MS = 10_000;

/** A port nobody listens on right now (another run may be using the usual ones). */
export function freePort() {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const address = /** @type {import('node:net').AddressInfo} */ (probe.address());
			probe.close(() => resolve(address.port));
		});
	});
}

/**
 * @typedef {object} StartedPlayground
 * @property {number} port
 * @property {string} url http://127.0.0.1:<port>
 * @property {import('node:child_process').ChildProcess} child what `command` started
 * @property {Promise<number | string | null>} exited its exit code, or the signal that ended it
 * @property {() => string} stdout the end of its standard output
 * @property {() => string} stderr the end of its standard error
 * @property {() => Promise<void>} stop SIGTERM (the server stops its examples itself), then SIGKILL to its group
 */

/**
 * Starts the server with the built examples as they are (PLAYGROUND_SKIP_BUILD=1) and resolves
 * once GET /api/health says every example that can run on this machine runs: status `ok`, or
 * `partial` when an example on several nodes has no Redis (its entry there says why).
 * @param {object} [options]
 * @param {Record<string, string>} [options.env] settings (PLAYGROUND_EXAMPLES, limits…) over ours
 * @param {number} [options.port] by default a free one
 * @param {number} [options.readyTimeoutMs] how long to wait for every example to run (builds included)
 * @param {string[]} [options.command] what to run; by default the server itself, e.g. ['npm', 'start']
 * @param {(child: import('node:child_process').ChildProcess, killGroup: () => void) => void} [options.onSpawn]
 *   called at once, e.g. to register the process for a run's clean-up
 * @returns {Promise<StartedPlayground>}
 */
export async function startPlayground({ env = {}, port, readyTimeoutMs = 90_000, command = [process.execPath, 'playground-server/src/main.ts'], onSpawn } = {}) {
	port ??= await freePort();
	const url = `http://127.0.0.1:${port}`;
	const [file, ...args] = command;
	const child = spawn(/** @type {string} */ (file), args, {
		cwd: root,
		env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', PLAYGROUND_SKIP_BUILD: '1', ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
		// A process group of its own: one SIGKILL to the group takes its examples with it.
		detached: true,
	});
	const alive = () => child.exitCode === null && child.signalCode === null;
	// Only while the server lives: after that its group id could name someone else's processes.
	const killGroup = () => {
		if (!alive()) return;
		try {
			process.kill(-(/** @type {number} */ (child.pid)), 'SIGKILL');
		} catch {
			child.kill('SIGKILL');
		}
	};
	onSpawn?.(child, killGroup);
	/** @type {Promise<number | string | null>} */
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
	const output = { stdout: '', stderr: '' };
	for (const name of /** @type {const} */ (['stdout', 'stderr'])) {
		child[name]?.setEncoding('utf8').on('data', (chunk) => (output[name] = (output[name] + chunk).slice(-KEPT_OUTPUT)));
	}
	const log = () => output.stdout + output.stderr;

	async function stop() {
		if (!alive()) return;
		child.kill('SIGTERM');
		await Promise.race([exited, sleep(STOP_TIMEOUT_MS)]);
		if (alive()) {
			killGroup();
			await exited;
		}
	}

	try {
		await waitHealthy(url, readyTimeoutMs, alive, log);
	} catch (error) {
		await stop();
		throw error;
	}
	return { port, url, child, exited, stdout: () => output.stdout, stderr: () => output.stderr, stop };
}

/**
 * @param {string} url
 * @param {number} timeoutMs
 * @param {() => boolean} alive
 * @param {() => string} log
 */
async function waitHealthy(url, timeoutMs, alive, log) {
	for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(250)) {
		if (!alive()) throw new Error(`the playground server exited before it was ready:\n${log()}`);
		const health = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) })
			.then((response) => response.json())
			.catch(() => null);
		if (health?.status === 'ok' || health?.status === 'partial') return;
	}
	throw new Error(`the playground server was not healthy within ${timeoutMs / 1000} s:\n${log()}`);
}
