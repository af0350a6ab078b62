import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { WsException } from '@nestjs/websockets';
import type { Socket } from 'socket.io';
import type { AuthUser } from './user-lookup.js';
import { WS_ROLES_KEY } from './ws-roles.decorator.js';

// #region roles-guard
/**
 * Authorization per event. Guards run on messages only, never on connection, so this guard
 * relies on the adapter's middleware having put the user in `socket.data.user`.
 */
@Injectable()
export class WsRolesGuard implements CanActivate {
	constructor(private readonly reflector: Reflector) {}

	canActivate(context: ExecutionContext): boolean {
		const required = this.reflector.getAllAndOverride<string[] | undefined>(WS_ROLES_KEY, [
			context.getHandler(),
			context.getClass(),
		]);
		if (!required) return true;
		const user: AuthUser | undefined = context.switchToWs().getClient<Socket>().data.user;
		if (user?.roles.some((role) => required.includes(role))) return true;
		// An object is sent to the client as-is in the `exception` event.
		throw new WsException({ status: 'error', message: 'Forbidden', code: 'FORBIDDEN' });
	}
}
// #endregion roles-guard
