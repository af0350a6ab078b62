import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { dirname, join } from 'node:path';
import { io, type ManagerOptions, type Socket, type SocketOptions } from 'socket.io-client';
import { outcome } from '../../examples/recommended/demo/outcomes.mjs';
import { signJwt } from '../../examples/recommended/demo/tokens.mjs';
import { sessionOf } from '../../examples/recommended/demo/wire.mjs';
import { freePort } from '../../scripts/start-playground.mjs';
import { addToImports, applyChange, type ChangeLine } from './apply-change.ts';
import { COPYABLE_PAGES, type CopyablePageId, type NestjsMajor } from '../../site/lib/readers-app.ts';
import { fixtureDir, prepareBase, QUIET_NPM_ENV, ROOT, run } from './install-cache.ts';

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
	/** Entries for the `imports` array of the reader's root module (`path`). */
	moduleImports: Array<{ path: string; entry: string }>;
	/** `sh` text: `export NAME=value` lines (comments allowed), every env block of the page in order. */
	env: string;
	/** `sh` command printing a valid token for alice on stdout; runs after `env` in the same shell (only when trying it with the demo secret). */
	mintToken?: string;
}

/** Which reader's app, on which NestJS major: tests/fixtures/readers-app/<fixture>. */
export interface ReadersAppFixture {
	fixture: string;
	major: NestjsMajor;
	/**
	 * The variable the app's gateway takes its port from when it listens on a port of its own (the
	 * `ws` sample's fixed 8080, made WS_PORT in the fixture): the test gives it a free port, so that
	 * apps started in parallel do not collide.
	 */
	gatewayPort?: string;
}

export interface RunningApp {
	url: string;
	/** The app's folder, compiled. */
	dir: string;
	/** Exactly the variables the page's env block exports, with the test's overrides. */
	env: Record<string, string>;
	/** The reader's own variables, which the page has nothing to do with (the gateway's port): start the app with them too. */
	readersEnv: Record<string, string>;
	/** `ws://` address of the gateway when it listens on a port of its own (`gatewayPort`). */
	gatewayUrl?: string;
	/** The token the page's mint command printed, when the page says how to mint one. */
	mintedToken?: string;
	stop(): Promise<void>;
}

const START_TIMEOUT_MS = 30_000;

/** The reader's gateway in the fixture apps: the NestJS docs' socket.io sample. */
export const READERS_GATEWAY = 'src/events/events.gateway.ts';

/**
 * The reader's own change, not the page's: connection state recovery turned on in their gateway,
 * as socket.io's docs show it (two minutes to come back), in `@WebSocketGateway({...})`'s
 * options. Returns the gateway's source with the option added; throws if it has no
 * `@WebSocketGateway({` line to add it to.
 */
export function turnOnRecovery(gatewaySource: string): string {
	return applyChange(
		gatewaySource,
		[
			{ kind: 'context', text: '@WebSocketGateway({' },
			{ kind: 'add', text: '  connectionStateRecovery: { maxDisconnectionDuration: 120_000 },' },
		],
		READERS_GATEWAY,
	);
}

/**
 * The reader's app in `dir` (emptied first) with the page's instructions followed: install
 * commands, new files (none may replace a file the app has), changes, root module imports,
 * compiled with the app's own tsc, started with exactly the page's environment, except for
 * `overrides`: the reader's own values for settings the page exports or names (their login's
 * secret, REDIS_URL: the test's Redis), which the token command sees too, and the reader's own
 * variables (a free port for a gateway with a port of its own, `gatewayPort`). With `recovery`, the
 * reader has turned connection state recovery on in their gateway (turnOnRecovery()) before
 * following the page, so the page's changes must apply to such a gateway too. Rejects with the
 * failing step's output; no process is left running unless it resolves (then call stop()).
 */
export async function runReadersApp(
	instructions: CopyInstructions,
	{ fixture: app, major, gatewayPort }: ReadersAppFixture,
	dir: string,
	{ overrides = {}, recovery = false }: { overrides?: Record<string, string>; recovery?: boolean } = {},
): Promise<RunningApp> {
	const fixture = await copyFixtureApp(app, dir);
	if (recovery) {
		const gateway = join(dir, READERS_GATEWAY);
		await writeFile(gateway, turnOnRecovery(await readFile(gateway, 'utf8')));
	}

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
		// Nothing of the reader's may be overwritten: their own AuthModule, AuthService, UsersService...
		if (await readFile(inside(fixture, file.path)).then(() => true, () => false)) {
			throw new Error(`${instructions.page}: its file ${file.path} would overwrite the reader's own (tests/fixtures/readers-app/${app})`);
		}
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
	for (const { path: file, entry } of instructions.moduleImports) {
		const path = inside(dir, file);
		await writeFile(path, addToImports(await readFile(path, 'utf8'), entry, file));
	}

	await compileApp(dir).catch((error: Error) => {
		throw new Error(`The reader's app (NestJS ${major}) with the code of ${instructions.page} does not compile:\n${error.message}`);
	});

	const env = await pageEnv(instructions.env, dir);
	for (const [name, value] of Object.entries(overrides)) {
		// A setting the page exports, or names in a commented-out `export` for readers who need it.
		if (!(name in env) && !new RegExp(`^#? *export ${name}=`, 'm').test(instructions.env)) {
			throw new Error(`${instructions.page}: the test sets ${name}, which the page neither exports nor names`);
		}
		env[name] = value;
	}
	let mintedToken: string | undefined;
	if (instructions.mintToken) {
		// In the environment the page's exports produced, as in the reader's shell: running them again
		// would draw a new random secret.
		mintedToken = (await run('sh', ['-c', instructions.mintToken], dir, { ...shellEnv, ...env }, { stdoutOnly: true }))
			.trimEnd()
			.split('\n')
			.at(-1)
			?.trim();
		if (!mintedToken) throw new Error(`${instructions.page}: the token command printed nothing`);
	}

	const readersEnv: Record<string, string> = {};
	let gatewayUrl: string | undefined;
	if (gatewayPort) {
		const port = await freePort();
		readersEnv[gatewayPort] = String(port);
		gatewayUrl = `ws://127.0.0.1:${port}`;
	}
	const { url, stop } = await startInstance(dir, { ...readersEnv, ...env });
	return { url, dir, env, readersEnv, gatewayUrl, mintedToken, stop };
}

/**
 * A fresh copy of the reader's app `app` (tests/fixtures/readers-app/<app>) in `dir`, with its
 * installed dependencies; resolves with the fixture's folder.
 */
export async function copyFixtureApp(app: string, dir: string): Promise<string> {
	const base = await prepareBase(app);
	const fixture = fixtureDir(app);
	await rm(dir, { recursive: true, force: true });
	await mkdir(dir, { recursive: true });
	for (const file of ['package.json', 'package-lock.json', 'tsconfig.json']) {
		await cp(join(fixture, file), join(dir, file));
	}
	await cp(join(fixture, 'src'), join(dir, 'src'), { recursive: true });
	await cp(join(base, 'node_modules'), join(dir, 'node_modules'), { recursive: true, verbatimSymlinks: true });
	return fixture;
}

/** Compiles the app in `dir` with its own TypeScript, as `npm run build` does. */
export async function compileApp(dir: string): Promise<void> {
	await run(join(dir, 'node_modules', '.bin', 'tsc'), ['-p', 'tsconfig.json'], dir, baseEnv());
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

/**
 * The replays of a session Alice left behind that the recovery check makes, named as the
 * examples' behaviour files name the same replays: no token, a valid token of another user, her
 * own fresh token.
 */
export const REPLAYS = ['replay-no-token', 'replay-other-user', 'recovery-fresh'] as const;
export type Replay = (typeof REPLAYS)[number];

/**
 * What each check saw, as strings: `connected`, `connect_error:<message>`, `events:1`, `ack:0`,
 * `disconnect:<reason>`. A replay is written in the examples' vocabulary (outcomes.mjs), the
 * refusal's `data` included (`connect_error:Unauthorized {"code":"TOKEN_MISSING"}`), with what the
 * wire showed before CONNECT (`wire:<event>:<first argument>`) and, after `connected`, whether the
 * CONNECT packet gave the replayed session back (`session:restored`) or a new one (`session:new`).
 */
export type ReadersAppOutcomes = {
	'no-token': string[];
	valid: string[];
	expired: string[];
	expiry?: string[];
} & Partial<Record<Replay, string[]>>;

/**
 * What a page's code must give the reader's app (the sample gateway answers `events` and
 * `identity`). `replays`: with the reader's gateway recovering sessions, what the page's example
 * shows for each replay (its behaviour file's outcomes), which the reader's app must mirror.
 */
export function expectedOutcomes({ expiry, replays }: { expiry: boolean; replays?: Record<Replay, string[]> }): ReadersAppOutcomes {
	return {
		'no-token': ['connect_error:Unauthorized'],
		valid: ['connected', 'events:1', 'events:2', 'events:3', 'ack:0'],
		expired: ['connect_error:Unauthorized'],
		...(expiry ? { expiry: ['connected', 'disconnect:io server disconnect'] } : {}),
		...(replays ? Object.fromEntries(REPLAYS.map((replay) => [replay, replayInReadersApp(replay, replays[replay])])) : {}),
	};
}

/** An example's behaviour file (examples/<slug>/behavior.json), as far as these checks read it. */
export interface Behavior {
	variants: Array<{ scenarios: Record<string, { outcomes?: string[] } | undefined> }>;
}

export function behaviorOf(example: string): Behavior {
	return JSON.parse(readFileSync(join(ROOT, 'examples', example, 'behavior.json'), 'utf8'));
}

/**
 * What the example of page `id` shows for each replay (its behaviour file, as shipped: the first
 * variant), which the reader's app must mirror (replayInReadersApp()). An example that records no
 * replay (several-nodes) stands for a page whose code is the code of the page it builds on,
 * changed: that page's example says.
 */
export function replayOutcomesOf(id: CopyablePageId): Record<Replay, string[]> {
	const { example, after } = COPYABLE_PAGES[id];
	const { scenarios } = behaviorOf(example).variants[0];
	const recorded = REPLAYS.filter((replay) => scenarios[replay]?.outcomes);
	if (recorded.length === REPLAYS.length) {
		return Object.fromEntries(REPLAYS.map((replay) => [replay, scenarios[replay]!.outcomes!])) as Record<Replay, string[]>;
	}
	if (recorded.length > 0 || !after) {
		throw new Error(`examples/${example}/behavior.json records ${recorded.join(', ') || 'none'} of ${REPLAYS.join(', ')}`);
	}
	return replayOutcomesOf(after);
}

/**
 * What `replay` gives in the reader's app, given the example's outcomes for it: where the example
 * refuses it, the same refusal (message and code) with nothing before it; where the example lets
 * it in, `connected`, to Alice's session restored. The example's other lines have no counterpart
 * here: the sample gateway sends Alice nothing while she is away (no missed packet to leak or to
 * deliver) and has no `whoami` to ask.
 */
export function replayInReadersApp(replay: Replay, exampleOutcomes: string[]): string[] {
	const refusal = exampleOutcomes.find((line) => line.startsWith('connect_error:'));
	if (refusal) return [refusal];
	if (exampleOutcomes.includes('connected') && !exampleOutcomes.some((line) => line.startsWith('disconnect:'))) {
		return ['connected', 'session:restored'];
	}
	throw new Error(`${replay}: the example neither refuses the replay nor keeps it connected (${exampleOutcomes.join(' → ')})`);
}

export const CONNECT_TIMEOUT_MS = 5_000;
/** The lifetime of the token that the expiry check opens a socket with, which must then end. */
export const EXPIRY_TOKEN_SECONDS = 2;
export const EXPIRY_DISCONNECT_TIMEOUT_MS = 10_000;
/** The lifetime of tokens that must stay valid throughout the check (a replay's, a forged one's). */
export const FRESH_TOKEN_SECONDS = 600;
/** How long Alice's client may take to receive the answers to `events`, or its WebSocket to close. */
export const ALICE_STEP_TIMEOUT_MS = 5_000;

/** The reader's tokens, as their login gives them. */
export interface ReadersTokens {
	/** Alice's, from the reader's login (or the page's mint command, to try it). */
	valid: string;
	/** A token of `user` (alice, or bob: a second user the app knows) that expires in `seconds` (negative: already expired). */
	mint(user: 'alice' | 'bob', seconds: number): Promise<string>;
}

/** Where the reader's client sends its token: `auth`, the Authorization header, or a cookie of that name. */
export type TokenIn = 'auth' | 'header' | { cookie: string };

/** Tokens for an app that has no login: signed as the page's mint command signs them (sign()). */
export function pageTokens(app: Pick<RunningApp, 'env' | 'mintedToken'>): ReadersTokens {
	if (!app.mintedToken) throw new Error('the page printed no token to try it with');
	return { valid: app.mintedToken, mint: async (user, seconds) => sign(app.env, seconds, user) };
}

/**
 * Runs the checks against a started app and reports what happened (compare with expectedOutcomes()).
 * `replays`: the reader's gateway has connectionStateRecovery on; replay sessions Alice left behind.
 */
export async function checkReadersApp(
	app: Pick<RunningApp, 'url'>,
	{ tokens, tokenIn = 'auth', expiry, replays = false }: { tokens: ReadersTokens; tokenIn?: TokenIn; expiry: boolean; replays?: boolean },
): Promise<ReadersAppOutcomes> {
	const session = (token: string | undefined, body: SessionBody) => sessionWith(app.url, carry(token, tokenIn), body);
	const outcomes: ReadersAppOutcomes = {
		'no-token': await session(undefined, async () => {}),
		valid: await session(tokens.valid, async (socket, log) => {
			const received: unknown[] = [];
			// With recovery on, socket.io appends the packet's offset as one more argument: not part of the answer.
			socket.on('events', (data: unknown) => received.push(data));
			socket.emit('events', { test: 'test' });
			await until(() => received.length >= 3, 5_000);
			for (const data of received) log(`events:${JSON.stringify(data)}`);
			try {
				log(`ack:${JSON.stringify(await socket.timeout(5_000).emitWithAck('identity', 0))}`);
			} catch {
				log('ack-timeout:identity');
			}
		}),
		expired: await session(await tokens.mint('alice', -60), async () => {}),
	};
	if (expiry) {
		outcomes.expiry = await session(await tokens.mint('alice', EXPIRY_TOKEN_SECONDS), async (socket) => {
			await until(() => !socket.connected, EXPIRY_DISCONNECT_TIMEOUT_MS);
		});
	}
	if (replays) Object.assign(outcomes, await checkReplays(app.url, tokens, tokenIn));
	return outcomes;
}

/**
 * The recovery check. For each replay, Alice (the app's token) leaves a session behind, and a
 * client asks for it back with her `pid` and `offset` in `auth` and, carried where the page's
 * code reads tokens, the replay's token: none, a valid one of bob (a user the pages' demo lookup
 * knows, so only the session check can refuse it), or a fresh one of her own. A session each:
 * the Redis Streams adapter hands a session out once, whoever asks.
 */
async function checkReplays(url: string, tokens: ReadersTokens, tokenIn: TokenIn): Promise<Record<Replay, string[]>> {
	const replayTokens: Record<Replay, string | undefined> = {
		'replay-no-token': undefined,
		'replay-other-user': await tokens.mint('bob', FRESH_TOKEN_SECONDS),
		'recovery-fresh': await tokens.mint('alice', FRESH_TOKEN_SECONDS),
	};
	const outcomes = {} as Record<Replay, string[]>;
	for (const replay of REPLAYS) {
		const left = await leaveSessionBehind(url, carry(tokens.valid, tokenIn));
		outcomes[replay] = await sessionWith(url, withSession(carry(replayTokens[replay], tokenIn), left), async () => {}, {
			tap: (socket, log) => tapReplay(socket, left.pid, log),
			refusal: (error) => outcome.connectError(error.message, error.data),
		});
	}
	return outcomes;
}

/** A session a client left behind, as its wire showed it: the pid of its CONNECT packet, the offset of its last event packet. */
interface LeftSession {
	pid: string;
	offset: string;
}

/** socket.io-parser's packet types (PacketType), as numbers on the wire. */
const PACKET = { CONNECT: 0, DISCONNECT: 1, EVENT: 2, ACK: 3, CONNECT_ERROR: 4, BINARY_EVENT: 5, BINARY_ACK: 6 } as const;

/**
 * Alice connects with `handshake`, emits `events` and receives the three answers, each with the
 * offset socket.io appends with recovery on; then her transport drops (the connection closes with
 * no DISCONNECT packet, a loss socket.io keeps the session for). Resolves once her WebSocket has
 * closed, the server having answered her close frame: the server ends that connection, and keeps
 * the session, before a replay's CONNECT, which needs a new connection and its handshakes, can
 * reach it (a wait on an event, not a sleep). Throws, with what she saw, if she cannot leave one.
 */
async function leaveSessionBehind(url: string, handshake: Partial<ManagerOptions & SocketOptions>): Promise<LeftSession> {
	const socket = io(url, { transports: ['websocket'], reconnection: false, timeout: CONNECT_TIMEOUT_MS, forceNew: true, ...handshake });
	const seen: string[] = [];
	// The examples' wire reader: her CONNECT packet's pid, and the offset of each event she receives.
	let offsets = 0;
	const session = sessionOf(socket, ({ offset }) => {
		if (offset !== undefined) offsets++;
	});
	try {
		if (!(await settled(socket, (line) => seen.push(line)))) throw new Error(`Alice cannot connect to leave a session behind: ${seen.join(' → ')}`);
		socket.emit('events', { test: 'test' });
		if (!(await until(() => offsets >= 3, ALICE_STEP_TIMEOUT_MS))) {
			throw new Error(`Alice received ${offsets} of 3 event packets with an offset: is connectionStateRecovery on in the gateway?`);
		}
		const { pid, offset } = session;
		if (!pid || !offset) throw new Error("Alice's CONNECT packet has no pid: is connectionStateRecovery on in the gateway?");
		// engine.io-client has no public signal for a finished closing handshake: wait on its WebSocket.
		const ws = (socket.io.engine.transport as unknown as { ws?: ClosingWebSocket }).ws;
		if (!ws) throw new Error("Alice's transport has no WebSocket (engine.io-client changed?)");
		const closed = new Promise<boolean>((resolve) => {
			const timer = setTimeout(() => resolve(false), ALICE_STEP_TIMEOUT_MS);
			ws.addEventListener('close', () => (clearTimeout(timer), resolve(true)), { once: true });
		});
		socket.io.engine.close();
		if (!(await closed)) throw new Error(`Alice's WebSocket did not close within ${ALICE_STEP_TIMEOUT_MS} ms`);
		return { pid, offset };
	} finally {
		socket.removeAllListeners();
		socket.disconnect();
	}
}

interface ClosingWebSocket {
	addEventListener(type: 'close', listener: () => void, options: { once: true }): void;
}

/** `handshake` asking for `session` back: its pid and offset in `auth`, as socket.io-client sends them when it reconnects. */
function withSession(handshake: Partial<ManagerOptions & SocketOptions>, { pid, offset }: LeftSession): Partial<ManagerOptions & SocketOptions> {
	const auth = typeof handshake.auth === 'object' ? handshake.auth : {};
	return { ...handshake, auth: { ...auth, pid, offset } };
}

/**
 * Records what reaches a replaying client before its CONNECT or refusal: socket.io-client keeps
 * event packets that arrive then until the socket connects, so on a refusal only the wire shows a leak. Each
 * event packet as the examples' demo writes it (`wire:<event>:<first argument>`), any other packet
 * as `wire-packet:<type>`; then, on CONNECT, whether it carries the replayed session's `pid`
 * (`session:restored`) or not (`session:new`). socket.io-client's own `connect` comes first: it
 * listened to the Manager's packets first.
 */
function tapReplay(socket: Socket, pid: string, log: (outcome: string) => void): void {
	let answered = false;
	socket.io.on('packet', ({ type, nsp, data }) => {
		if (nsp !== '/' || answered) return;
		if (type === PACKET.CONNECT) {
			answered = true;
			log(data?.pid === pid ? 'session:restored' : 'session:new');
		} else if (type === PACKET.CONNECT_ERROR) {
			answered = true;
		} else if (type === PACKET.EVENT || type === PACKET.BINARY_EVENT) {
			log(outcome.wire(data[0], data[1]));
		} else {
			log(`wire-packet:${type}`);
		}
	});
}

type SessionBody = (socket: Socket, log: (outcome: string) => void) => Promise<void>;

interface SessionOptions {
	/** Called with the socket as soon as it exists, before anything can reach it: to watch its wire. */
	tap?: (socket: Socket, log: (outcome: string) => void) => void;
	/** How a refusal is written: `connect_error:<message>` unless told otherwise. */
	refusal?: (error: Error & { data?: unknown }) => string;
}

/**
 * The client options that carry `token` (none when undefined) where the reader's client sends it:
 * in `auth`; in `Authorization: Bearer` (`extraHeaders`, which a Node client sends on every
 * transport); or as a cookie on the handshake request, as a browser sends it.
 */
function carry(token: string | undefined, tokenIn: TokenIn): Partial<ManagerOptions & SocketOptions> {
	if (token === undefined) return {};
	if (tokenIn === 'auth') return { auth: { token } };
	if (tokenIn === 'header') return { extraHeaders: { authorization: `Bearer ${token}` } };
	return { extraHeaders: { cookie: `${tokenIn.cookie}=${token}` } };
}

/**
 * Connects (websocket only, no reconnection) with `handshake`, runs `body` once connected, then
 * closes. Records `connected` or `connect_error:<message>` (or `timeout:connect`), what `body`
 * logs, and a disconnect that the server causes.
 */
async function sessionWith(
	url: string,
	handshake: Partial<ManagerOptions & SocketOptions>,
	body: SessionBody,
	{ tap, refusal }: SessionOptions = {},
): Promise<string[]> {
	const outcomes: string[] = [];
	const log = (outcome: string) => outcomes.push(outcome);
	const socket = io(url, {
		transports: ['websocket'],
		reconnection: false,
		timeout: CONNECT_TIMEOUT_MS,
		forceNew: true,
		...handshake,
	});
	tap?.(socket, log);
	let closing = false;
	socket.on('disconnect', (reason) => {
		if (!closing) log(`disconnect:${reason}`);
	});
	try {
		const connected = await settled(socket, log, refusal);
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
 * Resolves once `socket` is connected (true) or refused (false), logging `connected`, its
 * refusal (`connect_error:<message>` unless `refusal` writes it) or `timeout:connect`.
 */
function settled(
	socket: Socket,
	log: (outcome: string) => void,
	refusal: (error: Error & { data?: unknown }) => string = (error) => `connect_error:${error.message}`,
): Promise<boolean> {
	return new Promise<boolean>((resolve) => {
		const timer = setTimeout(() => {
			log('timeout:connect');
			resolve(false);
		}, CONNECT_TIMEOUT_MS + 1_000);
		socket.once('connect', () => {
			clearTimeout(timer);
			log('connected');
			resolve(true);
		});
		socket.once('connect_error', (error: Error & { data?: unknown }) => {
			clearTimeout(timer);
			log(refusal(error));
			resolve(false);
		});
	});
}

/** Waits until `done()` holds, `ms` at most; resolves with whether it does. */
export async function until(done: () => boolean, ms: number): Promise<boolean> {
	const deadline = Date.now() + ms;
	while (!done() && Date.now() < deadline) await sleep(20);
	return done();
}

/**
 * An HS256 token for `sub` (alice unless told) with the page's JWT_SECRET (and JWT_ISSUER /
 * JWT_AUDIENCE when set), expiring `expiresIn` seconds from now (negative: already expired).
 */
export function sign(env: Record<string, string>, expiresIn: number, sub = 'alice'): string {
	const secret = env.JWT_SECRET;
	if (!secret) throw new Error('the page sets no JWT_SECRET: cannot sign test tokens');
	const now = Math.floor(Date.now() / 1000);
	// Whole seconds: at least `expiresIn` seconds left when positive.
	const exp = expiresIn > 0 ? Math.ceil(Date.now() / 1000) + expiresIn : now + expiresIn;
	const payload: Record<string, unknown> = { sub, iat: Math.min(now, exp - 1), exp };
	if (env.JWT_ISSUER) payload.iss = env.JWT_ISSUER;
	if (env.JWT_AUDIENCE) payload.aud = env.JWT_AUDIENCE;
	return signJwt(payload, secret);
}
