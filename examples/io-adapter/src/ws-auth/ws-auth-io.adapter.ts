import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Namespace, Server } from 'socket.io';
import { WsAuthService } from './ws-auth.service.js';
import { createWsAuthMiddleware } from './ws-auth.middleware.js';

// #region adapter
/**
 * Services are not injected into adapters: take them from the app with app.get().
 */
export class WsAuthIoAdapter extends IoAdapter {
	// Two gateways on one namespace get the same Namespace back: authenticate it once.
	private readonly protectedNamespaces = new WeakSet<object>();

	constructor(private readonly app: INestApplicationContext) {
		super(app);
	}

	// Nest calls create() once for the server and once more for every namespaced gateway
	// (then it returns that Namespace), so use() here covers "/" and /admin alike.
	// Typed by IoAdapter's own create(): its return type differs between majors (NestJS 10 and
	// 11: Server; 12: Server | Namespace), and it is typed by the socket.io that
	// @nestjs/platform-socket.io depends on, which is a second copy when your app installs another
	// version itself. So this compiles on every major, with one copy or two.
	create(port: number, options?: Parameters<IoAdapter['create']>[1]): ReturnType<IoAdapter['create']> {
		const serverOrNamespace = super.create(port, options);
		if (!this.protectedNamespaces.has(serverOrNamespace)) {
			this.protectedNamespaces.add(serverOrNamespace);
			// Used as your socket.io's: with two copies installed, the object is the other copy's (same API).
			(serverOrNamespace as unknown as Server | Namespace).use(createWsAuthMiddleware(this.app.get(WsAuthService)));
		}
		return serverOrNamespace;
	}
}
// #endregion adapter
