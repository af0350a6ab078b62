/**
 * What differs between NestJS majors for a gateway event, as
 * tests/readers-app/enhancers-by-major.spec.ts observes it in a reader's sample app on each
 * major: which of the app's global enhancers run for a socket.io event (every one of them runs
 * for an HTTP route on every major, which the test checks too), what @Ack() gives a handler, and
 * whether a plain WebSocket client is told of an exception. The guides' tables
 * and sentences read it. Plain TypeScript: the test imports it.
 */
import type { NestjsMajor } from './readers-app.ts';

export type GlobalEnhancer = 'guard' | 'pipe' | 'interceptor' | 'filter' | 'request-scoped-guard' | 'transient-guard';

/** Each global enhancer, and the ways an app registers it (the test uses the APP_* provider). */
export const GLOBAL_ENHANCERS: Array<{ id: GlobalEnhancer; label: string; registeredWith: string[] }> = [
	{ id: 'guard', label: 'Global guards', registeredWith: ['APP_GUARD', 'app.useGlobalGuards()'] },
	{ id: 'pipe', label: 'Global pipes', registeredWith: ['APP_PIPE', 'app.useGlobalPipes()'] },
	{ id: 'interceptor', label: 'Global interceptors', registeredWith: ['APP_INTERCEPTOR', 'app.useGlobalInterceptors()'] },
	{ id: 'filter', label: 'Global exception filters', registeredWith: ['APP_FILTER', 'app.useGlobalFilters()'] },
	{ id: 'request-scoped-guard', label: 'A request-scoped global guard', registeredWith: ['APP_GUARD', '@Injectable({ scope: Scope.REQUEST })'] },
	{ id: 'transient-guard', label: 'A transient global guard', registeredWith: ['APP_GUARD', '@Injectable({ scope: Scope.TRANSIENT })'] },
];

/**
 * Whether each runs for a gateway event. On 10 and 11, SocketModule builds the gateways' guards,
 * pipes and interceptors context creators without the app's config, and with no config
 * getGlobalMetadata() returns none; 12 passes the config. The WebSocket ExceptionFiltersContext
 * returns no global filters on any major, and a request-scoped or transient global guard is
 * kept for request-scoped contexts, while gateways are created in the static one.
 */
export const RUNS_ON_GATEWAY_EVENTS: Record<NestjsMajor, Record<GlobalEnhancer, boolean>> = {
	'12': { guard: true, pipe: true, interceptor: true, filter: false, 'request-scoped-guard': false, 'transient-guard': false },
	'11': { guard: false, pipe: false, interceptor: false, filter: false, 'request-scoped-guard': false, 'transient-guard': false },
	'10': { guard: false, pipe: false, interceptor: false, filter: false, 'request-scoped-guard': false, 'transient-guard': false },
};

/**
 * Whether @nestjs/websockets exports @Ack(), which gives a handler the client's acknowledgement
 * callback and stops Nest from sending the return value. It came with 11.1.7 (nestjs/nest#15543):
 * 11.1.6 does not have it. 10.4.21 and later ship its file but do not export it, so an app on
 * NestJS 10 does not compile with it (the test checks that the import fails).
 */
export const HAS_ACK_DECORATOR: Record<NestjsMajor, boolean> = { '12': true, '11': true, '10': false };

/** The first @nestjs/websockets version that exports @Ack(). */
export const ACK_DECORATOR_SINCE = '11.1.7';

/**
 * Whether an exception in a gateway's handler reaches a plain WebSocket client
 * (@nestjs/platform-ws) as an `{ event: 'exception', data }` frame. BaseWsExceptionFilter calls
 * `client.emit('exception', …)` on 10 and 11: on a `ws` socket, an EventEmitter, that is an event
 * inside the server, and nothing is sent. 12 writes the frame to a client with a numeric
 * `readyState` (a native WebSocket). Socket.io clients get the exception on every major.
 */
export const WS_EXCEPTION_FRAME: Record<NestjsMajor, boolean> = { '12': true, '11': false, '10': false };
