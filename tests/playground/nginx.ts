// nginx for the tests that put the playground behind it, as playground-server/README.md tells a
// reader to: Debian's nginx, started in a temporary directory of its own with a self-signed
// certificate, and stopped with everything it wrote.
//
// No npm package ships nginx, so this uses the system's (NGINX overrides the path), installed by
// scripts/system-tool.mjs where it can be (root with apt-get), else an error says how.
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { findSystemTool, type SystemTool } from '../../scripts/system-tool.mjs';
import { answering } from './raw-http.ts';

const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

const NGINX: SystemTool = {
	name: 'nginx',
	variable: 'NGINX',
	usual: '/usr/sbin/nginx',
	// `nginx` holds the server itself from Debian 12 on (nginx-light and nginx-full only add modules);
	// on older releases it pulls in nginx-core. Either way it has proxy, map, limit_conn and ssl.
	debian: 'nginx',
	howTo: '  Debian/Ubuntu: sudo apt-get install nginx\n  macOS:         brew install nginx\n',
	neededFor: "the test of the README's reverse proxy set-up",
};

const OPENSSL: SystemTool = {
	name: 'openssl',
	variable: 'OPENSSL',
	usual: '/usr/bin/openssl',
	debian: 'openssl',
	howTo: '  Debian/Ubuntu: sudo apt-get install openssl\n  macOS:         brew install openssl\n',
	neededFor: "the test of the README's reverse proxy set-up (its certificate)",
};

/** Where nginx is: NGINX, else PATH, else /usr/sbin/nginx, else (root with apt-get) Debian's. */
export const findNginx = (env = process.env) => findSystemTool(NGINX, env);

/** Where openssl is, found (or installed) the same way; it makes the test certificate. */
const findOpenssl = (env = process.env) => findSystemTool(OPENSSL, env);

export interface Certificate {
	certificate: string;
	key: string;
	/** The certificate's PEM text, for clients to trust it (`ca`). */
	pem: string;
}

export interface StartedNginx {
	/** Fast shutdown (SIGTERM to its process group), SIGKILL if that hangs; then its directory is removed. */
	stop(): Promise<void>;
}

/**
 * Starts nginx on 127.0.0.1:`port` with `httpConf(certificate)` in its `http` context (what
 * /etc/nginx/conf.d/*.conf holds), and resolves once the port accepts connections. The
 * certificate is self-signed for 127.0.0.1 and localhost.
 */
export async function startNginx(port: number, httpConf: (certificate: Certificate) => string): Promise<StartedNginx> {
	const nginx = findNginx();
	const dir = mkdtempSync(join(tmpdir(), 'playground-nginx-'));
	// Started as root, nginx's workers run as an unprivileged user: they must reach the directory.
	chmodSync(dir, 0o755);
	writeFileSync(join(dir, 'site.conf'), httpConf(makeCertificate(dir)));
	writeFileSync(join(dir, 'nginx.conf'), mainConf(dir));
	const child = spawn(nginx, ['-p', dir, '-c', join(dir, 'nginx.conf')], { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
	// What it says before it has read the config (a syntax error, a port in use) goes to stderr.
	let stderr = '';
	child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	const alive = () => child.exitCode === null && child.signalCode === null;
	// The master and its workers: a group of their own. SIGKILL to the master alone would leave the workers.
	const signalGroup = (signal: NodeJS.Signals) => alive() && process.kill(-child.pid!, signal);
	const orphanGuard = () => signalGroup('SIGKILL');
	process.once('exit', orphanGuard);
	const errors = () => stderr + read(join(dir, 'error.log'));

	async function stop() {
		process.off('exit', orphanGuard);
		signalGroup('SIGTERM');
		await Promise.race([exited, sleep(STOP_TIMEOUT_MS)]);
		signalGroup('SIGKILL');
		await exited;
		rmSync(dir, { recursive: true, force: true });
	}

	for (const deadline = Date.now() + START_TIMEOUT_MS; !(await answering(port)); await sleep(50)) {
		if (!alive() || Date.now() > deadline) {
			const log = errors();
			await stop();
			throw new Error(`nginx did not start on port ${port}:\n${log}`);
		}
	}
	return { stop };
}

/** The main config: in the foreground, everything it writes inside `dir`, `site.conf` in `http`. */
function mainConf(dir: string): string {
	const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `\t${kind}_temp_path ${join(dir, kind)};`);
	return [
		'daemon off;',
		'master_process on;',
		'worker_processes 1;',
		`pid ${join(dir, 'nginx.pid')};`,
		`error_log ${join(dir, 'error.log')} warn;`,
		'events {}',
		'http {',
		`\taccess_log ${join(dir, 'access.log')};`,
		...temp,
		`\tinclude ${join(dir, 'site.conf')};`,
		'}',
		'',
	].join('\n');
}

/** A self-signed certificate for 127.0.0.1 and localhost, valid for a day. */
function makeCertificate(dir: string): Certificate {
	const certificate = join(dir, 'cert.pem');
	const key = join(dir, 'key.pem');
	// An EC key: made at once, where an RSA one takes a noticeable moment.
	const newKey = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key];
	const subject = ['-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost'];
	execFileSync(findOpenssl(), ['req', '-x509', ...newKey, ...subject, '-days', '1', '-out', certificate], { stdio: 'pipe' });
	return { certificate, key, pem: readFileSync(certificate, 'utf8') };
}

function read(path: string): string {
	try {
		return readFileSync(path, 'utf8');
	} catch {
		return '';
	}
}
