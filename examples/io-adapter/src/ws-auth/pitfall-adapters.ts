import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { IncomingMessage } from 'node:http';
import type { Server, ServerOptions } from 'socket.io';
import { WsAuthIoAdapter } from './ws-auth-io.adapter.js';
import { WsAuthService } from './ws-auth.service.js';
import { createWsAuthMiddleware } from './ws-auth.middleware.js';

// DELIBERATELY WRONG: the two adapters below each show a pitfall, selected with AUTH_HOOK.
// Never copy them; WsAuthIoAdapter (ws-auth-io.adapter.ts) is the one to use.

// #region pitfalls
/**
 * WRONG: createIOServer() runs once, and server.use() is the same as server.of('/').use(), so
 * namespaced gateways (/admin) accept anyone.
 */
export class CreateIOServerAuthAdapter extends IoAdapter {
	constructor(private readonly app: INestApplicationContext) {
		super(app);
	}

	createIOServer(port: number, options?: ServerOptions): Server {
		const server: Server = super.createIOServer(port, options);
		server.use(createWsAuthMiddleware(this.app.get(WsAuthService)));
		return server;
	}
}

/**
 * WRONG FOR TOKENS: allowRequest sees the HTTP request only (headers, cookies, query), not
 * handshake.auth, which arrives later in the CONNECT packet. A refusal is an HTTP 403 on a
 * long-polling request, or an HTTP 400 on a WebSocket upgrade; the client treats either as a
 * network error, so it keeps retrying.
 */
export class AllowRequestAuthAdapter extends IoAdapter {
	constructor(private readonly app: INestApplicationContext) {
		super(app);
	}

	createIOServer(port: number, options?: ServerOptions): Server {
		return super.createIOServer(port, {
			...options,
			allowRequest: (req, callback) => {
				this.app
					.get(WsAuthService)
					.authenticate(bearerToken(req))
					.then(
						() => callback(null, true),
						() => callback('Unauthorized', false),
					);
			},
		} as ServerOptions);
	}
}
// #endregion pitfalls

function bearerToken(req: IncomingMessage): string | undefined {
	const header = req.headers.authorization;
	return header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
}

const ADAPTERS = {
	create: WsAuthIoAdapter,
	createIOServer: CreateIOServerAuthAdapter,
	allowRequest: AllowRequestAuthAdapter,
};

/** The adapter for an AUTH_HOOK value: `create` is the right one; the others show a pitfall. */
export function adapterForHook(app: INestApplicationContext, hook: string): IoAdapter {
	if (!Object.hasOwn(ADAPTERS, hook)) {
		throw new Error(`AUTH_HOOK must be ${Object.keys(ADAPTERS).join(', ').replace(/, (\w+)$/, ' or $1')}, got "${hook}"`);
	}
	return new ADAPTERS[hook as keyof typeof ADAPTERS](app);
}
