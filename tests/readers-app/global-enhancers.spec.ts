// Which of an app's global enhancers run for a gateway event, on each NestJS major a reader may
// have: the "Guards, filters and acknowledgements" guide states it per major from this test. The
// reader's app (`nest new` with the docs' socket.io gateway sample) gets one global guard, pipe,
// interceptor and filter, and a request-scoped global guard, each registered as an app provider
// (APP_GUARD, APP_PIPE...) and each with a visible effect, then a real socket.io client sends
// the sample's `identity` event, which answers with what it was sent.
import { expect, test } from '@playwright/test';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { NESTJS_MAJORS } from '../../site/lib/readers-app.ts';
import { sampleApp } from './install-cache.ts';
import { compileApp, copyFixtureApp, startInstance } from './readers-app.ts';

// `.js` suffixes: the NestJS 12 sample is ESM (nodenext); 10 and 11 are CommonJS, where
// TypeScript maps them to the .ts files too.
const APP_MODULE = `import {
  CallHandler, CanActivate, Catch, Controller, ExceptionFilter, ExecutionContext, Get, HttpException,
  Injectable, Module, NestInterceptor, PipeTransform, Scope, type ArgumentsHost,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { map } from 'rxjs';
import { EventsModule } from './events/events.module.js';

/** Refuses an event whose data is "refuse" (a global guard's ForbiddenException). */
@Injectable()
class RefusingGuard implements CanActivate {
  canActivate(context: ExecutionContext) {
    return context.getType() !== 'ws' || context.switchToWs().getData() !== 'refuse';
  }
}

/** Request-scoped: refuses HTTP requests with ?refuse=request, and events whose data is "refuse-request". */
@Injectable({ scope: Scope.REQUEST })
class RequestScopedGuard implements CanActivate {
  canActivate(context: ExecutionContext) {
    if (context.getType() === 'http') return context.switchToHttp().getRequest().query.refuse !== 'request';
    return context.switchToWs().getData() !== 'refuse-request';
  }
}

/** Adds 1 to every number it is given. */
@Injectable()
class PlusOnePipe implements PipeTransform {
  transform(value: unknown) {
    return typeof value === 'number' ? value + 1 : value;
  }
}

/** Wraps every handler's result in { intercepted }. */
@Injectable()
class WrappingInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler) {
    return next.handle().pipe(map((result) => ({ intercepted: result })));
  }
}

/** Catches everything: for a socket, emits { filteredBy: 'global' }; for HTTP, answers 418. */
@Catch()
class GlobalFilter implements ExceptionFilter {
  catch(exception: unknown, host: ArgumentsHost) {
    if (host.getType() === 'ws') {
      host.switchToWs().getClient().emit('exception', { filteredBy: 'global' });
      return;
    }
    const status = exception instanceof HttpException ? exception.getStatus() : 500;
    host.switchToHttp().getResponse().status(418).json({ filteredBy: 'global', status });
  }
}

@Controller()
class ProbeController {
  @Get('probe')
  probe() {
    return 'ok';
  }
}

@Module({
  imports: [EventsModule],
  controllers: [ProbeController],
  providers: [
    { provide: APP_GUARD, useClass: RefusingGuard },
    { provide: APP_GUARD, useClass: RequestScopedGuard },
    { provide: APP_PIPE, useClass: PlusOnePipe },
    { provide: APP_INTERCEPTOR, useClass: WrappingInterceptor },
    { provide: APP_FILTER, useClass: GlobalFilter },
  ],
})
export class AppModule {}
`;

/** What the client saw for one `identity` event: its acknowledgement, or the `exception` event, or neither. */
async function identity(socket: Socket, data: unknown): Promise<{ ack?: unknown; exception?: unknown }> {
	const exception = new Promise<unknown>((resolve) => socket.once('exception', resolve));
	const ack = socket.timeout(1000).emitWithAck('identity', data).then(
		(value) => ({ ack: value }),
		() => ({}),
	);
	const first = await Promise.race([ack, exception.then((value) => ({ exception: value }))]);
	socket.off('exception');
	return first;
}

for (const major of NESTJS_MAJORS) {
	test(`NestJS ${major}: which global enhancers run for a gateway event`, async () => {
		const dir = test.info().outputPath('app');
		await copyFixtureApp(sampleApp(major), dir);
		await writeFile(join(dir, 'src', 'app.module.ts'), APP_MODULE);
		await compileApp(dir);
		const app = await startInstance(dir, {});
		const socket = io(app.url, { reconnection: false, forceNew: true, transports: ['websocket'] });
		try {
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', resolve);
				socket.once('connect_error', reject);
			});
			// Every enhancer runs for HTTP, in every major: the differences below are the gateway's.
			expect((await fetch(`${app.url}/probe`).then((response) => response.json())).intercepted).toBe('ok');
			expect((await fetch(`${app.url}/probe?refuse=request`)).status).toBe(418);

			const plusOne = await identity(socket, 41);
			const refused = await identity(socket, 'refuse');
			const requestScoped = await identity(socket, 'refuse-request');
			if (major === '12') {
				// The global pipe and interceptor ran; the global guard refused; the global filter did not catch.
				expect(plusOne).toEqual({ ack: { intercepted: 42 } });
				expect(refused).toEqual({ exception: expect.objectContaining({ status: 'error', message: 'Forbidden resource' }) });
			} else {
				// None of the global pipe, interceptor and guard ran.
				expect(plusOne).toEqual({ ack: 41 });
				expect(refused).toEqual({ ack: 'refuse' });
			}
			// The request-scoped global guard never runs for a gateway event (the interceptor still wraps on 12).
			expect(requestScoped).toEqual({ ack: major === '12' ? { intercepted: 'refuse-request' } : 'refuse-request' });
		} finally {
			socket.close();
			await app.stop();
		}
	});
}
