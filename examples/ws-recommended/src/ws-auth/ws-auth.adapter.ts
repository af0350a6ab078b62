import { Logger, type INestApplicationContext } from '@nestjs/common';
import { WsAdapter } from '@nestjs/platform-ws';
import type { IncomingMessage } from 'node:http';
import type { ServerOptions, VerifyClientCallbackAsync, WebSocket, WebSocketServer } from 'ws';
import { allowedOriginsFromEnv, originAllowed } from './allowed-origins.js';
import { authenticateRequest, authenticateSocket } from './authenticated-sockets.js';
import { closeWhenExpired } from './socket-expiry.js';
import { BEARER_PROTOCOL, upgradeToken } from './upgrade-token.js';
import { WsAuthError, WsAuthService } from './ws-auth.service.js';

const logger = new Logger('WsAuth');

// #region adapter
/**
 * The largest message a client may send, in bytes, unless a gateway sets its own `maxPayload`.
 * `ws` allows 100 MiB and buffers a message whole before Nest parses it; this is socket.io's
 * default (`maxHttpBufferSize`). A larger message closes the socket with code 1009.
 */
export const MAX_MESSAGE_BYTES = 1_000_000;

/**
 * Authentication at the HTTP upgrade, before the WebSocket exists: a refused client gets an HTTP
 * status instead of `101 Switching Protocols`, so it never has a socket, never reaches a gateway
 * and cannot receive a single frame. At the adapter, so no gateway can forget it, and with Nest's
 * dependency injection, which a `verifyClient` in `@WebSocketGateway()` options (nestjs/nest#6778)
 * cannot reach: a decorator's options are evaluated when the class is defined, before anything is
 * injected. This one replaces any `verifyClient` a gateway passes.
 */
export class WsAuthAdapter extends WsAdapter {
	private readonly allowedOrigins = allowedOriginsFromEnv();
	private readonly auth: WsAuthService;

	constructor(app: INestApplicationContext) {
		super(app);
		this.auth = app.get(WsAuthService);
	}

	create(port: number, options: Parameters<WsAdapter['create']>[1] = {}): WebSocketServer {
		const verifyClient: VerifyClientCallbackAsync = ({ req }, done) => {
			this.verify(req).then(
				() => done(true),
				(error: unknown) => done(false, ...refusal(req, error)),
			);
		};
		const server: WebSocketServer = super.create(port, {
			...options,
			maxPayload: options.maxPayload ?? MAX_MESSAGE_BYTES,
			verifyClient,
			// Answer `bearer`, never the token: ws would otherwise echo the first protocol offered.
			handleProtocols: (protocols: Set<string>) => (protocols.has(BEARER_PROTOCOL) ? BEARER_PROTOCOL : false),
		} satisfies ServerOptions);
		// Added before Nest binds the gateways' handleConnection, so it runs first.
		server.on('connection', (socket: WebSocket, request: IncomingMessage) => {
			const authenticated = authenticateSocket(socket, request);
			// Unreachable while verifyClient above runs for every upgrade; closed, not trusted, if not.
			if (!authenticated) return socket.close(1011, 'not authenticated');
			closeWhenExpired(socket, authenticated.expiresAt);
		});
		return server;
	}

	private async verify(request: IncomingMessage): Promise<void> {
		// CORS does not apply to WebSockets: see allowed-origins.ts.
		if (!originAllowed(request, this.allowedOrigins)) throw new OriginRefused(request.headers.origin);
		authenticateRequest(request, await this.auth.authenticate(upgradeToken(request)));
	}
}
// #endregion adapter

class OriginRefused extends Error {}

/**
 * The HTTP answer to a refused upgrade: its status, and a body with a code a client that is not
 * a browser can act on. Browsers see neither (the WebSocket API reports close code 1006 only).
 */
function refusal(request: IncomingMessage, error: unknown): [number, string] {
	const from = request.socket.remoteAddress;
	if (error instanceof OriginRefused) {
		logger.warn(`refused ${from}: origin ${JSON.stringify(request.headers.origin)} is not allowed`);
		return [403, 'ORIGIN_NOT_ALLOWED'];
	}
	if (error instanceof WsAuthError) {
		// Log why, never the token itself.
		logger.warn(`refused ${from}: ${error.message}`);
		return [401, error.code];
	}
	logger.error(`authentication failed unexpectedly: ${String(error)}`);
	return [500, 'INTERNAL'];
}
