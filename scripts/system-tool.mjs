// A program the tests or the bench need from the system (nginx, openssl, python3): no npm package
// ships it. Where it is missing and this runs as root on a machine with apt-get (a fresh Debian or
// Ubuntu box, a CI container), Debian's package is installed first, as
// examples/several-nodes/demo/redis-server.mjs does for Redis (that example keeps its own copy: it
// is standalone); anywhere else the error says how to install it.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';

/** How long a process waits for another one's apt-get install. */
const INSTALL_WAIT_MS = 5 * 60_000;

/**
 * @typedef {object} SystemTool
 * @property {string} name the command
 * @property {string} variable the environment variable that names the executable
 * @property {string} usual where Debian puts it, for a PATH without sbin (a non-root shell's)
 * @property {string} debian Debian's package
 * @property {string} howTo how to install it, for the error message
 * @property {string} neededFor what needs it, for the error message
 */

/**
 * Where `tool` is: its variable, else PATH, else its usual place, else (root with apt-get) where
 * Debian's package puts it. Throws an Error that says how to install it otherwise.
 * @param {SystemTool} tool
 * @returns {string}
 */
export function findSystemTool(tool, env = process.env) {
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
		`${tool.name} is not installed, and ${tool.neededFor} needs it. Install it:\n${tool.howTo}` + `or set ${tool.variable} to the path of a ${tool.name} binary.`,
	);
}

/**
 * apt-get install, run by one process at a time (a lock directory), so that test workers starting
 * together do not install twice; DPkg::Lock::Timeout waits for any other apt-get (a Redis install).
 * @param {SystemTool} tool
 * @param {() => string | undefined} found
 * @param {NodeJS.ProcessEnv} env
 */
function installOnce(tool, found, env) {
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
		/** @param {string[]} args */
		const apt = (...args) => execFileSync('apt-get', ['-o', 'DPkg::Lock::Timeout=300', ...args], { stdio: 'inherit', env: { ...env, DEBIAN_FRONTEND: 'noninteractive' } });
		apt('update', '-qq');
		apt('install', '-y', '-qq', '--no-install-recommends', tool.debian);
	} finally {
		rmSync(lock, { recursive: true, force: true });
	}
}

/** @param {string} name @param {NodeJS.ProcessEnv} env */
function onPath(name, env) {
	return (env.PATH ?? '')
		.split(delimiter)
		.filter(Boolean)
		.map((dir) => join(dir, name))
		.find(isExecutable);
}

/** @param {NodeJS.ProcessEnv} env */
function canInstallWithApt(env) {
	return process.platform === 'linux' && process.getuid?.() === 0 && onPath('apt-get', env) !== undefined;
}

/** @param {string} path */
function isExecutable(path) {
	try {
		accessSync(path, constants.X_OK);
		return true;
	} catch {
		return false;
	}
}
