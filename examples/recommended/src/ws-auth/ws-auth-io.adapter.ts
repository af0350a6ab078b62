import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Namespace, Server, ServerOptions } from 'socket.io';
import { allowedOriginsFromEnv, originAllowed } from './allowed-origins.js';
import { WsAuthService } from './ws-auth.service.js';
import type { TokenFrom } from './handshake-token.js';
import { assertPacketWriter, holdBackMissedPackets, sendHeldBack } from './session-recovery.js';
import { disconnectWhenExpired } from './token-expiry.js';
import { recordOf, userRoom } from './user-sockets.js';
import { createWsAuthMiddleware } from './ws-auth.middleware.js';

// #region options
export interface WsAuthIoAdapterOptions {
	/**
	 * Where the token is in the handshake. Default: `handshake.auth.token`, which the client
	 * sends with `io(url, { auth: { token } })`. `tokenFromCookie(name)` (cookie-token.ts) reads
	 * the cookie your HTTP login set.
	 */
	tokenFrom?: TokenFrom;
	/**
	 * Lets pages on the allowed origins (ALLOWED_ORIGINS) send their cookies on long-polling
	 * requests, which they do with `io(url, { withCredentials: true })`: the server answers
	 * their CORS requests with `Access-Control-Allow-Credentials`. Needed when the token is in a
	 * cookie and the page's origin is not the server's; WebSocket requests carry cookies anyway.
	 * Default: false.
	 */
	credentials?: boolean;
}
// #endregion options

// #region adapter
/**
 * Authentication at the adapter, so no gateway can forget it. Nest calls `create()` once for
 * the server and once more for every namespaced gateway; `server.use()` in `createIOServer()`
 * would only cover the main namespace "/", leaving `@WebSocketGateway({ namespace })` open.
 */
export class WsAuthIoAdapter extends IoAdapter {
	private readonly allowedOrigins = allowedOriginsFromEnv();
	// Two gateways on one namespace get the same Namespace back: authenticate it once.
	private readonly protectedNamespaces = new WeakSet<Namespace>();

	constructor(
		private readonly app: INestApplicationContext,
		private readonly options: WsAuthIoAdapterOptions = {},
	) {
		super(app);
	}

	// Typed by IoAdapter's own create(): its return type differs between majors (NestJS 10 and
	// 11: Server; 12: Server | Namespace), and it is typed by the socket.io that
	// @nestjs/platform-socket.io depends on, which is a second copy when your app installs another
	// version itself. So this compiles on every major, with one copy or two.
	create(port: number, options?: Parameters<IoAdapter['create']>[1]): ReturnType<IoAdapter['create']> {
		const serverOrNamespace = super.create(port, options);
		const namespace = namespaceOf(serverOrNamespace);
		if (!this.protectedNamespaces.has(namespace)) {
			this.protectedNamespaces.add(namespace);
			// A restored session's missed packets wait for the middleware (session-recovery.ts).
			holdBackMissedPackets(namespace);
			namespace.use(createWsAuthMiddleware(this.app.get(WsAuthService), this.options.tokenFrom));
			// Once connected, not in the middleware: a client that leaves during the check, or is
			// refused by a later middleware, never connects, so nothing would ever clear its timer.
			namespace.on('connection', (socket) => {
				// Authenticated as the session's own user, and past every middleware: now it may have them.
				sendHeldBack(socket);
				const { userId, expiresAt } = recordOf(socket)!;
				disconnectWhenExpired(socket, expiresAt);
				// So that all of a user's sockets can be reached, and closed, at once (user-sockets.ts).
				socket.join(userRoom(userId));
			});
		}
		return serverOrNamespace;
	}

	createIOServer(port: number, options?: ServerOptions): Server {
		if (options?.connectionStateRecovery) assertPacketWriter();
		return super.createIOServer(port, {
			...options,
			// A connection restored by connectionStateRecovery skips the middlewares by default: it
			// would come back with its old `socket.data.user` unchecked, and with no expiry timer.
			// Running them is not enough on its own: socket.io sends the missed packets before
			// they run, which holdBackMissedPackets() in create() prevents.
			...(options?.connectionStateRecovery && {
				connectionStateRecovery: { ...options.connectionStateRecovery, skipMiddlewares: false },
			}),
			// The allowed pages of other origins long-poll with cross-origin XHRs, which need CORS
			// answers. engine.io answers /socket.io/ requests before Express sees them, so
			// app.enableCors() does not reach them; this does, and replaces any `cors` a gateway sets.
			cors: { origin: [...this.allowedOrigins], credentials: this.options.credentials ?? false },
			// Sees only the HTTP request (headers, Origin), never `handshake.auth`: right for an
			// Origin allow-list, wrong for tokens.
			allowRequest: (req, callback) => callback(null, originAllowed(req, this.allowedOrigins)),
		} as ServerOptions);
	}
}

/**
 * The namespace a create() result stands for: the Server itself stands for "/". Typed as your
 * socket.io's Namespace: with two copies installed, the object is the other copy's (same API).
 */
function namespaceOf(created: ReturnType<IoAdapter['create']>): Namespace {
	return ('engine' in created ? created.sockets : created) as unknown as Namespace;
}
// #endregion adapter
