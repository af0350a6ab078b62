/**
 * The five approaches, in the order a reader meets them: what the pages, the comparison and
 * the diagrams need to know about each that is not behaviour (behaviour lives in each
 * example's behavior.json). Plain data, importable by the tests.
 *
 * The order, the slugs and the names come from examples/approaches.mjs (which reads each
 * behavior.json's title); only what the site alone needs is written here, by slug.
 */
import { APPROACHES as DEFINED, WS_APPROACHES as WS_DEFINED } from '../../examples/approaches.mjs';

/** The stages of a socket.io connection, in the order they happen. */
export const STAGES = [
	{ id: 'handshake', title: 'HTTP handshake', detail: 'engine.io opens the transport; allowRequest sees headers, query and cookies' },
	{ id: 'session', title: 'engine.io session', detail: 'the transport is open; no namespace joined yet' },
	{ id: 'connect', title: 'Namespace CONNECT', detail: 'the client sends handshake.auth; namespace middleware runs' },
	{ id: 'connection', title: 'connection', detail: 'the client sees connect; Nest calls handleConnection' },
	{ id: 'events', title: 'Events', detail: 'each message goes through guards, pipes and its @SubscribeMessage handler' },
] as const;

export type StageId = (typeof STAGES)[number]['id'];

export interface Check {
	stage: StageId;
	/** What runs there, in code words. */
	what: string;
}

/** A file shown in "the code side by side", with the text of the lines where auth lives. */
export interface AuthFile {
	file: string;
	region?: string;
	highlight: string[];
}

export interface Approach {
	slug: string;
	/** Its name beside the others (behavior.json's title); its page's own title is in its frontmatter. */
	title: string;
	/** Deliberately insecure: labelled so wherever it appears. */
	insecure: boolean;
	/** One line: where the check lives. */
	where: string;
	checks: Check[];
	/** Where the check reads the token from (visible in the example's code). */
	reads: string;
	/** How the check reaches Nest's dependency injection (visible in the example's code). */
	di: string;
	/** The file StackBlitz opens first. */
	openFile: string;
	authFiles: AuthFile[];
}

/** What the site alone says about each approach. */
const DETAILS: Record<string, Omit<Approach, 'slug' | 'title'>> = {
	'guard-only': {
		reads: 'client.handshake.auth.token, on every event',
		di: 'Yes: the guard is an injectable provider',
		insecure: true,
		where: '@UseGuards(WsJwtGuard) on the gateway class',
		checks: [{ stage: 'events', what: 'WsJwtGuard.canActivate, per message' }],
		openFile: 'src/ws-auth/ws-jwt.guard.ts',
		authFiles: [
			{ file: 'src/chat/chat.gateway.ts', region: 'gateway', highlight: ['@UseGuards(WsJwtGuard)'] },
			{ file: 'src/ws-auth/ws-jwt.guard.ts', region: 'guard', highlight: ['this.auth.authenticate', "throw new WsException('Unauthorized')"] },
		],
	},
	'handle-connection': {
		reads: 'client.handshake.auth.token, once',
		di: 'Yes: it runs in the gateway, with its injected services',
		insecure: false,
		where: 'a check in handleConnection that disconnects on failure',
		checks: [{ stage: 'connection', what: 'handleConnection → authenticateOrDisconnect' }],
		openFile: 'src/ws-auth/authenticate-on-connection.ts',
		authFiles: [
			{ file: 'src/chat/chat.gateway.ts', region: 'gateway', highlight: ['authenticateOrDisconnect'] },
			{ file: 'src/ws-auth/authenticate-on-connection.ts', region: 'check', highlight: ['auth.authenticate', 'client.disconnect(true)'] },
		],
	},
	middleware: {
		reads: 'socket.handshake.auth.token, once',
		di: 'Yes: afterInit runs in the gateway, with its injected services',
		insecure: false,
		where: 'server.use() in the gateway’s afterInit',
		checks: [{ stage: 'connect', what: 'server.use(middleware) from afterInit, this gateway’s namespace only' }],
		openFile: 'src/chat/chat.gateway.ts',
		authFiles: [
			{ file: 'src/chat/chat.gateway.ts', region: 'gateway', highlight: ['server.use(createWsAuthMiddleware(this.auth))'] },
			{ file: 'src/ws-auth/ws-auth.middleware.ts', region: 'middleware', highlight: ['auth.authenticate(tokenFrom(socket.handshake))', "next(new Error('Unauthorized'))"] },
		],
	},
	'io-adapter': {
		reads: 'socket.handshake.auth.token, once (allowRequest, in a variant, cannot)',
		di: 'Through app.get() in the adapter',
		insecure: false,
		where: 'a custom IoAdapter that adds the middleware in create()',
		checks: [{ stage: 'connect', what: 'IoAdapter.create() → namespace.use(middleware), every namespace' }],
		openFile: 'src/ws-auth/ws-auth-io.adapter.ts',
		authFiles: [
			{ file: 'src/main.ts', highlight: ['new WsAuthIoAdapter(app)'] },
			{ file: 'src/ws-auth/ws-auth-io.adapter.ts', region: 'adapter', highlight: ['.use(createWsAuthMiddleware'] },
			{ file: 'src/chat/chat.gateway.ts', region: 'gateway', highlight: ['No authentication here'] },
		],
	},
	recommended: {
		reads: 'socket.handshake.auth.token (a cookie in a variant), once; Origin header at the HTTP handshake',
		di: 'Through app.get(WsAuthService) in the adapter',
		insecure: false,
		where: 'WsAuthIoAdapter: middleware on every namespace, expiry timer, roles guard, Origin allow-list',
		checks: [
			{ stage: 'handshake', what: 'allowRequest: Origin allow-list (never the token)' },
			{ stage: 'connect', what: 'WsAuthIoAdapter.create() → ws-auth middleware on every namespace' },
			{ stage: 'events', what: 'WsRolesGuard per event; a timer disconnects at token expiry' },
		],
		openFile: 'src/ws-auth/ws-auth-io.adapter.ts',
		authFiles: [
			{ file: 'src/main.ts', highlight: ['app.useWebSocketAdapter(new WsAuthIoAdapter(app))'] },
			{ file: 'src/ws-auth/ws-auth-io.adapter.ts', region: 'adapter', highlight: ['namespace.use(createWsAuthMiddleware'] },
			{ file: 'src/ws-auth/ws-auth.middleware.ts', region: 'middleware', highlight: ['auth.authenticate(tokenFrom(handshake))', 'next(refusal(socket, error))'] },
		],
	},
};

/**
 * The plain WebSocket (@nestjs/platform-ws) approaches. Their stages are the HTTP handshake (the
 * upgrade, answered 101 or refused with a status) and events: there is no namespace CONNECT.
 */
const WS_DETAILS: Record<string, Omit<Approach, 'slug' | 'title'>> = {
	'ws-guard-only': {
		reads: 'the upgrade request’s Sec-WebSocket-Protocol or Authorization header, kept by handleConnection, on every event',
		di: 'Yes: the guard is an injectable provider',
		insecure: true,
		where: '@UseGuards(WsJwtGuard) on the gateway class, with WsAdapter',
		checks: [{ stage: 'events', what: 'WsJwtGuard.canActivate, per message' }],
		openFile: 'src/ws-auth/ws-jwt.guard.ts',
		authFiles: [
			{ file: 'src/chat/chat.gateway.ts', region: 'gateway', highlight: ['@UseGuards(WsJwtGuard)', 'this.rooms.join(client, request)'] },
			{ file: 'src/ws-auth/ws-jwt.guard.ts', region: 'guard', highlight: ['this.auth.authenticate', "throw new WsException('Unauthorized')"] },
		],
	},
	'ws-recommended': {
		reads: 'the upgrade request’s Sec-WebSocket-Protocol or Authorization header, once; its Origin header',
		di: 'Through app.get(WsAuthService) in the adapter',
		insecure: false,
		where: 'WsAuthAdapter: verifyClient on every ws server, close at token expiry, Origin allow-list',
		checks: [
			{ stage: 'handshake', what: 'verifyClient: Origin allow-list, then the token; refused with 403 or 401 before the socket exists' },
			{ stage: 'events', what: 'a timer closes the socket with 4401 at token expiry' },
		],
		openFile: 'src/ws-auth/ws-auth.adapter.ts',
		authFiles: [
			{ file: 'src/main.ts', region: 'adapter', highlight: ['new WsAuthAdapter(app)'] },
			{ file: 'src/ws-auth/ws-auth.adapter.ts', region: 'adapter', highlight: ['verifyClient', 'this.auth.authenticate(upgradeToken(request))'] },
		],
	},
};

const withDetails = (details: Record<string, Omit<Approach, 'slug' | 'title'>>) => ({ slug, title }: { slug: string; title: string }) => {
	const found = details[slug];
	if (!found) throw new Error(`site/lib/approaches.ts says nothing about the approach "${slug}" (examples/approaches.mjs)`);
	return { slug, title, ...found };
};

export const APPROACHES: Approach[] = DEFINED.map(withDetails(DETAILS));

/** The plain WebSocket approaches (examples/approaches.mjs's WS_APPROACHES), compared among themselves. */
export const WS_APPROACHES: Approach[] = WS_DEFINED.map(withDetails(WS_DETAILS));

/** Every approach, socket.io's then the plain WebSocket ones. */
export const ALL_APPROACHES: Approach[] = [...APPROACHES, ...WS_APPROACHES];

/** A socket.io or plain WebSocket approach. */
export function approach(slug: string): Approach {
	const found = ALL_APPROACHES.find((candidate) => candidate.slug === slug);
	if (!found) throw new Error(`unknown approach "${slug}"; expected one of ${ALL_APPROACHES.map((a) => a.slug).join(', ')}`);
	return found;
}

export const pageOf = (slug: string) => `/approaches/${slug}/`;
