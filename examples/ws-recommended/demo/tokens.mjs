// Tokens for every scenario, signed with node:crypto so that the client side needs no JWT
// library. Same file in every example.
import { createHmac } from 'node:crypto';

const base64url = (value) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** Signs an HS256 JWT (or, with `alg: 'none'`, leaves the signature empty). */
export function signJwt(claims, secret, header = { alg: 'HS256', typ: 'JWT' }) {
	const unsigned = `${base64url(header)}.${base64url(claims)}`;
	if (header.alg === 'none') return `${unsigned}.`;
	return `${unsigned}.${createHmac('sha256', secret).update(unsigned).digest('base64url')}`;
}

/**
 * The value a client puts in `auth.token` for a scenario's attacker (or Alice, for `valid` and
 * `expiry`). `undefined` means "send no token".
 * @param {string} kind a token kind: one of TOKEN_KINDS
 * @param {{ secret: string, issuer: string, audience: string, now?: number, expiresInSeconds?: number }} settings
 */
export function tokenFor(kind, { secret, issuer, audience, now = Date.now(), expiresInSeconds = 600 }) {
	const iat = Math.floor(now / 1000);
	const claims = (sub, exp = iat + expiresInSeconds) => ({ sub, iss: issuer, aud: audience, iat, exp });
	switch (kind) {
		case 'valid':
			return signJwt(claims('alice'), secret);
		case 'admin':
			return signJwt(claims('bob'), secret);
		case 'no-token':
			return undefined;
		case 'malformed':
			return 'not-a-jwt';
		case 'bad-signature':
			return signJwt(claims('alice'), `${secret}-but-not-quite`);
		case 'expired':
			return signJwt({ ...claims('alice', iat - 60), iat: iat - 120 }, secret);
		case 'alg-none':
			return signJwt(claims('alice'), '', { alg: 'none', typ: 'JWT' });
		case 'unknown-user':
			return signJwt(claims('mallory'), secret);
		case 'non-string':
			return { sub: 'alice' };
		case 'oversized':
			return signJwt({ ...claims('alice'), padding: 'x'.repeat(8 * 1024) }, secret);
		case 'expiring':
			return signJwt(claims('alice', iat + 2), secret);
		default:
			throw new RangeError(`unknown token kind "${kind}"; expected one of ${TOKEN_KINDS.join(', ')}`);
	}
}

/** When a JWT expires, in ms since the epoch (its `exp`, unverified: the client signed it). */
export function expiresAtOf(token) {
	return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString()).exp * 1000;
}

export const TOKEN_KINDS = [
	'valid',
	'admin',
	'no-token',
	'malformed',
	'bad-signature',
	'expired',
	'alg-none',
	'unknown-user',
	'non-string',
	'oversized',
	'expiring',
];
