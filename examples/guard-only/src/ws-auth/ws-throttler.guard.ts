import { Injectable, type ExecutionContext } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { WsException } from '@nestjs/websockets';
import type { Socket } from 'socket.io';

// #region guard
/**
 * @nestjs/throttler's guard, made to work on gateway events (the THROTTLE=ws-guard variant).
 *
 * ThrottlerGuard reads an HTTP request: on a gateway event it gets the socket, which has no
 * `ip`, so every client is counted under the same undefined tracker, and its refusal is an
 * HttpException, which a socket client receives as "Internal server error". This one counts
 * each user's events (the address for a socket that has no user yet) and refuses with a
 * WsException. For HTTP requests it is ThrottlerGuard unchanged.
 *
 * Bind it with @UseGuards after the guard that sets `client.data.user`, or anywhere when the
 * handshake authenticated the socket.
 */
@Injectable()
export class WsThrottlerGuard extends ThrottlerGuard {
	protected override async getTracker(req: Record<string, unknown>, context?: ExecutionContext): Promise<string> {
		if (context?.getType() !== 'ws') return super.getTracker(req);
		const client = context.switchToWs().getClient<Socket>();
		// Per user, not per socket: a second connection must not get a second allowance.
		const userId: unknown = client.data.user?.id;
		return userId !== undefined ? `user:${String(userId)}` : `address:${client.handshake.address}`;
	}

	protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
		if (context.getType() !== 'ws') return super.throwThrottlingException(context, detail);
		throw new WsException('Too many requests');
	}
}
// #endregion guard
