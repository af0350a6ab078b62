// The tokens each scenario sends, made as the guide's examples make them
// (examples/recommended/demo/tokens.mjs), but signed with jose so that RS256 and ES256 servers
// can be audited too.
import { SignJWT, UnsecuredJWT, generateKeyPair } from 'jose';

/**
 * @typedef {'valid' | 'no-token' | 'malformed' | 'bad-signature' | 'expired' | 'alg-none'
 *   | 'unknown-user' | 'non-string' | 'oversized' | 'expiring' | 'other-user'} TokenKind
 */

/**
 * How tokens are signed. `key` is the HS256 secret as bytes, or a private KeyObject. `otherSub`
 * (--other-sub) is a second user the server knows, for `other-user`; none when not given.
 * `userClaim` (--user-claim) is the claim that carries each token's user id (`sub` unless the
 * server reads another); `claims` (--claims) never holds it, and holds `sub` only when `sub`
 * is not the user claim.
 * @typedef {{ alg: 'HS256' | 'RS256' | 'ES256', key: Uint8Array | import('node:crypto').KeyObject,
 *   sub: string, unknownSub: string, otherSub?: string, subType: 'string' | 'number', userClaim: string,
 *   claims: Record<string, unknown>, issuer?: string, audience?: string, lifetimeMs: number }} Signing
 */

export const TOKEN_KINDS = /** @type {const} */ ([
	'valid',
	'no-token',
	'malformed',
	'bad-signature',
	'expired',
	'alg-none',
	'unknown-user',
	'non-string',
	'oversized',
	'expiring',
	'other-user',
]);

/** The padding that makes `oversized` a validly signed token of about 8 KB. */
const OVERSIZED_PADDING = 'x'.repeat(8 * 1024);

/**
 * Makes tokens for one audit. The "other key" of `bad-signature` is made once, on first use:
 * for RS256 that is a key pair generation, which takes a moment.
 * @param {Signing} signing
 */
export function tokenMaker(signing) {
	/** @type {Promise<Uint8Array | CryptoKey> | undefined} */
	let otherKey;
	const foreignKey = () => {
		otherKey ??=
			signing.alg === 'HS256'
				? Promise.resolve(new TextEncoder().encode('ws-auth-check: not the server\'s secret'))
				: generateKeyPair(signing.alg).then((pair) => pair.privateKey);
		return otherKey;
	};

	/**
	 * The value a client sends as its token: a string, an object (`non-string`) or `undefined`
	 * (`no-token`: send none).
	 * @param {TokenKind} kind
	 * @param {number} [now] milliseconds since the epoch
	 * @returns {Promise<string | object | undefined>}
	 */
	return async function tokenFor(kind, now = Date.now()) {
		const iat = Math.floor(now / 1000);
		const lifetime = Math.max(1, Math.ceil(signing.lifetimeMs / 1000));
		/**
		 * The payload as the server's login writes it: --claims, then the claims that name the user.
		 * @param {string} sub
		 */
		const payload = (sub, extra = {}) => ({ ...signing.claims, ...extra, ...identity(signing, sub) });
		/** Registered claims as the server expects them: `iss` and `aud` only when given. */
		const claimed = (/** @type {SignJWT | UnsecuredJWT} */ jwt, { exp = iat + 600, issuedAt = iat } = {}) => {
			jwt.setIssuedAt(issuedAt).setExpirationTime(exp);
			if (signing.issuer !== undefined) jwt.setIssuer(signing.issuer);
			if (signing.audience !== undefined) jwt.setAudience(signing.audience);
			return jwt;
		};
		/** @param {{ sub?: string, exp?: number, issuedAt?: number, extra?: Record<string, unknown>, key?: Signing['key'] | CryptoKey }} [options] */
		const sign = ({ sub = signing.sub, extra = {}, key = signing.key, ...times } = {}) =>
			/** @type {SignJWT} */ (claimed(new SignJWT(payload(sub, extra)), times)).setProtectedHeader({ alg: signing.alg, typ: 'JWT' }).sign(key);
		switch (kind) {
			case 'valid':
				return sign();
			case 'no-token':
				return undefined;
			case 'malformed':
				return 'not-a-jwt';
			case 'bad-signature':
				return sign({ key: await foreignKey() });
			case 'expired':
				return sign({ exp: iat - 60, issuedAt: iat - 120 });
			case 'alg-none':
				return /** @type {UnsecuredJWT} */ (claimed(new UnsecuredJWT(payload(signing.sub)))).encode();
			case 'unknown-user':
				return sign({ sub: signing.unknownSub });
			case 'non-string':
				// The claims that name Alice, as a server that took an object for decoded claims would read them.
				return identity(signing, signing.sub);
			case 'oversized':
				return sign({ extra: { padding: OVERSIZED_PADDING } });
			case 'expiring':
				return sign({ exp: iat + lifetime });
			case 'other-user':
				// A valid token of another user: signed like Alice's, only the user's id differs.
				if (signing.otherSub === undefined) throw new RangeError('an other-user token needs --other-sub');
				return sign({ sub: signing.otherSub });
			default:
				throw new RangeError(`unknown token kind "${kind}"; expected one of ${TOKEN_KINDS.join(', ')}`);
		}
	};
}

/**
 * The claims that name a token's user: the user claim holds the id, typed as --sub-type says (a
 * number with --sub-type number). When the user claim is another, `sub` is still there, as most
 * servers and JWT libraries expect one: the same id, so that a server reading either claim sees
 * the same user, unless --claims fixes it for every token. Set in the payload rather than with
 * jose's setSubject(), which takes strings only.
 * @param {Pick<Signing, 'subType' | 'userClaim' | 'claims'>} signing
 * @param {string} id --sub, --unknown-sub or --other-sub
 * @returns {Record<string, unknown>}
 */
function identity({ subType, userClaim, claims }, id) {
	const value = subType === 'number' ? Number(id) : id;
	return { sub: Object.hasOwn(claims, 'sub') ? claims.sub : value, [userClaim]: value };
}

/**
 * When a JWT's `exp` is, in milliseconds (the `expiry` client waits for it).
 * @param {string} token
 */
export function expiresAtOf(token) {
	const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8'));
	return payload.exp * 1000;
}
