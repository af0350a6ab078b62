import { UseGuards } from '@nestjs/common';
import { WsThrottlerGuard } from '../ws-auth/ws-throttler.guard.js';
import { ChatGateway } from './chat.gateway.js';

// #region gateway
/**
 * The chat gateway with WsThrottlerGuard (the THROTTLE=ws-guard variant). @UseGuards on a
 * subclass adds to the guards it inherits, so ChatGateway's WsJwtGuard runs first and the
 * throttler counts the user it authenticated.
 *
 * In your app, list it after your own guard on the gateway class: @UseGuards(WsJwtGuard, WsThrottlerGuard).
 */
@UseGuards(WsThrottlerGuard)
export class ThrottledChatGateway extends ChatGateway {}
// #endregion gateway
