/**
 * The documented behaviour of every example, read from examples/<slug>/behavior.json at build
 * time. Only examples that exist are listed, in the order of APPROACHES.
 */
import { SCENARIOS } from '../../examples/recommended/demo/scenarios.mjs';
import { APPROACHES, WS_APPROACHES, type Approach } from './approaches';

export interface ScenarioBehavior {
	outcomes: string[];
	note?: string;
}

export interface Variant {
	id: string;
	label: string;
	env: Record<string, string>;
	exits?: boolean;
	/** How the scenario clients send their token: `auth` (the default) or `cookie:<name>`. */
	transport?: string;
	scenarios: Record<string, ScenarioBehavior>;
}

/** The scenarios that need several nodes (several-nodes): what each named client saw. */
export interface ClusterBehavior {
	nodes: number;
	scenarios: Record<string, { observers: Record<string, string[]>; note?: string }>;
}

export interface Behavior {
	title: string;
	summary?: string;
	variants: Variant[];
	cluster?: ClusterBehavior;
}

export interface Scenario {
	id: string;
	title: string;
	question: string;
}

export const scenarios: Scenario[] = SCENARIOS.map(({ id, title, question }: Scenario) => ({ id, title, question }));

const files = import.meta.glob<Behavior>('/examples/*/behavior.json', { eager: true, import: 'default' });

const bySlug = new Map(
	Object.entries(files).map(([path, behavior]) => [path.split('/')[2], behavior] as const),
);

const withBehavior = (approaches: Approach[]) =>
	approaches.flatMap((approach) => {
		const behavior = bySlug.get(approach.slug);
		return behavior ? [{ approach, behavior }] : [];
	});

/** The socket.io approaches whose example exists, with its behaviour. */
export const documented: Array<{ approach: Approach; behavior: Behavior }> = withBehavior(APPROACHES);

/** The same for the plain WebSocket (@nestjs/platform-ws) approaches. */
export const wsDocumented: Array<{ approach: Approach; behavior: Behavior }> = withBehavior(WS_APPROACHES);

export function behaviorOf(slug: string): Behavior {
	const behavior = bySlug.get(slug);
	if (!behavior) throw new Error(`examples/${slug}/behavior.json does not exist`);
	return behavior;
}

export function scenario(id: string): Scenario {
	const found = scenarios.find((candidate) => candidate.id === id);
	if (!found) throw new Error(`unknown scenario "${id}"`);
	return found;
}

/** The examples that run on several nodes (a `cluster` in behavior.json), by slug: several-nodes. */
export const clustered: Array<{ slug: string; behavior: Behavior & { cluster: ClusterBehavior } }> = [...bySlug]
	.flatMap(([slug, behavior]) => (behavior.cluster ? [{ slug: slug!, behavior: { ...behavior, cluster: behavior.cluster } }] : []))
	.sort((a, b) => a.slug.localeCompare(b.slug));
