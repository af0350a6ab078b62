// What the benchmark runs: every example (and the io-adapter allowRequest variant, whose
// clients retry), plus the no-authentication baseline built from the same shared files.
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The settings every process gets; tokens are signed with the same ones. */
export const JWT = { secret: 'bench-secret-only-on-loopback', issuer: 'nestjs-ws-auth-bench', audience: 'chat' };

/**
 * id: the row's key in results.json. example/variant: what the row measures.
 * tokenIn: where a valid client puts its token ('auth' = handshake auth payload, 'header' =
 * Authorization header, the only place allowRequest can see).
 * checkedAfterConnect: the client is connected before the check ends (handleConnection).
 */
export const TARGETS = [
	{ id: 'baseline', label: 'No authentication (baseline)', example: null, variant: null, dir: `${root}bench/baseline`, env: {}, tokenIn: 'auth', checkedAfterConnect: false },
	{ id: 'guard-only', label: 'Guard only', example: 'guard-only', variant: null, env: {}, tokenIn: 'auth', checkedAfterConnect: false },
	{ id: 'handle-connection', label: 'handleConnection', example: 'handle-connection', variant: null, env: {}, tokenIn: 'auth', checkedAfterConnect: true },
	{ id: 'middleware', label: 'Middleware in afterInit', example: 'middleware', variant: null, env: {}, tokenIn: 'auth', checkedAfterConnect: false },
	{ id: 'io-adapter', label: 'IoAdapter create()', example: 'io-adapter', variant: 'create', env: { AUTH_HOOK: 'create' }, tokenIn: 'auth', checkedAfterConnect: false },
	{ id: 'io-adapter-allowRequest', label: 'IoAdapter allowRequest', example: 'io-adapter', variant: 'allowRequest', env: { AUTH_HOOK: 'allowRequest' }, tokenIn: 'header', checkedAfterConnect: false },
	{ id: 'recommended', label: 'Recommended', example: 'recommended', variant: null, env: {}, tokenIn: 'auth', checkedAfterConnect: false },
].map((target) => ({ ...target, dir: target.dir ?? `${root}examples/${target.example}` }));

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
	'io-adapter-allowRequest': {
		event: 'connect_error',
		meaning: '`connect_error` "xhr poll error" (HTTP 403 on the engine.io handshake). The client takes it for a network error and retries.',
	},
	recommended: { event: 'connect_error', meaning: '`connect_error` "Unauthorized" with data.code: the adapter\'s middleware refused the CONNECT packet.' },
};
