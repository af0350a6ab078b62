import { UseFilters } from '@nestjs/common';
import { WsAckExceptionFilter } from '../common/ws-ack-exception.filter.js';
import { ChatGateway } from './chat.gateway.js';

// #region gateway
/**
 * The chat gateway with WsAckExceptionFilter bound (the ACK_FILTER=1 variant): a refused event
 * answers the client's acknowledgement instead of leaving it to time out.
 *
 * In your app, put the @UseFilters line on your gateway class itself. The example subclasses
 * ChatGateway only so that the gateway as shipped stays as it is; the subclass inherits its
 * @WebSocketGateway, its @UseGuards(WsJwtGuard) and its handlers.
 */
@UseFilters(new WsAckExceptionFilter())
export class AckChatGateway extends ChatGateway {}
// #endregion gateway
