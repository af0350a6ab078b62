import type { CanActivate, Type } from '@nestjs/common';
import { AckChatGateway } from './chat/ack-chat.gateway.js';
import { ChatGateway } from './chat/chat.gateway.js';
import { ManualAckChatGateway } from './chat/manual-ack-chat.gateway.js';
import { PassportChatGateway } from './chat/passport-chat.gateway.js';
import { ThrottledChatGateway } from './chat/throttled-chat.gateway.js';
import { ValidatedChatGateway } from './chat/validated-chat.gateway.js';
import { WsValidatedChatGateway } from './chat/ws-validated-chat.gateway.js';
import { HttpJwtGuard } from './ws-auth/http-jwt.guard.js';
import { HttpOnlyJwtGuard } from './ws-auth/http-only-jwt.guard.js';

/**
 * The variants of this example that the guides show ("Guards, filters and acknowledgements",
 * "Validation, the current user and acknowledgements", "Rate limits", "Passport in a gateway"),
 * switched on by environment variables at start-up (README: Settings). With none set, the app is
 * the example as shipped.
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
	/** The chat gateway: ChatGateway, or the one of the variant above that replaces it (at most one may). */
	chatGateway: Type;
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
	return { ...variant, chatGateway: chatGatewayOf(variant) };
}

/** The variants that replace the chat gateway, each with its own gateway: at most one may be on. */
function chatGatewayOf(variant: Omit<Variant, 'chatGateway'>): Type {
	const replacing: Array<[string, Type | false]> = [
		['ACK_FILTER', variant.ackFilter && AckChatGateway],
		['PASSPORT', variant.passport && PassportChatGateway],
		['VALIDATION', variant.validation !== undefined && (variant.validation === 'gateway' ? WsValidatedChatGateway : ValidatedChatGateway)],
		['ACK_DECORATOR', variant.ackDecorator && ManualAckChatGateway],
		['THROTTLE=ws-guard', variant.throttle === 'ws-guard' && ThrottledChatGateway],
	];
	const on = replacing.flatMap(([name, gateway]) => (gateway ? [{ name, gateway }] : []));
	if (on.length > 1) throw new Error(`${on.map(({ name }) => name).join(', ')} each replace the chat gateway: set one of them`);
	return on[0]?.gateway ?? ChatGateway;
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
