// Starts the playground server (`npm start`'s server) on a free loopback port, the way the
// playground tests do, and stops it, its examples with it, whatever happens.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { track } from './apps.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
// Enough of its log for an error message, bounded however much it prints (a flood logs a lot).
const KEPT_OUTPUT = 64 * 1024;
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 10_000;

/** A port nobody listens on right now. */
function freePort() {
	return new Promise((resolve, reject) => {
		const probe = createServer();
		probe.once('error', reject);
		probe.listen(0, '127.0.0.1', () => {
			const { port } = probe.address();
			probe.close(() => resolve(port));
		});
	});
}

/**
 * Starts the server with the built examples as they are (PLAYGROUND_SKIP_BUILD=1) and resolves
 * once GET /api/health says every example runs.
 * @param {Record<string, string>} env e.g. PLAYGROUND_EXAMPLES and the rate limits
 * @returns {Promise<{ url: string, pid: number, output: () => string, stop: () => Promise<void> }>}
 */
export async function startPlayground(env = {}) {
	const port = await freePort();
	const url = `http://127.0.0.1:${port}`;
	const child = spawn(process.execPath, ['playground-server/src/main.ts'], {
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
			process.kill(-child.pid, 'SIGKILL');
		} catch {
			child.kill('SIGKILL');
		}
	};
	const untrack = track(child, killGroup);
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
	let output = '';
	for (const stream of [child.stdout, child.stderr]) stream.setEncoding('utf8').on('data', (chunk) => (output = (output + chunk).slice(-KEPT_OUTPUT)));

	/** SIGTERM (the server stops its examples itself), then SIGKILL to the group after STOP_TIMEOUT_MS. */
	async function stop() {
		if (alive()) {
			child.kill('SIGTERM');
			await Promise.race([exited, sleep(STOP_TIMEOUT_MS)]);
			if (alive()) {
				killGroup();
				await exited;
			}
		}
		untrack();
	}

	try {
		await waitHealthy(url, alive, () => output);
	} catch (error) {
		await stop();
		throw error;
	}
	return { url, pid: child.pid, output: () => output, stop };
}

async function waitHealthy(url, alive, output) {
	for (const deadline = Date.now() + READY_TIMEOUT_MS; Date.now() < deadline; await sleep(250)) {
		if (!alive()) throw new Error(`the playground server exited before it was ready:\n${output()}`);
		const health = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2000) }).then((response) => response.json()).catch(() => null);
		if (health?.status === 'ok') return;
	}
	throw new Error(`the playground server was not healthy within ${READY_TIMEOUT_MS / 1000} s:\n${output()}`);
}
