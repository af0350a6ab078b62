// nginx for the tests that put the playground behind it, as playground-server/README.md tells a
// reader to: Debian's nginx, started in a temporary directory of its own with a self-signed
// certificate, and stopped with everything it wrote.
//
// No npm package ships nginx, so this uses the system's (NGINX overrides the path). Where there is
// none and this runs as root on a machine with apt-get (a fresh Debian or Ubuntu box, a CI
// container), it installs Debian's package first, as examples/several-nodes/demo/redis-server.mjs
// does for Redis; anywhere else it stops with the command to install it.
import { execFileSync, spawn } from 'node:child_process';
import { accessSync, chmodSync, constants, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { answering } from './raw-http.ts';

/** How long a process waits for another one's apt-get install. */
const INSTALL_WAIT_MS = 5 * 60_000;
const START_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 5_000;

interface Tool {
	name: string;
	/** The environment variable that names the executable. */
	variable: string;
	/** Where Debian puts it, for a PATH without sbin (a non-root shell's). */
	usual: string;
	/** Debian's package. */
	debian: string;
	/** How to install it, for the error message. */
	howTo: string;
}

const NGINX: Tool = {
	name: 'nginx',
	variable: 'NGINX',
	usual: '/usr/sbin/nginx',
	// `nginx` holds the server itself from Debian 12 on (nginx-light and nginx-full only add modules);
	// on older releases it pulls in nginx-core. Either way it has proxy, map, limit_conn and ssl.
	debian: 'nginx',
	howTo: '  Debian/Ubuntu: sudo apt-get install nginx\n  macOS:         brew install nginx\n',
};

const OPENSSL: Tool = {
	name: 'openssl',
	variable: 'OPENSSL',
	usual: '/usr/bin/openssl',
	debian: 'openssl',
	howTo: '  Debian/Ubuntu: sudo apt-get install openssl\n  macOS:         brew install openssl\n',
};

/** Where nginx is: NGINX, else PATH, else /usr/sbin/nginx, else (root with apt-get) Debian's. */
export const findNginx = (env = process.env) => find(NGINX, env);

/** Where openssl is, found (or installed) the same way; it makes the test certificate. */
const findOpenssl = (env = process.env) => find(OPENSSL, env);

function find(tool: Tool, env: NodeJS.ProcessEnv): string {
	const given = env[tool.variable];
	if (given) {
		if (!isExecutable(given)) throw new Error(`${tool.variable}=${given}: no executable file there.`);
		return given;
	}
	const found = () => onPath(tool.name, env) ?? (isExecutable(tool.usual) ? tool.usual : undefined);
	if (!found() && canInstallWithApt(env)) installOnce(tool, found, env);
	const path = found();
	if (path) return path;
	throw new Error(
		`${tool.name} is not installed, and the test of the README's reverse proxy set-up needs it. Install it:\n${tool.howTo}` +
			`or set ${tool.variable} to the path of a ${tool.name} binary.`,
	);
}

/**
 * apt-get install, run by one process at a time (a lock directory), so that test workers starting
 * together do not install twice; DPkg::Lock::Timeout waits for any other apt-get (a Redis install).
 */
function installOnce(tool: Tool, found: () => string | undefined, env: NodeJS.ProcessEnv) {
	const lock = join(tmpdir(), `${tool.debian}-install.lock`);
	const deadline = Date.now() + INSTALL_WAIT_MS;
	for (;;) {
		try {
			mkdirSync(lock);
			break;
		} catch {
			if (Date.now() > deadline) return;
			Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
		}
	}
	try {
		// Another process may have installed it while this one waited for the lock.
		if (found()) return;
		console.error(`${tool.name} is not installed: installing Debian's ${tool.debian} package with apt-get (once)...`);
		const apt = (...args: string[]) => execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
		apt('update', '-qq');
		apt('install', '-y', '-qq', '--no-install-recommends', tool.debian);
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

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

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
	return (env.PATH ?? '')
		.split(delimiter)
		.filter(Boolean)
		.map((dir) => join(dir, name))
		.find(isExecutable);
}

function canInstallWithApt(env: NodeJS.ProcessEnv): boolean {
	return process.platform === 'linux' && process.getuid?.() === 0 && onPath('apt-get', env) !== undefined;
}

function isExecutable(path: string): boolean {
	try {
		accessSync(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}
