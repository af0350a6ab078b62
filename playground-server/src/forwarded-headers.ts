import type { IncomingHttpHeaders } from 'node:http';

// What crosses the relays between a visitor and an example, and what does not: the socket.io
// proxy (live-proxy.ts) and the plain WebSocket relay (ws-relay.ts) both tell the example the same.

// Headers about one connection, not the message (RFC 9110 §7.6.1); reply-from already drops
// Connection and the names it lists. `Expect: 100-continue` was answered by Node, on this hop
// (undici refuses to send it on). The client's own X-Forwarded-For is a claim, not a fact.
const NOT_FORWARDED = ['transfer-encoding', 'te', 'trailer', 'keep-alive', 'upgrade', 'proxy-connection', 'proxy-authorization', 'expect', 'x-forwarded-for', 'forwarded'];
/** What an answer says about the example's connection to us, not about the answer. */
const HOP_BY_HOP_ANSWER = ['connection', 'keep-alive', 'proxy-connection'];

/**
 * The headers of a WebSocket upgrade that the relayed upgrade carries to the example: its own
 * WebSocket headers are its client's (ws), and the examples check Origin (the recommended ones
 * refuse foreign pages).
 */
export const UPGRADE_HEADERS = ['origin', 'user-agent', 'cookie'];

export function withoutHopByHop<T extends Record<string, unknown>>(headers: T): T {
	const listed = String(headers.connection ?? '').toLowerCase().split(',').map((name) => name.trim());
	return Object.fromEntries(Object.entries(headers).filter(([name]) => !HOP_BY_HOP_ANSWER.includes(name) && !listed.includes(name))) as T;
}

/** What the example is told about the client: the address we rate-limit, not what it claims. */
export function forwarded(request: { ip: string }, headers: IncomingHttpHeaders): IncomingHttpHeaders {
	const kept = Object.fromEntries(Object.entries(headers).filter(([name]) => !NOT_FORWARDED.includes(name)));
	return { ...kept, 'x-forwarded-for': request.ip };
}

export function pick(headers: IncomingHttpHeaders, names: string[]): IncomingHttpHeaders {
	return Object.fromEntries(names.filter((name) => headers[name] !== undefined).map((name) => [name, headers[name]]));
}
