// Starts the built example (dist/main.js) as a child process on a free port and resolves once
// it is listening. Same file in every example.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const LISTENING = /listening on (http:\/\/[^\s\u001b]+)/;
// What output() returns: enough for any test or error message, bounded for long-running children.
const KEPT_OUTPUT = 256 * 1024;

/**
 * @param {{ dir?: string, env?: Record<string, string>, nodeArgs?: string[], timeoutMs?: number, signal?: AbortSignal }} options
 *   dir: the example's folder (default: the one this file is in); signal: aborting it before the
 *   app listens kills the child and rejects
 */
export function startApp({ dir = fileURLToPath(new URL('..', import.meta.url)), env = {}, nodeArgs = [], timeoutMs = 20_000, signal } = {}) {
	const child = spawn(process.execPath, [...nodeArgs, 'dist/main.js'], {
		cwd: dir,
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NO_COLOR: '1', ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	const exited = new Promise((resolve) => child.once('exit', (code, exitSignal) => resolve(code ?? exitSignal)));
	const url = new Promise((resolve, reject) => {
		const fail = (message) => {
			clearTimeout(timer);
			child.kill('SIGKILL');
			reject(new Error(`${dir}: ${message}\n${output}`));
		};
		const timer = setTimeout(() => fail(`no "listening on" line after ${timeoutMs} ms`), timeoutMs);
		let listening = false;
		const onData = (chunk) => {
			output = (output + chunk).slice(-KEPT_OUTPUT);
			if (listening) return;
			const match = LISTENING.exec(output);
			if (match) {
				listening = true;
				clearTimeout(timer);
				resolve(match[1]);
			}
		};
		child.stdout.setEncoding('utf8').on('data', onData);
		child.stderr.setEncoding('utf8').on('data', onData);
		exited.then((code) => {
			if (!listening) fail(`exited (${code}) before listening. Did you run "npm run build"?`);
		});
		if (signal?.aborted) fail('start aborted');
		signal?.addEventListener('abort', () => {
			if (!listening) fail('start aborted');
		}, { once: true });
	});
	return url.then((address) => ({
		url: address,
		child,
		exited,
		output: () => output,
		async stop() {
			if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
			await exited;
		},
	}));
}
