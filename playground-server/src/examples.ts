import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
// The order the site lists approaches in (health, error messages, the playground); unlisted
// examples follow, alphabetically. WS_APPROACH_SLUGS: the examples on @nestjs/platform-ws.
import { byApproachOrder, WS_APPROACH_SLUGS } from '../../examples/approaches.mjs';

/** What every example's demo/ folder exports (see the examples contract in examples/README.md). */
export interface StartedApp {
	url: string;
	child: import('node:child_process').ChildProcess;
	exited: Promise<number | string>;
	output(): string;
	stop(): Promise<void>;
}
export type StartApp = (options: { dir?: string; env?: Record<string, string>; nodeArgs?: string[]; timeoutMs?: number; signal?: AbortSignal }) => Promise<StartedApp>;
export type TokenFor = (kind: string, settings: { secret: string; issuer: string; audience: string; now?: number }) => unknown;
/** What /api/tokens needs of a scenario: the kind of token its client connects with. */
export interface Scenario {
	id: string;
	token: string;
	/** The token the client reconnects with, where the scenario drops its connection (`recovery`). */
	reconnectToken?: string;
	/** The token of the client that writes to Alice's room in the scenario (the replay scenarios' Bob). */
	senderToken?: string;
}

/**
 * Bob's, an admin's: in the replay scenarios (those with a `replay` in scenario-facts.mjs) he
 * writes to Alice's room before and after her connection drops, with the token replay() in
 * scenarios.mjs gives him.
 */
const REPLAY_SENDER_TOKEN = 'admin';

/** What the playground needs of a scenario of scenarios.mjs: its tokens, and the sender's in a replay. */
function withSender(scenario: Scenario & { replay?: unknown }): Scenario {
	const { id, token, reconnectToken } = scenario;
	return {
		id,
		token,
		...(reconnectToken === undefined ? {} : { reconnectToken }),
		...(scenario.replay === undefined ? {} : { senderToken: REPLAY_SENDER_TOKEN }),
	};
}

/**
 * What a visitor's client speaks to an example, and so how it is relayed: socket.io (long-polling
 * and WebSocket, live-proxy.ts), or a plain WebSocket (the @nestjs/platform-ws examples, ws-relay.ts).
 */
export type LiveProtocol = 'socket.io' | 'ws';

/** An example that runs on several nodes sharing a Redis (behavior.json's `cluster`). */
export interface Cluster {
	/** The nodes' names, in order: a, b, … (behavior.json's observers call them node A, node B). */
	nodes: string[];
	/** Its demo/redis-server.mjs, whose startRedis() starts a throwaway Redis for the nodes. */
	redisModule: string;
}

/**
 * The cluster scenarios the playground plays, with the token of the client who acts in them:
 * in `revoke`, Bob, an admin, ends Alice's sessions on every node.
 */
const PLAYED_CLUSTER_SCENARIOS: Scenario[] = [{ id: 'revoke', token: 'admin' }];

export interface Example {
	slug: string;
	title: string;
	dir: string;
	/** The default variant's environment: what the playground runs. */
	env: Record<string, string>;
	/** Scenario ids the default variant documents. */
	documented: string[];
	/** What tokens are minted for: every scenario, and the cluster scenarios the playground plays. */
	scenarios: Scenario[];
	/** Set when the example runs on several nodes. */
	cluster?: Cluster;
	protocol: LiveProtocol;
	startApp: StartApp;
	tokenFor: TokenFor;
}

/** Every folder under examples/ that follows the contract, in approach order. */
export async function loadExamples(examplesDir: string, only: string[] = []): Promise<Example[]> {
	const slugs = readdirSync(examplesDir, { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.map((entry) => entry.name)
		.filter((slug) => existsSync(join(examplesDir, slug, 'behavior.json')) && existsSync(join(examplesDir, slug, 'demo', 'app-process.mjs')))
		.filter((slug) => only.length === 0 || only.includes(slug))
		.sort(byApproachOrder);
	const unknown = only.filter((slug) => !slugs.includes(slug));
	if (unknown.length) throw new Error(`PLAYGROUND_EXAMPLES names unknown examples: ${unknown.join(', ')}`);
	return Promise.all(slugs.map((slug) => loadExample(join(examplesDir, slug), slug)));
}

async function loadExample(dir: string, slug: string): Promise<Example> {
	const behavior = JSON.parse(readFileSync(join(dir, 'behavior.json'), 'utf8'));
	const variant = behavior.variants?.[0];
	if (!variant) throw new Error(`${slug}/behavior.json has no variants`);
	const demo = (file: string) => import(pathToFileURL(join(dir, 'demo', file)).href);
	const [{ startApp }, { tokenFor }, { SCENARIOS, WS_SCENARIO_IDS }] = await Promise.all([demo('app-process.mjs'), demo('tokens.mjs'), demo('scenarios.mjs')]);
	const cluster = behavior.cluster === undefined ? undefined : clusterOf(behavior.cluster, dir, slug);
	const clusterScenarios = cluster ? PLAYED_CLUSTER_SCENARIOS.filter(({ id }) => id in (behavior.cluster.scenarios ?? {})) : [];
	const protocol: LiveProtocol = WS_APPROACH_SLUGS.includes(slug) ? 'ws' : 'socket.io';
	// A plain WebSocket example's scenarios.mjs names the scenarios that apply to it (no namespaces,
	// no socket.io reconnection or replays): tokens are minted for those only.
	if (protocol === 'ws' && !Array.isArray(WS_SCENARIO_IDS)) throw new Error(`${slug}/demo/scenarios.mjs exports no WS_SCENARIO_IDS, which a plain WebSocket example names its scenarios with`);
	const scenarios = protocol === 'ws' ? (SCENARIOS as Scenario[]).filter(({ id }) => (WS_SCENARIO_IDS as string[]).includes(id)) : (SCENARIOS as Scenario[]);
	return {
		slug,
		title: behavior.title ?? slug,
		dir,
		env: variant.env ?? {},
		documented: Object.keys(variant.scenarios ?? {}),
		scenarios: [...scenarios.map(withSender), ...clusterScenarios],
		...(cluster ? { cluster } : {}),
		protocol,
		startApp,
		tokenFor,
	};
}

/** Checked at start-up: a mistake in an example's cluster settings stops the server with a message. */
function clusterOf(cluster: { nodes?: unknown }, dir: string, slug: string): Cluster {
	const count = cluster.nodes;
	// One letter per node, as the documented observers name them ("Alice (B)").
	if (!Number.isInteger(count) || (count as number) < 2 || (count as number) > 26) {
		throw new Error(`${slug}/behavior.json: cluster.nodes must be an integer from 2 to 26, got ${JSON.stringify(count)}`);
	}
	const redisModule = join(dir, 'demo', 'redis-server.mjs');
	if (!existsSync(redisModule)) throw new Error(`${slug}/behavior.json has a cluster, but ${slug}/demo/redis-server.mjs (startRedis) is missing`);
	return { nodes: Array.from({ length: count as number }, (_, index) => String.fromCharCode(97 + index)), redisModule };
}
