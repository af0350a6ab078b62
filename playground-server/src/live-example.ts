import type { Example } from './examples.ts';
import { RedisSupervisor, type RedisState } from './redis.ts';
import { ExampleSupervisor, type ChildState, type ChildStatus } from './supervisor.ts';

/**
 * Where each example is reachable: its socket.io endpoint at /live/<slug>/socket.io/, or
 * /live/<slug>/<node>/socket.io/ on a cluster; a plain WebSocket example's at /live/<slug>/ws.
 */
export const LIVE_PREFIX = '/live/';
export function livePath({ slug, protocol }: Pick<Example, 'slug' | 'protocol'>, node?: string): string {
	return protocol === 'ws' ? `${LIVE_PREFIX}${slug}/ws` : `${LIVE_PREFIX}${slug}/${node ? `${node}/` : ''}socket.io/`;
}

/** A process of the playground: an example's child, a cluster's node, or the Redis a cluster shares. */
export type ProcessState = ChildState | RedisState;

export interface LiveNode {
	/** Its name on a cluster (a, b, …); undefined for an example that runs as one process. */
	name: string | undefined;
	supervisor: ExampleSupervisor;
}

type ProcessHealth = Omit<ChildStatus, 'pid' | 'state'> & { state: ProcessState; pid?: number | null; path: string };

/** One example's part of /api/health. */
export type ExampleHealth =
	| ({ slug: string; title: string } & ProcessHealth)
	| {
			slug: string;
			title: string;
			state: ProcessState;
			/** Why it cannot run on this machine (what to install), when it cannot. */
			reason?: string;
			redis: { state: RedisState; restarts: number; pid?: number | null };
			nodes: Array<{ node: string } & ProcessHealth>;
	  };

/**
 * One example as the playground runs it: one supervised child process, or, for an example with
 * a `cluster`, a Redis and one supervised child per node, each started with REDIS_URL once Redis
 * accepts connections. A cluster whose Redis cannot start is unavailable; the others run on.
 */
export class LiveExample {
	readonly example: Example;
	/** The JWT settings its processes were started with: only we can mint tokens they accept. */
	readonly jwt: { secret: string; issuer: string; audience: string };
	/** One process, or the cluster's nodes in order (node A first). */
	readonly nodes: LiveNode[];
	readonly redis: RedisSupervisor | undefined;
	private stopping = false;

	constructor(example: Example, jwt: LiveExample['jwt'], env: Record<string, string>, options: { verbose: boolean }) {
		this.example = example;
		this.jwt = jwt;
		const names = example.cluster?.nodes ?? [undefined];
		this.nodes = names.map((name) => ({ name, supervisor: new ExampleSupervisor(example, env, { ...options, ...(name ? { node: name } : {}) }) }));
		this.redis = example.cluster ? new RedisSupervisor(example.cluster.redisModule, example.slug) : undefined;
	}

	start(): void {
		if (!this.redis) {
			for (const { supervisor } of this.nodes) supervisor.start();
			return;
		}
		void this.redis.start().then((url) => {
			if (url && !this.stopping) for (const { supervisor } of this.nodes) supervisor.start({ REDIS_URL: url });
		});
	}

	/** Stops the nodes, then their Redis (stopped first, it would fill their logs with errors). */
	async stop(): Promise<void> {
		this.stopping = true;
		await Promise.all(this.nodes.map(({ supervisor }) => supervisor.stop()));
		await this.redis?.stop();
	}

	/** Its example processes' ids, for a stop that cannot wait. (Redis's host stops Redis when the server is gone.) */
	get pids(): number[] {
		return this.nodes.flatMap(({ supervisor }) => (supervisor.pid ? [supervisor.pid] : []));
	}

	/** Why it cannot run on this machine (startRedis's message: what to install), or null. */
	get unavailable(): string | null {
		return this.redis?.state === 'unavailable' ? this.redis.reason : null;
	}

	/** The node a /live/ request names (none for a one-process example), or undefined if there is no such node. */
	node(name: string | undefined): LiveNode | undefined {
		return this.nodes.find((node) => node.name === name);
	}

	/** What a node's state is, as far as a visitor is concerned: a node waiting for Redis is starting. */
	nodeState(supervisor: ExampleSupervisor): ProcessState {
		if (!this.redis || this.redis.state === 'running' || supervisor.state !== 'stopped') return supervisor.state;
		return this.redis.state === 'unavailable' ? 'unavailable' : 'starting';
	}

	/** Every process, for the server's overall status. */
	processes(): Array<{ state: ProcessState; restarts: number }> {
		const nodes = this.nodes.map(({ supervisor }) => ({ state: this.nodeState(supervisor), restarts: supervisor.restarts }));
		return this.redis ? [{ state: this.redis.state, restarts: this.redis.restarts }, ...nodes] : nodes;
	}

	/** Running, or unable to run here: nothing more to wait for at start-up. */
	get settled(): boolean {
		return this.processes().every(({ state }) => state === 'running' || state === 'unavailable');
	}

	/** `local`: the client may see process ids. */
	health(local: boolean): ExampleHealth {
		const { slug, title } = this.example;
		const processHealth = ({ name, supervisor }: LiveNode): ProcessHealth => {
			const { pid, ...status } = supervisor.status();
			return { ...status, state: this.nodeState(supervisor), ...(local ? { pid } : {}), path: livePath(this.example, name) };
		};
		if (!this.redis) return { slug, title, ...processHealth(this.nodes[0]!) };
		const nodes = this.nodes.map((node) => ({ node: node.name!, ...processHealth(node) }));
		const reason = this.unavailable;
		return {
			slug,
			title,
			// The first thing that is not running says what the example is: Redis, then node A, node B…
			state: this.processes().find(({ state }) => state !== 'running')?.state ?? 'running',
			...(reason === null ? {} : { reason }),
			redis: { state: this.redis.state, restarts: this.redis.restarts, ...(local ? { pid: this.redis.pid } : {}) },
			nodes,
		};
	}
}
