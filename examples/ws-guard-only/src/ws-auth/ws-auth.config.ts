import { Logger } from '@nestjs/common';
import { createRemoteJWKSet, importSPKI, jwtVerify, type JWTPayload } from 'jose';

/** Injection token of the settings below, read once when the app starts (WsAuthModule). */
export const WS_AUTH_CONFIG = Symbol('WS_AUTH_CONFIG');

/** The user id as the token carries it: a string, or a number if your login writes numbers. */
export type UserId = string | number;

/** How your login's tokens are checked. */
export interface WsAuthConfig {
	/**
	 * Checks the signature with the one algorithm your login uses, then `exp` (required), `nbf`,
	 * and `iss` / `aud` when set; resolves with the claims, or rejects with jose's error.
	 */
	verify(token: string): Promise<JWTPayload>;
	/** The claim that names the user (JWT_USER_ID_CLAIM, default `sub`). */
	userIdClaim: string;
	/** What that claim must hold (JWT_USER_ID_TYPE, default `string`). */
	userIdType: 'string' | 'number';
}

// #region settings
/**
 * Reads the settings of your login from the environment. Exactly one of these says what signs
 * its tokens:
 * - JWT_SECRET: a shared secret (HMAC, HS256 unless JWT_ALGORITHM says HS384 or HS512);
 * - JWT_PUBLIC_KEY: the PEM public key (SPKI, `-----BEGIN PUBLIC KEY-----`) of the key pair your
 *   login signs with (RS256 unless JWT_ALGORITHM says another asymmetric one, such as ES256);
 * - JWT_JWKS_URL: the JWKS URL of your identity provider (Auth0, Keycloak, Cognito, Entra ID...),
 *   RS256 unless JWT_ALGORITHM says otherwise, with JWT_ISSUER required.
 *
 * JWT_ISSUER and JWT_AUDIENCE, when set, must match the token's `iss` and `aud`. There are no
 * defaults for what signs tokens: a server that silently used a known secret would accept
 * forged tokens.
 */
export async function wsAuthConfigFromEnv(env: NodeJS.ProcessEnv = process.env): Promise<WsAuthConfig> {
	const sources = (['JWT_SECRET', 'JWT_PUBLIC_KEY', 'JWT_JWKS_URL'] as const).filter((name) => env[name]);
	if (sources.length === 0) {
		throw new Error(
			'JWT_SECRET is not set: set it to the secret your login signs tokens with, or set JWT_PUBLIC_KEY ' +
				'to its PEM public key, or JWT_JWKS_URL to your identity provider\'s JWKS URL.',
		);
	}
	if (sources.length > 1) throw new Error(`${sources.join(' and ')} are both set: set only the one your login signs tokens with.`);
	const source = sources[0];
	const algorithm = algorithmFor(source, env.JWT_ALGORITHM);
	const issuer = env.JWT_ISSUER || undefined;
	const audience = env.JWT_AUDIENCE || undefined;
	if (source === 'JWT_JWKS_URL' && !issuer) {
		throw new Error('JWT_ISSUER is not set: with JWT_JWKS_URL, set it to your identity provider\'s issuer (the `iss` of its tokens).');
	}
	for (const [name, claim] of [['JWT_ISSUER', 'iss'], ['JWT_AUDIENCE', 'aud']] as const) {
		if (!env[name]) logger.warn(`${name} is not set: tokens are accepted whatever their \`${claim}\` claim says.`);
	}
	// Pin the algorithm: never let the token's own header choose how it is checked.
	const options = { algorithms: [algorithm], issuer, audience, requiredClaims: ['exp'] };
	const verify = await verifierFor(source, env[source] as string, algorithm, options);
	return { verify, userIdClaim: env.JWT_USER_ID_CLAIM || 'sub', userIdType: userIdType(env.JWT_USER_ID_TYPE) };
}
// #endregion settings

const logger = new Logger('WsAuth');

const HMAC = ['HS256', 'HS384', 'HS512'];
const ASYMMETRIC = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

type VerifyOptions = Parameters<typeof jwtVerify>[2];

async function verifierFor(source: string, value: string, algorithm: string, options: VerifyOptions): Promise<WsAuthConfig['verify']> {
	if (source === 'JWT_SECRET') {
		const secret = new TextEncoder().encode(value);
		return async (token) => (await jwtVerify(token, secret, options)).payload;
	}
	if (source === 'JWT_PUBLIC_KEY') {
		const key = await importSPKI(value, algorithm).catch((error: Error) => {
			throw new Error(`JWT_PUBLIC_KEY is not a ${algorithm} public key in PEM (SPKI) form: ${error.message}`);
		});
		return async (token) => (await jwtVerify(token, key, options)).payload;
	}
	// jose fetches the key set on first use and again, at most every 30 s, when a token names a
	// key it does not have (your provider rotated its keys); it keeps the set for 10 minutes.
	const keys = createRemoteJWKSet(jwksUrl(value));
	return async (token) => (await jwtVerify(token, keys, options)).payload;
}

function algorithmFor(source: string, value: string | undefined): string {
	const allowed = source === 'JWT_SECRET' ? HMAC : ASYMMETRIC;
	const algorithm = value || allowed[0];
	if (!allowed.includes(algorithm)) {
		throw new Error(`JWT_ALGORITHM must be one of ${allowed.join(', ')} with ${source}, got "${algorithm}"`);
	}
	return algorithm;
}

function jwksUrl(value: string): URL {
	let url: URL;
	try {
		url = new URL(value);
	} catch {
		throw new Error(`JWT_JWKS_URL must be a URL, got "${value}"`);
	}
	// Keys fetched over plain http could be swapped on the way: only on this machine.
	const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
	if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback)) {
		throw new Error(`JWT_JWKS_URL must be an https URL, got "${value}"`);
	}
	return url;
}

function userIdType(value: string | undefined): WsAuthConfig['userIdType'] {
	if (!value || value === 'string') return 'string';
	if (value === 'number') return 'number';
	throw new Error(`JWT_USER_ID_TYPE must be string or number, got "${value}"`);
}
