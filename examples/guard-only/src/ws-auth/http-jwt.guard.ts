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
 * A global JWT guard for HTTP routes that knows it is global (the GLOBAL_GUARD=checks-type
 * variant). Nest runs global guards before gateway handlers too, with the context type 'ws';
 * this guard checks the type first and leaves every context other than HTTP to the guards
 * written for it. Letting 'ws' through is safe only because sockets are checked elsewhere:
 * here by the gateways' own WsJwtGuard (better, at the handshake: see the recommended example).
 */
@Injectable()
export class HttpJwtGuard implements CanActivate {
	constructor(private readonly auth: WsAuthService) {}

	async canActivate(context: ExecutionContext): Promise<boolean> {
		// 'ws' for gateway handlers, 'rpc' for microservice handlers: not this guard's business.
		if (context.getType() !== 'http') return true;

		const request = context.switchToHttp().getRequest<HttpRequest>();
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
