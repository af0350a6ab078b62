import { Injectable, UnauthorizedException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';
import { WsAuthService } from './ws-auth.service.js';
import type { AuthUser } from './user-lookup.js';

/** What this guard needs from an HTTP request (Express's and Fastify's both have it). */
interface HttpRequest {
	headers: IncomingHttpHeaders;
	user?: AuthUser;
}

// #region guard
/**
 * DELIBERATELY WRONG in an app that has gateways (the GLOBAL_GUARD=http-only variant).
 *
 * A global JWT guard written for HTTP routes only, the way the NestJS authentication docs write
 * theirs: it assumes that every context is an HTTP request. But a global guard (APP_GUARD or
 * app.useGlobalGuards) also runs before every @SubscribeMessage handler, with the context type
 * 'ws'. There, switchToHttp().getRequest() returns the handler's first argument, the socket,
 * which has no `headers`: the TypeError below reaches the client as an `exception` event
 * "Internal server error" for every event, whatever token the client has.
 */
@Injectable()
export class HttpOnlyJwtGuard implements CanActivate {
	constructor(private readonly auth: WsAuthService) {}

	async canActivate(context: ExecutionContext): Promise<boolean> {
		const request = context.switchToHttp().getRequest<HttpRequest>();
		// On a gateway event, `request` is a socket.io Socket: `request.headers` is undefined.
		const [scheme, token] = request.headers.authorization?.split(' ') ?? [];
		if (scheme !== 'Bearer' || !token) throw new UnauthorizedException();
		try {
			request.user = (await this.auth.authenticate(token)).user;
		} catch {
			throw new UnauthorizedException();
		}
		return true;
	}
}
// #endregion guard
