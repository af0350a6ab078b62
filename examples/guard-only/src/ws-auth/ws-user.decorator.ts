import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Socket } from 'socket.io';

// #region decorator
/**
 * The authenticated user of the socket that sent the event: `@WsUser() user: User` in a
 * @SubscribeMessage handler, instead of reading `client.data.user` in each one. Whatever
 * authenticated the socket put the user there (here the gateway's guard, in the recommended
 * setup the handshake middleware). The type is the handler's to state: `client.data` is `any`.
 */
export const WsUser = createParamDecorator((_data: unknown, context: ExecutionContext) => {
	return context.switchToWs().getClient<Socket>().data.user;
});
// #endregion decorator
