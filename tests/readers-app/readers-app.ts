import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { signJwt } from '../../examples/recommended/demo/tokens.mjs';
import { freePort } from '../../scripts/start-playground.mjs';
import { applyChange, type ChangeLine } from './apply-change.ts';
import type { NestjsMajor } from '../../site/lib/readers-app.ts';
import { fixtureDir, prepareBase, QUIET_NPM_ENV, run } from './install-cache.ts';

/**
 * What a page's "Add it to your app" part tells the reader to do, as read from the built page, or
 * what several pages tell, followed in order (followInOrder() in page-instructions.ts).
 */
export interface CopyInstructions {
	/** The page's path, or the pages' paths joined with " then ". */
	page: string;
	/** The `sh` install commands per NestJS major, run in turn, e.g. "npm install @nestjs/jwt@12 …". */
	install: Record<NestjsMajor, string[]>;
	/** Whole new files. */
	files: Array<{ path: string; code: string }>;
	/** Diffs for files the reader already has. */
	changes: Array<{ path: string; lines: ChangeLine[] }>;
	/** `sh` text: `export NAME=value` lines (comments allowed), every env block of the page in order. */
	env: string;
	/** `sh` command printing a valid token for alice on stdout; runs after `env` in the same shell. */
	mintToken?: string;
}

export interface RunningApp {
	url: string;
	/** The app's folder, compiled. */
	dir: string;
	/** Exactly the variables the page's env block exports. */
	env: Record<string, string>;
	/** The token the page's mint command printed. */
	token: string;
	stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

/**
 * The reader's app of NestJS `major` in `dir` (emptied first) with the page's instructions
 * followed: install commands, new files, changes, compiled with the app's own tsc, started with
 * exactly the page's environment, except for `overrides`: values for settings the page exports
 * that must point at what the test started (REDIS_URL: the test's Redis), which the token
 * command sees too. Rejects with the failing step's output; no process is left running unless it
 * resolves (then call stop()).
 */
export async function runReadersApp(
	instructions: CopyInstructions,
	major: NestjsMajor,
	dir: string,
	{ overrides = {} }: { overrides?: Record<string, string> } = {},
): Promise<RunningApp> {
	const base = await prepareBase(major);
	const fixture = fixtureDir(major);
	await rm(dir, { recursive: true, force: true });
	await mkdir(dir, { recursive: true });
	for (const file of ['package.json', 'package-lock.json', 'tsconfig.json']) {
		await cp(join(fixture, file), join(dir, file));
	}
	await cp(join(fixture, 'src'), join(dir, 'src'), { recursive: true });
	await cp(join(base, 'node_modules'), join(dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });

	const shellEnv = baseEnv();
	const installs = instructions.install[major];
	if (!installs.length || installs.some((command) => !command.trim())) {
		throw new Error(`${instructions.page}: an install command for NestJS ${major} is missing`);
	}
	for (const install of installs) {
		await run('sh', ['-c', install], dir, { ...process.env, PATH: shellEnv.PATH, ...QUIET_NPM_ENV });
	}

	for (const file of instructions.files) {
		const path = inside(dir, file.path);
		await mkdir(dirname(path), { recursive: true });
		await writeFile(path, file.code.endsWith('\n') ? file.code : `${file.code}\n`);
	}
	for (const change of instructions.changes) {
		const path = inside(dir, change.path);
		const text = await readFile(path, 'utf8').catch(() => {
			throw new Error(`${change.path}: the page changes a file the reader's app does not have`);
		});
		await writeFile(path, applyChange(text, change.lines, change.path));
	}

	await run(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], dir, shellEnv).catch((error: Error) => {
		throw new Error(`The reader's app (NestJS ${major}) with the code of ${instructions.page} does not compile:\n${error.message}`);
	});

	const env = await pageEnv(instructions.env, dir);
	for (const [name, value] of Object.entries(overrides)) {
		if (!(name in env)) throw new Error(`${instructions.page}: the test overrides ${name}, which the page does not export`);
		env[name] = value;
	}
	if (!instructions.mintToken) throw new Error(`${instructions.page}: no [data-app-token] block says how to mint a token`);
	// In the environment the page's exports produced, as in the reader's shell: running them again
	// would draw a new random secret.
	const token = (await run('sh', ['-c', instructions.mintToken], dir, { ...shellEnv, ...env }, { stdoutOnly: true }))
		.trimEnd()
		.split('\n')
		.at(-1)
		?.trim();
	if (!token) throw new Error(`${instructions.page}: the token command printed nothing`);

	const { url, stop } = await startInstance(dir, env);
	return { url, dir, env, token, stop };
}

/**
 * Starts the compiled app in `dir` with `env` on a free PORT, as the page's "try it" step does,
 * and resolves once it listens; rejects with its output if it exits or does not listen in time.
 */
export async function startInstance(dir: string, env: Record<string, string>): Promise<{ url: string; stop(): Promise<void> }> {
	const port = await freePort();
	const { child, output } = startCompiledApp(dir, env, port);
	const stop = () => kill(child);
	try {
		await waitForPort(port, child, output);
	} catch (error) {
		await stop();
		throw error;
	}
	return { url: `http://127.0.0.1:${port}`, stop };
}

/**
 * Starts the compiled app with `env` (and a free PORT) and waits for it to exit, which it must
 * within START_TIMEOUT_MS: resolves with its exit code and output. For settings left unset.
 */
export async function startExpectingExit(dir: string, env: Record<string, string>): Promise<{ code: number | null; output: string }> {
	const { child, output } = startCompiledApp(dir, env, await freePort());
	const timer = setTimeout(() => child.kill('SIGKILL'), START_TIMEOUT_MS);
	const code = await new Promise<number | null>((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
	clearTimeout(timer);
	return { code, output: output() };
}

/** Runs the reader's compiled app (`node dist/main.js`) with `env` and PORT, keeping its output. */
function startCompiledApp(dir: string, env: Record<string, string>, port: number): { child: ChildProcess; output: () => string } {
	const child = spawn(process.execPath, ['dist/main.js'], {
		cwd: dir,
		env: { ...baseEnv(), ...env, PORT: String(port) },
		stdio: ['ignore', 'pipe', 'pipe'],
	});
	let output = '';
	child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
	child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
	return { child, output: () => output };
}

/** PATH (with this Node first, so `node` in the page's commands is the one running the tests) and HOME. */
function baseEnv(): Record<string, string> {
	return {
		PATH: `${dirname(process.execPath)}:${process.env.PATH ?? '/usr/bin:/bin'}`,
		HOME: process.env.HOME ?? '/tmp',
	};
}

function inside(dir: string, path: string): string {
	if (path.startsWith('/') || path.split('/').includes('..')) throw new Error(`not a path inside the app: ${path}`);
	return join(dir, path);
}

/** The variables the env block sets: what `env -0` shows after it, less what a bare `sh` shows. */
async function pageEnv(script: string, dir: string): Promise<Record<string, string>> {
	const parse = (out: string) =>
		new Map(
			out
				.split('\0')
				.filter((entry) => entry.includes('='))
				.map((entry) => [entry.slice(0, entry.indexOf('=')), entry.slice(entry.indexOf('=') + 1)] as const),
		);
	const before = parse(await run('sh', ['-c', 'env -0'], dir, baseEnv(), { stdoutOnly: true }));
	const after = parse(await run('sh', ['-c', `${script}\nenv -0`], dir, baseEnv(), { stdoutOnly: true }));
	const env: Record<string, string> = {};
	for (const [name, value] of after) {
		if (name !== '_' && before.get(name) !== value) env[name] = value;
	}
	return env;
}

async function waitForPort(port: number, child: ChildProcess, output: () => string): Promise<void> {
	const deadline = Date.now() + START_TIMEOUT_MS;
	for (;;) {
		if (child.exitCode !== null || child.signalCode !== null) {
			throw new Error(`The app exited (${child.signalCode ?? `exit ${child.exitCode}`}) before listening:\n${output()}`);
		}
		if (await accepts(port)) return;
		if (Date.now() > deadline) throw new Error(`The app did not listen on ${port} within ${START_TIMEOUT_MS} ms:\n${output()}`);
		await sleep(100);
	}
}

function accepts(port: number): Promise<boolean> {
	return new Promise((resolve) => {
		const socket = createConnection({ port, host: '127.0.0.1' });
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => resolve(false));
	});
}

async function kill(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
	await exited;
	clearTimeout(timer);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------
// Behaviour, with a real socket.io client.

/** What each check saw, as strings: `connected`, `connect_error:<message>`, `events:1`, `ack:0`, `disconnect:<reason>`. */
export interface ReadersAppOutcomes {
	'no-token': string[];
	valid: string[];
	expired: string[];
	expiry?: string[];
}

/** What a page's code must give the reader's app (the sample gateway answers `events` and `identity`). */
export function expectedOutcomes({ expiry }: { expiry: boolean }): ReadersAppOutcomes {
	return {
		'no-token': ['connect_error:Unauthorized'],
		valid: ['connected', 'events:1', 'events:2', 'events:3', 'ack:0'],
		expired: ['connect_error:Unauthorized'],
		...(expiry ? { expiry: ['connected', 'disconnect:io server disconnect'] } : {}),
	};
}

const CONNECT_TIMEOUT_MS = 5_000;
const EXPIRY_TOKEN_SECONDS = 2;
const EXPIRY_DISCONNECT_TIMEOUT_MS = 10_000;

/** Runs the checks against a started app and reports what happened (compare with expectedOutcomes()). */
export async function checkReadersApp(
	app: Pick<RunningApp, 'url' | 'env' | 'token'>,
	{ expiry, tokenCookie }: { expiry: boolean; tokenCookie?: string },
): Promise<ReadersAppOutcomes> {
	const session = (token: string | undefined, body: SessionBody) => sessionWith(app.url, carry(token, tokenCookie), body);
	const outcomes: ReadersAppOutcomes = {
		'no-token': await session(undefined, async () => {}),
		valid: await session(app.token, async (socket, log) => {
			const received: unknown[] = [];
			socket.on('events', (data: unknown) => received.push(data));
			socket.emit('events', { test: 'test' });
			const deadline = Date.now() + 5_000;
			while (received.length < 3 && Date.now() < deadline) await sleep(20);
			for (const data of received) log(`events:${JSON.stringify(data)}`);
			try {
				log(`ack:${JSON.stringify(await socket.timeout(5_000).emitWithAck('identity', 0))}`);
			} catch {
				log('ack-timeout:identity');
			}
		}),
		expired: await session(sign(app.env, -60), async () => {}),
	};
	if (expiry) {
		outcomes.expiry = await session(sign(app.env, EXPIRY_TOKEN_SECONDS), async (socket) => {
			const deadline = Date.now() + EXPIRY_DISCONNECT_TIMEOUT_MS;
			while (socket.connected && Date.now() < deadline) await sleep(50);
		});
	}
	return outcomes;
}

type SessionBody = (socket: Socket, log: (outcome: string) => void) => Promise<void>;

/**
 * The client options that carry `token` (none when undefined): in `auth`, or, once the page has
 * the app read a cookie, as that cookie on the handshake request, as a browser sends it.
 */
function carry(token: string | undefined, tokenCookie: string | undefined): Partial<ManagerOptions & SocketOptions> {
	if (token === undefined) return {};
	return tokenCookie ? { extraHeaders: { cookie: `${tokenCookie}=${token}` } } : { auth: { token } };
}

/**
 * Connects (websocket only, no reconnection) with `handshake`, runs `body` once connected, then
 * closes. Records `connected` or `connect_error:<message>` (or `timeout:connect`), what `body`
 * logs, and a disconnect that the server causes.
 */
async function sessionWith(url: string, handshake: Partial<ManagerOptions & SocketOptions>, body: SessionBody): Promise<string[]> {
	const outcomes: string[] = [];
	const log = (outcome: string) => outcomes.push(outcome);
	const socket = io(url, {
		transports: ['websocket'],
		reconnection: false,
		timeout: CONNECT_TIMEOUT_MS,
		forceNew: true,
		...handshake,
	});
	let closing = false;
	socket.on('disconnect', (reason) => {
		if (!closing) log(`disconnect:${reason}`);
	});
	try {
		const connected = await new Promise<boolean>((resolve) => {
			const timer = setTimeout(() => {
				log('timeout:connect');
				resolve(false);
			}, CONNECT_TIMEOUT_MS + 1_000);
			socket.once('connect', () => {
				clearTimeout(timer);
				log('connected');
				resolve(true);
			});
			socket.once('connect_error', (error: Error) => {
				clearTimeout(timer);
				log(`connect_error:${error.message}`);
				resolve(false);
			});
		});
		if (connected) await body(socket, log);
		else await sleep(200); // a refused socket must stay refused: a late `connect` would be logged
	} finally {
		closing = true;
		socket.removeAllListeners();
		socket.disconnect();
	}
	return outcomes;
}

/**
 * An HS256 token for alice with the page's JWT_SECRET (and JWT_ISSUER / JWT_AUDIENCE when set),
 * expiring `expiresIn` seconds from now (negative: already expired).
 */
export function sign(env: Record<string, string>, expiresIn: number): string {
	const secret = env.JWT_SECRET;
	if (!secret) throw new Error('the page sets no JWT_SECRET: cannot sign test tokens');
	const now = Math.floor(Date.now() / 1000);
	// Whole seconds: at least `expiresIn` seconds left when positive.
	const exp = expiresIn > 0 ? Math.ceil(Date.now() / 1000) + expiresIn : now + expiresIn;
	const payload: Record<string, unknown> = { sub: 'alice', iat: Math.min(now, exp - 1), exp };
	if (env.JWT_ISSUER) payload.iss = env.JWT_ISSUER;
	if (env.JWT_AUDIENCE) payload.aud = env.JWT_AUDIENCE;
	return signJwt(payload, secret);
}
