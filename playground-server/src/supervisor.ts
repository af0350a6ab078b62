import type { ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Example, StartedApp } from './examples.ts';
import { logger, type Logger } from './log.ts';

const WATCHDOG = fileURLToPath(new URL('./child-watchdog.ts', import.meta.url));
const START_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 5_000;
const FIRST_RETRY_MS = 500;
const MAX_RETRY_MS = 30_000;
/** A child that ran this long before crashing starts over at the first retry delay. */
const HEALTHY_AFTER_MS = 30_000;
const TAIL_LINES = 15;

export type ChildState = 'starting' | 'running' | 'backoff' | 'stopping' | 'stopped';

export interface ChildStatus {
	state: ChildState;
	pid: number | null;
	restarts: number;
	since: string;
	lastExit: string | null;
}

/**
 * Keeps one example running as a child process on a private loopback port. A child that exits
 * is started again after a delay that doubles with each consecutive failure (0.5 s up to 30 s),
 * without touching the other examples.
 */
export class ExampleSupervisor {
	state: ChildState = 'stopped';
	/** The child's loopback port while it is running. */
	port: number | null = null;
	private app: StartedApp | undefined;
	/** How many times the child was started again after it exited. */
	restarts = 0;
	private failures = 0;
	private since = Date.now();
	private lastExit: string | null = null;
	private retryTimer: NodeJS.Timeout | undefined;
	/** Aborting it kills a child that is still starting (startApp has not handed it to us yet). */
	private starting: AbortController | undefined;
	private stopping = false;
	private readonly log: Logger;
	readonly example: Example;
	private env: Record<string, string>;
	private readonly options: { verbose: boolean };

	/** `options.node`: which node of a cluster this child is (its log lines say several-nodes/a). */
	constructor(example: Example, env: Record<string, string>, options: { verbose: boolean; node?: string }) {
		this.example = example;
		this.env = env;
		this.options = options;
		this.log = logger(options.node ? `${example.slug}/${options.node}` : example.slug);
	}

	get pid(): number | null {
		return this.app?.child.pid ?? null;
	}

	status(): ChildStatus {
		return {
			state: this.state,
			pid: this.pid,
			restarts: this.restarts,
			since: new Date(this.since).toISOString(),
			lastExit: this.lastExit,
		};
	}

	/** `env`: settings known only now, added to the constructor's (a cluster's REDIS_URL). */
	start(env: Record<string, string> = {}): void {
		this.env = { ...this.env, ...env };
		this.stopping = false;
		void this.launch();
	}

	private setState(state: ChildState) {
		this.state = state;
		this.since = Date.now();
	}

	private async launch() {
		this.setState('starting');
		this.starting = new AbortController();
		let app: StartedApp;
		try {
			app = await this.example.startApp({
				dir: this.example.dir,
				env: this.env,
				nodeArgs: ['--import', WATCHDOG],
				timeoutMs: START_TIMEOUT_MS,
				signal: this.starting.signal,
			});
		} catch (error) {
			// Exited before listening, never said it was, or stopped meanwhile: startApp killed it.
			if (this.stopping) return;
			this.lastExit = `failed to start: ${String(error).split('\n')[0]}`;
			this.log.error(this.lastExit);
			this.printTail(String((error as Error).message ?? '').split('\n').slice(1));
			this.scheduleRestart();
			return;
		}
		if (this.stopping) {
			await app.stop();
			return;
		}
		this.app = app;
		this.port = Number(new URL(app.url).port);
		this.echoOutput(app);
		this.setState('running');
		this.log.info(`running (pid ${app.child.pid}, ${app.url})`);
		const startedAt = Date.now();
		void app.exited.then((code) => this.onExit(app, code, Date.now() - startedAt));
	}

	private onExit(app: StartedApp, code: number | string, ranForMs: number) {
		if (this.app !== app) return;
		this.app = undefined;
		this.port = null;
		if (this.stopping) return;
		this.lastExit = `exited (${code}) at ${new Date().toISOString()}`;
		if (ranForMs >= HEALTHY_AFTER_MS) this.failures = 0;
		this.log.warn(`${this.lastExit}; last lines of its log:`);
		this.printTail(app.output().split('\n'));
		this.scheduleRestart();
	}

	private scheduleRestart() {
		const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** this.failures);
		this.failures++;
		this.setState('backoff');
		this.log.warn(`restarting in ${delay} ms`);
		this.retryTimer = setTimeout(() => {
			if (this.stopping) return;
			this.restarts++;
			void this.launch();
		}, delay);
	}

	/** With PLAYGROUND_VERBOSE=1, the children's own logs go to the server's output. */
	private echoOutput(app: StartedApp) {
		if (!this.options.verbose) return;
		for (const stream of [app.child.stdout, app.child.stderr]) {
			let partial = '';
			stream?.on('data', (chunk: string) => {
				const lines = (partial + chunk).split('\n');
				partial = lines.pop() ?? '';
				for (const line of lines) if (line) this.log.info(line);
			});
		}
	}

	private printTail(lines: string[]) {
		for (const line of lines.filter(Boolean).slice(-TAIL_LINES)) this.log.warn(`  | ${line}`);
	}

	async stop(): Promise<void> {
		this.stopping = true;
		clearTimeout(this.retryTimer);
		const app = this.app;
		this.starting?.abort();
		this.setState('stopping');
		if (app) await stopChild(app.child);
		this.app = undefined;
		this.port = null;
		this.setState('stopped');
	}
}

/**
 * Stops a child process: SIGTERM, then SIGKILL if it has not exited STOP_TIMEOUT_MS later.
 * Resolves once it has exited (at once if it already had).
 */
export async function stopChild(child: ChildProcess): Promise<void> {
	if (child.exitCode !== null || child.signalCode !== null) return;
	const exited = new Promise((resolve) => child.once('exit', resolve));
	child.kill('SIGTERM');
	const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
	await exited;
	clearTimeout(timer);
}
