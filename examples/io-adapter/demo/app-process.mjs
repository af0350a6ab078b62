// Starts the built example (dist/main.js) as a child process on a free port and resolves once
// it is listening. Same file in every example.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const LISTENING = /listening on (http:\/\/[^\s\u001b]+)/;

/**
 * @param {{ dir?: string, env?: Record<string, string>, nodeArgs?: string[], timeoutMs?: number }} options
 *   dir: the example's folder (default: the one this file is in)
 */
export function startApp({ dir = fileURLToPath(new URL('..', import.meta.url)), env = {}, nodeArgs = [], timeoutMs = 20_000 } = {}) {
	const child = spawn(process.execPath, [...nodeArgs, 'dist/main.js'], {
		cwd: dir,
		env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NO_COLOR: '1', ...env },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
	const url = new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`${dir}: no "listening on" line after ${timeoutMs} ms:\n${output}`)), timeoutMs);
		const onData = (chunk) => {
			output += chunk;
			const match = LISTENING.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve(match[1]);
			}
		};
		child.stdout.setEncoding('utf8').on('data', onData);
		child.stderr.setEncoding('utf8').on('data', onData);
		exited.then((code) => {
			clearTimeout(timer);
			reject(new Error(`${dir}: exited (${code}) before listening. Did you run "npm run build"?\n${output}`));
		});
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
