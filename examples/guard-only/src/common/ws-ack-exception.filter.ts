import { Catch, type ArgumentsHost } from '@nestjs/common';
import { BaseWsExceptionFilter, WsException } from '@nestjs/websockets';

// #region filter
/**
 * Answers the acknowledgement of an event that failed (the ACK_FILTER=1 variant).
 *
 * By default Nest reports any error in a gateway handler, a guard's WsException included, as an
 * `exception` event and never calls the client's acknowledgement callback: `emitWithAck` waits
 * until its timeout. This filter calls that callback with `{ error }` when the client asked for
 * an acknowledgement, and otherwise lets Nest emit `exception` as usual. Bind it to the gateway
 * with @UseFilters: global filters never run for gateway handlers.
 */
@Catch()
export class WsAckExceptionFilter extends BaseWsExceptionFilter {
	override catch(exception: unknown, host: ArgumentsHost): void {
		// A gateway handler's arguments are [socket, data, ack, pattern]: `ack` is the client's
		// callback when it asked for an acknowledgement, undefined when it did not.
		const ack: unknown = host.getArgByIndex(2);
		if (typeof ack !== 'function') return super.catch(exception, host);

		if (exception instanceof WsException) {
			ack({ error: exception.getError() });
			return;
		}
		// As Nest does by default: nothing about an unexpected error to the client, all of it to the log.
		BaseWsExceptionFilter.logger.error(exception);
		ack({ error: 'Internal server error' });
	}
}
// #endregion filter
