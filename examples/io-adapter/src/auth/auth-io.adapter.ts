import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { IncomingMessage } from 'node:http';
import type { Namespace, Server, ServerOptions } from 'socket.io';
import { AuthService } from './auth.service.js';
import { createWsAuthMiddleware } from './ws-auth.middleware.js';

/**
 * Where the adapter hooks authentication in. `create` is the right one; the other two are
 * here, selected with AUTH_HOOK, to show what goes wrong with them.
 */
type AuthHook = 'create' | 'createIOServer' | 'allowRequest';
const AUTH_HOOK = (process.env.AUTH_HOOK ?? 'create') as AuthHook;
if (!['create', 'createIOServer', 'allowRequest'].includes(AUTH_HOOK)) {
	throw new Error(`AUTH_HOOK must be create, createIOServer or allowRequest, got "${AUTH_HOOK}"`);
}

// #region adapter
/**
 * Services are not injected into adapters: take them from the app with app.get().
 */
export class AuthIoAdapter extends IoAdapter {
	constructor(private readonly app: INestApplicationContext) {
		super(app);
	}

	// Nest calls create() once for the server and once more for every namespaced gateway
	// (then it returns that Namespace), so use() here covers "/" and /admin alike.
	create(port: number, options?: ServerOptions & { namespace?: string; server?: Server }): Server | Namespace {
		const serverOrNamespace = super.create(port, options);
		if (AUTH_HOOK === 'create') serverOrNamespace.use(createWsAuthMiddleware(this.app.get(AuthService)));
		return serverOrNamespace;
	}
	// #endregion adapter

	// #region pitfalls
	createIOServer(port: number, options?: ServerOptions): Server {
		if (AUTH_HOOK === 'allowRequest') {
			// WRONG FOR TOKENS: allowRequest sees the HTTP request only (headers, cookies, query),
			// not handshake.auth, which arrives later in the CONNECT packet. A refusal is an HTTP
			// 403 that the client treats as a network error, so it keeps retrying.
			options = { ...options, allowRequest: (req, callback) => this.allowBearer(req, callback) } as ServerOptions;
		}
		const server: Server = super.createIOServer(port, options);
		// WRONG: createIOServer() runs once, and server.use() is the same as server.of('/').use(),
		// so namespaced gateways (/admin) accept anyone.
		if (AUTH_HOOK === 'createIOServer') server.use(createWsAuthMiddleware(this.app.get(AuthService)));
		return server;
	}

	private allowBearer(req: IncomingMessage, callback: (err: string | null, success: boolean) => void) {
		const header = req.headers.authorization;
		const token = header?.startsWith('Bearer ') ? header.slice('Bearer '.length) : undefined;
		this.app
			.get(AuthService)
			.authenticate(token)
			.then(
				() => callback(null, true),
				() => callback('Unauthorized', false),
			);
	}
	// #endregion pitfalls
}
