import type { CanActivate, Type } from '@nestjs/common';
import { HttpJwtGuard } from './ws-auth/http-jwt.guard.js';
import { HttpOnlyJwtGuard } from './ws-auth/http-only-jwt.guard.js';

/**
 * The variants of this example that the guide's "Guards, filters and acknowledgements" page
 * shows, switched on by environment variables at start-up (README: Settings). With none set,
 * the app is the example as shipped.
 */
export interface Variant {
	/** GLOBAL_GUARD: a JWT guard for HTTP routes, bound with APP_GUARD, as many apps have one. */
	globalGuard?: Type<CanActivate>;
	/** GLOBAL_FILTER=1: app.useGlobalFilters(new AllExceptionsFilter(...)). */
	globalFilter: boolean;
	/** ACK_FILTER=1: the chat gateway with @UseFilters(new WsAckExceptionFilter()). */
	ackFilter: boolean;
	/** PASSPORT=1: the chat gateway guarded by WsPassportGuard, Passport's JWT strategy, instead. */
	passport: boolean;
	/**
	 * VALIDATION: the chat gateway with a ChatMessageDto body (ValidatedChatGateway), checked by
	 * - `global`: app.useGlobalPipes(new ValidationPipe()), as many HTTP apps have it;
	 * - `global-ws-exception`: app.useGlobalPipes(new WsValidationPipe());
	 * - `gateway`: WsValidationPipe and WsAckExceptionFilter bound to the gateway.
	 */
	validation?: Validation;
	/** ACK_DECORATOR=1: the chat gateway whose `message` answers the acknowledgement with @Ack(). */
	ackDecorator: boolean;
	/**
	 * THROTTLE: @nestjs/throttler with THROTTLE_LIMIT, and
	 * - `global-guard`: its ThrottlerGuard bound with APP_GUARD, as its docs show for HTTP;
	 * - `ws-guard`: WsThrottlerGuard on the chat gateway (ThrottledChatGateway).
	 */
	throttle?: Throttle;
}

export const THROTTLES = ['global-guard', 'ws-guard'] as const;
export type Throttle = (typeof THROTTLES)[number];

/** The THROTTLE variants' limit: 5 events per tracker in 10 s (ThrottlerModule.forRoot's ttl is in ms). */
export const THROTTLE_LIMIT = { ttl: 10_000, limit: 5 } as const;

export const VALIDATIONS = ['global', 'global-ws-exception', 'gateway'] as const;
export type Validation = (typeof VALIDATIONS)[number];

const GLOBAL_GUARDS: Record<string, Type<CanActivate>> = {
	// DELIBERATELY WRONG: reads an HTTP request in every context, gateway events included.
	'http-only': HttpOnlyJwtGuard,
	// The fix: checks context.getType() and leaves 'ws' to the gateway's guard.
	'checks-type': HttpJwtGuard,
};

export function variantFromEnv(env: NodeJS.ProcessEnv = process.env): Variant {
	const guard = oneOf(env, 'GLOBAL_GUARD', Object.keys(GLOBAL_GUARDS));
	const variant = {
		globalGuard: guard ? GLOBAL_GUARDS[guard] : undefined,
		globalFilter: flag(env, 'GLOBAL_FILTER'),
		ackFilter: flag(env, 'ACK_FILTER'),
		passport: flag(env, 'PASSPORT'),
		validation: oneOf(env, 'VALIDATION', VALIDATIONS),
		ackDecorator: flag(env, 'ACK_DECORATOR'),
		throttle: oneOf(env, 'THROTTLE', THROTTLES),
	};
	// Each replaces the chat gateway with one of its own.
	const replacing = [
		variant.ackFilter && 'ACK_FILTER',
		variant.passport && 'PASSPORT',
		variant.validation && 'VALIDATION',
		variant.ackDecorator && 'ACK_DECORATOR',
		variant.throttle === 'ws-guard' && 'THROTTLE=ws-guard',
	].filter(Boolean);
	if (replacing.length > 1) throw new Error(`${replacing.join(', ')} each replace the chat gateway: set one of them`);
	return variant;
}

/** One of `values`, or undefined when unset or empty; anything else stops the app. */
function oneOf<T extends string>(env: NodeJS.ProcessEnv, name: string, values: readonly T[]): T | undefined {
	const raw = env[name];
	if (raw === undefined || raw === '') return undefined;
	if (!values.includes(raw as T)) throw new Error(`${name} must be one of ${values.join(', ')} (or unset), got "${raw}"`);
	return raw as T;
}

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
	const raw = env[name];
	if (raw === undefined || raw === '' || raw === '0') return false;
	if (raw === '1') return true;
	throw new Error(`${name} must be 1 or unset, got "${raw}"`);
}
