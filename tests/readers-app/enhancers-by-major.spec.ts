// What differs between the NestJS majors a reader may have for a gateway event, as
// site/lib/enhancers-by-major.ts states it for the guides: which of the app's global enhancers
// run, and whether @Ack() is there. The reader's app (`nest new` with the docs' socket.io gateway sample) gets one
// global guard, pipe, interceptor and filter, and a request-scoped and a transient global guard, each registered
// as an app provider (APP_GUARD, APP_PIPE...) and each with a visible effect. A real socket.io
// client then sends the sample's `identity` event, which answers with what it was sent, and a
// `throw` event whose handler throws a WsException. The test's own gateways have a pipe bound
// with @UsePipes(), and a handler that answers with @Ack() (where the major exports it). Each
// major runs as an HTTP app and as a hybrid app, with a TCP microservice connected: the same.
// Then the docs' `ws` gateway sample (WsAdapter): whether a handler's exception reaches a plain
// WebSocket client at all.
import { expect, test } from '@playwright/test';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import WebSocket from 'ws';
import { freePort } from '../../scripts/start-playground.mjs';
import { HAS_ACK_DECORATOR, RUNS_ON_GATEWAY_EVENTS, WS_EXCEPTION_FRAME } from '../../site/lib/enhancers-by-major.ts';
import { NESTJS_MAJORS } from '../../site/lib/readers-app.ts';
import { QUIET_NPM_ENV, run, sampleApp, wsSampleApp } from './install-cache.ts';
import { compileApp, copyFixtureApp, startInstance } from './readers-app.ts';

// `.js` suffixes: the NestJS 12 sample is ESM (nodenext); 10 and 11 are CommonJS, where
// TypeScript maps them to the .ts files too.
const APP_MODULE = `import {
  Body, CallHandler, CanActivate, Catch, Controller, ExceptionFilter, ExecutionContext, HttpException,
  Injectable, Module, NestInterceptor, PipeTransform, Post, Scope, UsePipes, type ArgumentsHost,
} from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_INTERCEPTOR, APP_PIPE } from '@nestjs/core';
import { map } from 'rxjs';
import { MessageBody, SubscribeMessage, WebSocketGateway, WsException } from '@nestjs/websockets';
import { EventsModule } from './events/events.module.js';
import { MORE_GATEWAYS } from './more-gateways.js';

/** Refuses HTTP requests with ?refuse=guard, and events whose data is "refuse". */
@Injectable()
class RefusingGuard implements CanActivate {
  canActivate(context: ExecutionContext) {
    if (context.getType() === 'http') return context.switchToHttp().getRequest().query.refuse !== 'guard';
    return context.switchToWs().getData() !== 'refuse';
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

/** Transient: refuses HTTP requests with ?refuse=transient, and events whose data is "refuse-transient". */
@Injectable({ scope: Scope.TRANSIENT })
class TransientGuard implements CanActivate {
  canActivate(context: ExecutionContext) {
    if (context.getType() === 'http') return context.switchToHttp().getRequest().query.refuse !== 'transient';
    return context.switchToWs().getData() !== 'refuse-transient';
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

@UsePipes(new PlusOnePipe())
@WebSocketGateway()
class OwnGateway {
  @SubscribeMessage('throw')
  throw() {
    throw new WsException('thrown');
  }

  /** Answers with its pipes' result. */
  @SubscribeMessage('bound')
  bound(@MessageBody() n: number) {
    return n;
  }

}

@Controller()
class ProbeController {
  @Post('probe')
  probe(@Body('n') n: number) {
    return n;
  }
}

@Module({
  imports: [EventsModule],
  controllers: [ProbeController],
  providers: [
    OwnGateway,
    ...MORE_GATEWAYS,
    { provide: APP_GUARD, useClass: RefusingGuard },
    { provide: APP_GUARD, useClass: RequestScopedGuard },
    { provide: APP_GUARD, useClass: TransientGuard },
    { provide: APP_PIPE, useClass: PlusOnePipe },
    { provide: APP_INTERCEPTOR, useClass: WrappingInterceptor },
    { provide: APP_FILTER, useClass: GlobalFilter },
  ],
})
export class AppModule {}
`;

/** A gateway whose handler answers "manual" through @Ack() and returns "returned". */
const ACK_GATEWAY = `import { Ack, SubscribeMessage, WebSocketGateway } from '@nestjs/websockets';

@WebSocketGateway()
class AckGateway {
  @SubscribeMessage('manual-ack')
  manualAck(@Ack() ack: (reply: string) => void) {
    ack('manual');
    return 'returned';
  }
}

export const MORE_GATEWAYS = [AckGateway];
`;

/** What the client saw for one event: its acknowledgement, or the `exception` event, or neither. */
async function emit(socket: Socket, event: string, data: unknown): Promise<{ ack?: unknown; exception?: unknown }> {
	const exception = new Promise<unknown>((resolve) => socket.once('exception', resolve));
	const ack = socket.timeout(1000).emitWithAck(event, data).then(
		(value) => ({ ack: value }),
		() => ({}),
	);
	const first = await Promise.race([ack, exception.then((value) => ({ exception: value }))]);
	socket.off('exception');
	return first;
}

/**
 * The hybrid app: the sample's main.ts with a TCP microservice connected (on any free port) before
 * listening, as the NestJS docs' hybrid application does. `void`: 10 and 11 compile to CommonJS.
 */
const HYBRID_MAIN = `import { NestFactory } from '@nestjs/core';
import { Transport } from '@nestjs/microservices';
import { AppModule } from './app.module.js';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  app.connectMicroservice({ transport: Transport.TCP, options: { host: '127.0.0.1', port: 0 } });
  await app.startAllMicroservices();
  await app.listen(process.env.PORT ?? 3000);
}
void bootstrap();
`;

for (const major of NESTJS_MAJORS) for (const hybrid of [false, true]) {
	const what = hybrid ? 'a hybrid app (connectMicroservice)' : 'an HTTP app';
	test(`NestJS ${major}, ${what}: which global enhancers run for a gateway event, and whether @Ack() is there`, async () => {
		const dir = test.info().outputPath('app');
		await copyFixtureApp(sampleApp(major), dir);
		if (hybrid) {
			// The @nestjs/microservices of the app's own major, as a reader would add it.
			await run('npm', ['install', '--no-save', `@nestjs/microservices@${major}`], dir, { ...process.env, ...QUIET_NPM_ENV });
			await writeFile(join(dir, 'src', 'main.ts'), HYBRID_MAIN);
		}
		await writeFile(join(dir, 'src', 'app.module.ts'), APP_MODULE);
		const moreGateways = join(dir, 'src', 'more-gateways.ts');
		await writeFile(moreGateways, ACK_GATEWAY);
		if (!HAS_ACK_DECORATOR[major]) {
			await expect(compileApp(dir)).rejects.toThrow(/has no exported member 'Ack'/);
			await writeFile(moreGateways, 'export const MORE_GATEWAYS = [];\n');
		}
		await compileApp(dir);
		const app = await startInstance(dir, {});
		const socket = io(app.url, { reconnection: false, forceNew: true, transports: ['websocket'] });
		try {
			await new Promise<void>((resolve, reject) => {
				socket.once('connect', resolve);
				socket.once('connect_error', reject);
			});
			// For an HTTP route, every one of them runs on every major: the pipe adds 1, the interceptor
			// wraps, each guard refuses when asked to, and the filter answers the refusal.
			const probe = (query = '') =>
				fetch(`${app.url}/probe${query}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"n":41}' }).then(async (response) => ({
					status: response.status,
					body: await response.json(),
				}));
			expect(await probe()).toEqual({ status: 201, body: { intercepted: 42 } });
			expect(await probe('?refuse=guard')).toEqual({ status: 418, body: { filteredBy: 'global', status: 403 } });
			expect(await probe('?refuse=request')).toEqual({ status: 418, body: { filteredBy: 'global', status: 403 } });
			expect(await probe('?refuse=transient')).toEqual({ status: 418, body: { filteredBy: 'global', status: 403 } });

			const runs = RUNS_ON_GATEWAY_EVENTS[major];
			const result = (value: unknown) => (runs.interceptor ? { intercepted: value } : value);
			const refusal = { exception: expect.objectContaining({ status: 'error', message: 'Forbidden resource' }) };
			expect(await emit(socket, 'identity', 41)).toEqual({ ack: result(runs.pipe ? 42 : 41) });
			expect(await emit(socket, 'identity', 'refuse')).toEqual(runs.guard ? refusal : { ack: result('refuse') });
			expect(await emit(socket, 'identity', 'refuse-request')).toEqual(runs['request-scoped-guard'] ? refusal : { ack: result('refuse-request') });
			expect(await emit(socket, 'identity', 'refuse-transient')).toEqual(runs['transient-guard'] ? refusal : { ack: result('refuse-transient') });
			// A pipe bound to the gateway runs on every major, after the global one where that runs.
			expect(await emit(socket, 'bound', 40)).toEqual({ ack: result(runs.pipe ? 42 : 41) });
			// The handler's answer, and not its return value (not even wrapped by the global interceptor).
			if (HAS_ACK_DECORATOR[major]) expect(await emit(socket, 'manual-ack', {})).toEqual({ ack: 'manual' });
			expect(await emit(socket, 'throw', {})).toEqual({
				exception: runs.filter ? { filteredBy: 'global' } : expect.objectContaining({ status: 'error', message: 'thrown' }),
			});
		} finally {
			socket.close();
			await app.stop();
		}
	});
}

/** The ws sample's module, with a second gateway on the sample's port whose handler throws. */
const WS_APP_MODULE = `import { Module } from '@nestjs/common';
import { SubscribeMessage, WebSocketGateway, WsException } from '@nestjs/websockets';
import { EventsModule } from './events/events.module.js';

@WebSocketGateway(Number(process.env.WS_PORT) || 8080)
class ThrowingGateway {
  @SubscribeMessage('throw')
  throw() {
    throw new WsException('thrown');
  }
}

@Module({ imports: [EventsModule], providers: [ThrowingGateway] })
export class AppModule {}
`;

for (const major of NESTJS_MAJORS) {
	test(`NestJS ${major} on WsAdapter: whether a handler's WsException reaches a plain WebSocket client`, async () => {
		const dir = test.info().outputPath('app');
		await copyFixtureApp(wsSampleApp(major), dir);
		await writeFile(join(dir, 'src', 'app.module.ts'), WS_APP_MODULE);
		await compileApp(dir);
		const wsPort = await freePort();
		const app = await startInstance(dir, { WS_PORT: String(wsPort) });
		const socket = new WebSocket(`ws://127.0.0.1:${wsPort}`);
		try {
			await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
			const frames: Array<{ event: string; data: unknown }> = [];
			socket.on('message', (data) => frames.push(JSON.parse(data.toString())));
			// The sample's `events` after the throw: its three answers show the socket was read past it.
			socket.send(JSON.stringify({ event: 'throw', data: 'x' }));
			socket.send(JSON.stringify({ event: 'events', data: 'x' }));
			await expect.poll(() => frames.filter((frame) => frame.event === 'events').length).toBe(3);
			await new Promise((resolve) => setTimeout(resolve, 300));
			const exceptions = frames.filter((frame) => frame.event === 'exception');
			expect(exceptions).toEqual(WS_EXCEPTION_FRAME[major] ? [{ event: 'exception', data: expect.objectContaining({ status: 'error', message: 'thrown' }) }] : []);
		} finally {
			socket.terminate();
			await app.stop();
		}
	});
}
