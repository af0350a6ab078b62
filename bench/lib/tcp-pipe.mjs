// The least a proxy can add: a process that pipes each TCP connection to the example, byte for
// byte, parsing nothing. The proxy part measures it beside the playground server, so the figures
// show how much of the playground's cost is the extra hop itself (a second process and loopback
// connection on the path) and how much is its own work.
//
// Run as a child (`node tcp-pipe.mjs <upstream port>`), it prints its own port once listening.
import { spawn } from 'node:child_process';
import { connect, createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const START_TIMEOUT_MS = 10_000;

/** A pipe to 127.0.0.1:`upstreamPort` in a process of its own: `{ url, child, stop() }`. */
export function startPipe(upstreamPort) {
	const child = spawn(process.execPath, [fileURLToPath(import.meta.url), String(upstreamPort)], { stdio: ['ignore', 'pipe', 'inherit'] });
	const stop = async () => {
		if (child.exitCode !== null || child.signalCode !== null) return;
		const exited = new Promise((resolve) => child.once('exit', resolve));
		child.kill();
		await exited;
	};
	return new Promise((resolve, reject) => {
		const timer = setTimeout(() => reject(new Error(`the TCP pipe did not start within ${START_TIMEOUT_MS} ms`)), START_TIMEOUT_MS);
		child.once('exit', (code) => reject(new Error(`the TCP pipe exited (${code}) before it listened`)));
		child.stdout.setEncoding('utf8').once('data', (line) => {
			clearTimeout(timer);
			resolve({ url: `http://127.0.0.1:${Number.parseInt(line, 10)}`, child, stop });
		});
	});
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const upstreamPort = Number(process.argv[2]);
	const server = createServer((client) => {
		const upstream = connect({ host: '127.0.0.1', port: upstreamPort, noDelay: true });
		client.setNoDelay(true);
		client.pipe(upstream).pipe(client);
		const close = () => (client.destroy(), upstream.destroy());
		client.on('error', close).on('close', close);
		upstream.on('error', close).on('close', close);
	});
	server.listen(0, '127.0.0.1', () => process.stdout.write(`${server.address().port}\n`));
}
