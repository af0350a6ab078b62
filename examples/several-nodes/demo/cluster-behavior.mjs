// Runs the several-nodes example's documented behaviour (behavior.json) against real processes:
// its single-node variant on node A, then each cluster scenario across nodes A and B (and a third
// node, C, that the frozen-node scenario starts for itself), all on one throwaway Redis. The demo
// and the tests both use it.
import { freshJwtSettings, observeVariant } from './behavior.mjs';
import { runClusterScenario, startCluster } from './cluster-scenarios.mjs';

/**
 * Yields `{ id, documented, observed }` for every scenario: first those of each variant (one node,
 * with REDIS_URL), then the cluster ones, whose outcomes are keyed by client.
 * @param {{ variants: object[], cluster: { scenarios: Record<string, { observers: Record<string, string[]> }> } }} behavior
 * @param {{ dir?: string }} [options]
 */
export async function* observeCluster(behavior, { dir } = {}) {
	const jwt = freshJwtSettings();
	const env = { JWT_SECRET: jwt.secret, JWT_ISSUER: jwt.issuer, JWT_AUDIENCE: jwt.audience };
	const cluster = await startCluster({ dir, env });
	try {
		for (const variant of behavior.variants) {
			for await (const result of observeVariant(variant, { dir, jwt, env: { REDIS_URL: cluster.redis.url } })) {
				yield { variant: variant.id, ...result };
			}
		}
		for (const [id, { observers }] of Object.entries(behavior.cluster.scenarios)) {
			yield { variant: 'cluster', id, documented: observers, observed: await runClusterScenario(id, cluster, jwt) };
		}
	} finally {
		await cluster.stop();
	}
}
