// What the benchmark runs: every example (and the io-adapter allow-request variant, whose
// clients retry), plus the no-authentication baseline built from the same shared files.
// The examples, their order, names and variant ids come from examples/approaches.mjs (that is,
// from each behavior.json); only what the benchmark alone needs is written here.
import { fileURLToPath } from 'node:url';
import { APPROACHES } from '../../examples/approaches.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The settings every process gets; tokens are signed with the same ones. */
export const JWT = { secret: 'bench-secret-only-on-loopback', issuer: 'nestjs-ws-auth-bench', audience: 'chat' };

/** Variants measured besides the examples as shipped, each right after its example. */
const VARIANTS = [
	// `label` is what the row's label adds to the approach's name; `tokenIn` where a valid client
	// puts its token: allowRequest sees only the HTTP request, so an Authorization header.
	{ example: 'io-adapter', variant: 'allow-request', label: 'allowRequest', tokenIn: 'header' },
];
/** The client is connected before the check ends. */
const CHECKED_AFTER_CONNECT = ['handle-connection'];

/**
 * A row of the benchmark. id: the row's key in results.json (the example's slug, plus the
 * variant's id for a variant). label: the approach's name (behavior.json's title), plus the
 * variant's for a variant. example/variant: what the row measures (behavior.json's ids).
 * env: an example as shipped runs with its own defaults (meta.settings.userLookupMs, not the
 * slower store its default variant is documented with); a variant adds its behavior.json env.
 * tokenIn: where a valid client puts its token ('auth' = handshake auth payload, 'header' =
 * Authorization header). checkedAfterConnect: the client is connected before the check ends
 * (handleConnection).
 */
function target(approach, variant = approach.variants[0], more = { label: null, tokenIn: 'auth' }) {
	const shipped = variant === approach.variants[0];
	return {
		id: shipped ? approach.slug : `${approach.slug}-${variant.id}`,
		label: shipped ? approach.title : `${approach.title} (${more.label})`,
		example: approach.slug,
		variant: variant.id,
		dir: `${root}examples/${approach.slug}`,
		env: shipped ? {} : variant.env,
		tokenIn: more.tokenIn,
		checkedAfterConnect: CHECKED_AFTER_CONNECT.includes(approach.slug),
	};
}

function variantOf(approach, id) {
	const variant = approach.variants.find((candidate) => candidate.id === id);
	if (!variant) throw new Error(`examples/${approach.slug}/behavior.json has no variant "${id}"`);
	return variant;
}

export const TARGETS = [
	{ id: 'baseline', label: 'No authentication (baseline)', example: null, variant: null, dir: `${root}bench/baseline`, env: {}, tokenIn: 'auth', checkedAfterConnect: false },
	...APPROACHES.flatMap((approach) => [
		target(approach),
		...VARIANTS.filter(({ example }) => example === approach.slug).map((more) => target(approach, variantOf(approach, more.variant), more)),
	]),
];

/** What "rejected" means for each row: the first client-side event that says no. */
export const REJECTION = {
	baseline: { event: null, meaning: 'Never: nothing checks the client.' },
	'guard-only': {
		event: 'exception',
		meaning: 'The `exception` event answering the `message` the client sends once connected. The socket stays connected.',
	},
	'handle-connection': {
		event: 'disconnect',
		meaning: '`disconnect` with reason "io server disconnect", after `connect`: handleConnection ran its check and disconnected the socket.',
	},
	middleware: { event: 'connect_error', meaning: '`connect_error` "Unauthorized": the middleware refused the CONNECT packet.' },
	'io-adapter': { event: 'connect_error', meaning: '`connect_error` "Unauthorized": the middleware added in create() refused the CONNECT packet.' },
	'io-adapter-allow-request': {
		event: 'connect_error',
		meaning: '`connect_error` "xhr poll error" (HTTP 403 on the engine.io handshake). The client takes it for a network error and retries.',
	},
	recommended: { event: 'connect_error', meaning: '`connect_error` "Unauthorized" with data.code: the adapter\'s middleware refused the CONNECT packet.' },
};
