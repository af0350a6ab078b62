import type { Socket } from 'socket.io';

/** What a socket.io handshake carries: the client's `auth` payload, and the headers of the HTTP request that opened the connection. */
export type Handshake = Socket['handshake'];

/**
 * Where the token is in a handshake. Whatever it returns goes to `AuthService.authenticate()`,
 * which checks its type and size before anything else, so it may hand over the client's value
 * as it is. `undefined` (or an empty string) means "no token": `TOKEN_MISSING`.
 */
export type TokenFrom = (handshake: Handshake) => unknown;

/** The default: the client sends it with `io(url, { auth: { token } })`. */
export const tokenFromAuth: TokenFrom = (handshake) => handshake.auth?.token;
