import { UseFilters, UsePipes } from '@nestjs/common';
import { WsAckExceptionFilter } from '../common/ws-ack-exception.filter.js';
import { WsValidationPipe } from '../common/ws-validation.pipe.js';
import { ValidatedChatGateway } from './validated-chat.gateway.js';

// #region gateway
/**
 * ValidatedChatGateway with the pipe and the filter bound to it (VALIDATION=gateway): a payload
 * that fails validation answers the client's acknowledgement with what is wrong. Bound to the
 * gateway, both run on NestJS 10, 11 and 12, where global pipes run for gateways only on 12.
 *
 * In your app, put the two decorators on your gateway class itself. The example subclasses
 * ValidatedChatGateway only so that the other variants keep it as it is.
 */
@UsePipes(new WsValidationPipe())
@UseFilters(new WsAckExceptionFilter())
export class WsValidatedChatGateway extends ValidatedChatGateway {}
// #endregion gateway
