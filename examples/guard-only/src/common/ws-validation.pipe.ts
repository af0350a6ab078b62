import { ValidationPipe, type ValidationError, type ValidationPipeOptions } from '@nestjs/common';
import { WsException } from '@nestjs/websockets';

// #region pipe
/**
 * ValidationPipe for gateways: a payload that fails validation is refused with a WsException
 * that says what is wrong, e.g. "text must be a string". The client receives it like any refusal
 * (an `exception` event, or the acknowledgement with WsAckExceptionFilter). ValidationPipe's own
 * BadRequestException is not a WsException, and a gateway client would only see "Internal server
 * error". Bind it to the gateway with @UsePipes: a global pipe also runs for every HTTP route,
 * and on NestJS 10 and 11 it does not run for gateway events at all.
 */
export class WsValidationPipe extends ValidationPipe {
	constructor(options: Omit<ValidationPipeOptions, 'exceptionFactory'> = {}) {
		super({ ...options, exceptionFactory: (errors) => new WsException(messagesOf(errors).join('; ')) });
	}
}

/** Every failed constraint's message, nested properties included. */
function messagesOf(errors: ValidationError[]): string[] {
	return errors.flatMap((error) => [...Object.values(error.constraints ?? {}), ...messagesOf(error.children ?? [])]);
}
// #endregion pipe
