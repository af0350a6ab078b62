import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WsException } from '@nestjs/websockets';
import type { Socket } from 'socket.io';

// #region filter
/**
 * A catch-everything filter, as many apps register with app.useGlobalFilters() (the
 * GLOBAL_FILTER=1 variant): every error becomes `{ error: { status, message } }`.
 *
 * It works for HTTP routes, and it never runs for gateway handlers. Nest gives each gateway
 * handler an exception handler built from the filters on its gateway class and method only:
 * the WebSocket filter context has no global filters (@nestjs/websockets,
 * ExceptionFiltersContext.getGlobalMetadata() returns []).
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
	constructor(private readonly adapterHost: HttpAdapterHost) {}

	catch(exception: unknown, host: ArgumentsHost): void {
		if (host.getType() === 'ws') {
			// DELIBERATELY WRONG: this branch never runs, because a global filter never sees a
			// gateway's errors. Clients would get `exception` with "AllExceptionsFilter: …"; they
			// get Nest's default payload instead. Bind a filter to the gateway with @UseFilters.
			const message = exception instanceof WsException ? String(exception.getError()) : 'Internal server error';
			host.switchToWs().getClient<Socket>().emit('exception', { status: 'error', message: `AllExceptionsFilter: ${message}` });
			return;
		}
		const status = exception instanceof HttpException ? exception.getStatus() : 500;
		const message = exception instanceof HttpException ? exception.message : 'Internal server error';
		const { httpAdapter } = this.adapterHost;
		httpAdapter.reply(host.switchToHttp().getResponse(), { error: { status, message } }, status);
	}
}
// #endregion filter
