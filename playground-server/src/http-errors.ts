import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { logger } from './log.ts';
import { refusal } from './request-target.ts';

const log = logger('http');

/** A request we refuse, with the status and the message the client gets. */
export class HttpError extends Error {
	readonly statusCode: number;
	readonly headers: Record<string, string>;

	constructor(statusCode: number, message: string, headers: Record<string, string> = {}) {
		super(message);
		this.statusCode = statusCode;
		this.headers = headers;
	}
}

/** The visitor's answer when the example (or one node of it) it was relayed to did not answer. */
export function exampleDidNotAnswer(approach: string, node?: string): HttpError {
	return new HttpError(502, `The ${approach} example${node ? `'s node ${node.toUpperCase()}` : ''} did not answer.`);
}

/** Fastify's own 4xx errors, in words a visitor of this playground can act on. */
const MESSAGES: Record<string, string> = {
	FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Send a JSON body with Content-Type: application/json.',
	FST_ERR_CTP_EMPTY_JSON_BODY: 'The body is empty; send a JSON object.',
	FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'The Content-Length does not match the body.',
	FST_ERR_BAD_URL: 'The URL is not valid (bad percent-encoding).',
	FST_ERR_ASYNC_CONSTRAINT: 'The URL is not valid.',
};

/**
 * Every error becomes `{ "error": "<message>", "status": <code> }` with its status. A 4xx says
 * what was wrong with the request; anything else is logged once and answered without detail.
 */
export function sendError(error: FastifyError | HttpError, request: FastifyRequest, reply: FastifyReply) {
	let status = error.statusCode ?? 500;
	let message = error.message;
	if (error instanceof HttpError) reply.headers(error.headers);
	else if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') message = `The body is larger than ${request.routeOptions.bodyLimit ?? 'allowed'} bytes.`;
	else if (error.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || error instanceof SyntaxError) [status, message] = [400, 'The body is not valid JSON.'];
	// The router cannot read a target that is not a path (ftp://…): say what is wrong with it.
	else if (error.code === 'FST_ERR_BAD_URL' && refusal(request.originalUrl)) message = refusal(request.originalUrl)!;
	else if (error.code && MESSAGES[error.code]) message = MESSAGES[error.code]!;
	if (status < 400 || status > 599) status = 500;
	if (status >= 500 && !(error instanceof HttpError)) {
		log.error(`${request.method} ${request.url.split('?')[0]}: ${error.message}`);
		message = 'Internal error.';
	}
	return reply.code(status).header('cache-control', 'no-store').send({ error: message, status });
}

/** The rate limiter's refusal, as an error our handler turns into a 429 with a message. */
export function tooMany(what: string) {
	return (_request: FastifyRequest, context: { max: number; ttl: number }) =>
		new HttpError(429, `Too many ${what} from your address (at most ${context.max} a minute). Try again in ${Math.ceil(context.ttl / 1000)} s.`);
}
