import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { logger, type Logger } from './log.ts';
import { stopChild } from './supervisor.ts';

const HOST = fileURLToPath(new URL('./redis-host.ts', import.meta.url));
/** startRedis's error says what to install in a few lines; its output after that is redis-server's log. */
const REASON_LINES = 8;

export type RedisState = 'starting' | 'running' | 'unavailable' | 'stopping' | 'stopped';

/**
 * The Redis a cluster example's nodes share, started by the example's own startRedis() in a
 * process of its own (redis-host.ts), which also starts redis-server again when it exits by
 * itself. When it cannot start here (no redis-server, and none can be installed), the example is
 * unavailable, with startRedis's reason; nothing else is affected.
 */
export class RedisSupervisor {
	state: RedisState = 'stopped';
	/** How many times redis-server exited by itself and was started again on its port. */
	restarts = 0;
	/** Why Redis cannot run here: startRedis's error message, which says what to install. */
	reason: string | null = null;
	private child: ChildProcess | undefined;
	private readonly module: string;
	private readonly log: Logger;

	/** `module`: the example's demo/redis-server.mjs; `scope`: its log lines' prefix. */
	constructor(module: string, scope: string) {
		this.module = module;
		this.log = logger(scope);
	}

	/** The process that runs Redis (redis-host.ts), while it does. */
	get pid(): number | null {
		const child = this.child;
		return child && child.exitCode === null && child.signalCode === null ? (child.pid ?? null) : null;
	}

	/** Resolves with Redis's URL once it accepts connections, or with null if it cannot run here. */
	start(): Promise<string | null> {
		this.state = 'starting';
		this.log.info('starting Redis');
		// Its output (an apt-get install, startRedis's messages) is ours, as a child's would be.
		const child = fork(HOST, [this.module], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
		this.child = child;
		return new Promise((resolve) => {
			const unavailable = (reason: string) => {
				if (this.state !== 'starting') return;
				this.state = 'unavailable';
				this.reason = reason.split('\n').slice(0, REASON_LINES).join('\n').trim();
				this.log.error(`Redis cannot run here, so this example does not run (the others do):\n${this.reason}`);
				resolve(null);
			};
			child.on('message', (message: { url?: unknown; failed?: unknown; restarted?: unknown }) => {
				if (typeof message.restarted === 'number') {
					this.restarts = message.restarted;
					this.log.warn(`redis-server exited by itself and runs again on its port (restart ${this.restarts})`);
				} else if (typeof message.url === 'string') {
					this.state = 'running';
					this.log.info(`Redis running (${message.url})`);
					resolve(message.url);
				} else if (this.state === 'starting') {
					unavailable(String(message.failed));
				} else {
					this.log.error(`Redis: ${String(message.failed)}`);
				}
			});
			child.once('error', (error) => unavailable(error.message));
			child.once('exit', (code, signal) => {
				unavailable(`the process starting Redis exited (${code ?? signal}) before Redis was ready`);
				if (this.state !== 'running') return;
				this.state = 'stopped';
				// Exit code 0: it stopped Redis as a signal to our whole process group asked (Ctrl+C in
				// a terminal, a process manager), which is stopping us too.
				if (code !== 0) this.log.error(`Redis stopped (${code ?? signal}): the nodes no longer reach each other`);
			});
		});
	}

	async stop(): Promise<void> {
		const child = this.child;
		if (!child || child.exitCode !== null || child.signalCode !== null) return;
		this.state = 'stopping';
		await stopChild(child);
		this.state = 'stopped';
	}
}
