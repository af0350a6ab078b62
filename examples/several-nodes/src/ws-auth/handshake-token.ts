import type { Socket } from 'socket.io';

/** What a socket.io handshake carries: the client's `auth` payload, and the headers of the HTTP request that opened the connection. */
export type Handshake = Socket['handshake'];

/**
 * Where the token is in a handshake. Whatever it returns goes to `WsAuthService.authenticate()`,
 * which checks its type and size before anything else, so it may hand over the client's value
 * as it is. `undefined` (or an empty string) means "no token": `TOKEN_MISSING`.
 */
export type TokenFrom = (handshake: Handshake) => unknown;

/** The default: the client sends it with `io(url, { auth: { token } })`. */
export const tokenFromAuth: TokenFrom = (handshake) => handshake.auth?.token;

/**
 * `Authorization: Bearer <token>` on the HTTP request that opened the connection, for clients
 * that already send the token there (`io(url, { extraHeaders: { authorization } })`). Node
 * clients send it on every transport. A browser sends it only on long-polling requests: its
 * WebSocket API takes no headers, so engine.io-client drops `extraHeaders` there. With the
 * default transports the first request is a long-poll, so the handshake has the header; a
 * browser client with `transports: ['websocket']` has none (TOKEN_MISSING).
 */
export const tokenFromAuthorizationHeader: TokenFrom = (handshake) => /^Bearer +(\S+) *$/i.exec(handshake.headers.authorization ?? '')?.[1];
