import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { test } from 'node:test';
import { decodeJwt, decodeProtectedHeader, errors, jwtVerify } from 'jose';
import { TOKEN_KINDS, expiresAtOf, tokenMaker } from './tokens.mjs';

const secret = new TextEncoder().encode('unit-test-secret');
const base = { sub: 'alice', unknownSub: 'nobody', subType: /** @type {const} */ ('string'), userClaim: 'sub', claims: {}, issuer: 'iss-1', audience: 'aud-1', lifetimeMs: 2000 };
const verifyOptions = { issuer: 'iss-1', audience: 'aud-1' };

test('HS256: the valid token verifies with the secret and carries sub, iss, aud, iat, exp', async () => {
	const tokenFor = tokenMaker({ ...base, alg: 'HS256', key: secret });
	const { payload, protectedHeader } = await jwtVerify(/** @type {string} */ (await tokenFor('valid')), secret, { ...verifyOptions, algorithms: ['HS256'] });
	assert.equal(protectedHeader.alg, 'HS256');
	assert.equal(payload.sub, 'alice');
	assert.equal(payload.exp - payload.iat, 600);
});

for (const alg of /** @type {const} */ (['RS256', 'ES256'])) {
	test(`${alg}: valid verifies with the public key, bad-signature does not`, async () => {
		const pair = alg === 'RS256' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
		const tokenFor = tokenMaker({ ...base, alg, key: pair.privateKey });
		const { protectedHeader } = await jwtVerify(/** @type {string} */ (await tokenFor('valid')), pair.publicKey, verifyOptions);
		assert.equal(protectedHeader.alg, alg);
		const forged = /** @type {string} */ (await tokenFor('bad-signature'));
		assert.equal(decodeProtectedHeader(forged).alg, alg);
		await assert.rejects(jwtVerify(forged, pair.publicKey, verifyOptions), errors.JWSSignatureVerificationFailed);
	});
}

test('each attack token is what the guide says it is', async () => {
	const tokenFor = tokenMaker({ ...base, alg: 'HS256', key: secret });
	const verify = async (/** @type {string} */ kind) => jwtVerify(/** @type {string} */ (await tokenFor(kind)), secret, verifyOptions);
	assert.equal(await tokenFor('no-token'), undefined);
	assert.equal(await tokenFor('malformed'), 'not-a-jwt');
	await assert.rejects(verify('bad-signature'), errors.JWSSignatureVerificationFailed);
	await assert.rejects(verify('expired'), errors.JWTExpired);
	const expired = decodeJwt(/** @type {string} */ (await tokenFor('expired')));
	assert.equal(expired.exp, Math.floor(Date.now() / 1000) - 60);
	const none = /** @type {string} */ (await tokenFor('alg-none'));
	assert.equal(decodeProtectedHeader(none).alg, 'none');
	assert.ok(none.endsWith('.'), 'no signature');
	assert.equal((await verify('unknown-user')).payload.sub, 'nobody');
	assert.deepEqual(await tokenFor('non-string'), { sub: 'alice' });
	const oversized = /** @type {string} */ (await tokenFor('oversized'));
	assert.ok(oversized.length > 8 * 1024);
	assert.equal((await verify('oversized')).payload.sub, 'alice');
	const expiring = /** @type {string} */ (await tokenFor('expiring'));
	const left = expiresAtOf(expiring) - Date.now();
	assert.ok(left > 0 && left <= 2000, `expires ${left} ms from now`);
	await assert.rejects(tokenFor(/** @type {any} */ ('race')), RangeError);
	await assert.rejects(tokenFor('other-user'), /needs --other-sub/);
	assert.equal(TOKEN_KINDS.length, 11);
});

test('other-user is a valid token for --other-sub, with the same claims as the valid one', async () => {
	const tokenFor = tokenMaker({ ...base, otherSub: 'bob', alg: 'HS256', key: secret });
	const { payload } = await jwtVerify(/** @type {string} */ (await tokenFor('other-user')), secret, { ...verifyOptions, algorithms: ['HS256'] });
	assert.equal(payload.sub, 'bob');
	assert.equal(/** @type {number} */ (payload.exp) - /** @type {number} */ (payload.iat), 600);
});

test('iss and aud are left out when not given', async () => {
	const tokenFor = tokenMaker({ ...base, issuer: undefined, audience: undefined, alg: 'HS256', key: secret });
	const claims = decodeJwt(/** @type {string} */ (await tokenFor('valid')));
	assert.deepEqual(Object.keys(claims).sort(), ['exp', 'iat', 'sub']);
});

test('--sub-type number and --claims: every token carries sub as a number and the extra claims, as a login that writes { sub: 1, username } does', async () => {
	const tokenFor = tokenMaker({ ...base, sub: '1', unknownSub: '2147483647', otherSub: '2', subType: 'number', claims: { username: 'alice' }, alg: 'HS256', key: secret });
	const { payload } = await jwtVerify(/** @type {string} */ (await tokenFor('valid')), secret, verifyOptions);
	assert.equal(payload.sub, 1);
	assert.equal(payload.username, 'alice');
	assert.equal(decodeJwt(/** @type {string} */ (await tokenFor('unknown-user'))).sub, 2147483647);
	assert.equal(decodeJwt(/** @type {string} */ (await tokenFor('other-user'))).sub, 2);
	assert.equal(decodeJwt(/** @type {string} */ (await tokenFor('alg-none'))).sub, 1);
	assert.deepEqual(await tokenFor('non-string'), { sub: 1 });
});

/**
 * The claims of each signed token kind, decoded (not verified: `expired` and `bad-signature`
 * would not verify).
 * @param {ReturnType<typeof tokenMaker>} tokenFor
 * @param {string[]} kinds
 */
async function claimsOf(tokenFor, kinds) {
	return Object.fromEntries(await Promise.all(kinds.map(async (kind) => [kind, decodeJwt(/** @type {string} */ (await tokenFor(/** @type {any} */ (kind))))])));
}

/** Every kind that signs a token, and whose user it names. */
const ALICE_KINDS = ['valid', 'bad-signature', 'expired', 'alg-none', 'oversized', 'expiring'];

// The NestJS recipe's login signs { sub: <number>, username }, and the server finds users by
// username (JWT_USER_ID_CLAIM=username): the user must change in that claim, token by token.
test('--user-claim username: each token names its own user there, and sub carries the same id', async () => {
	const tokenFor = tokenMaker({ ...base, sub: 'john', otherSub: 'maria', userClaim: 'username', issuer: undefined, audience: undefined, alg: 'HS256', key: secret });
	const claims = await claimsOf(tokenFor, [...ALICE_KINDS, 'unknown-user', 'other-user']);
	for (const kind of ALICE_KINDS) assert.deepEqual([claims[kind].username, claims[kind].sub], ['john', 'john'], kind);
	assert.deepEqual([claims['unknown-user'].username, claims['unknown-user'].sub], ['nobody', 'nobody']);
	assert.deepEqual([claims['other-user'].username, claims['other-user'].sub], ['maria', 'maria']);
	assert.deepEqual(Object.keys(claims.valid).sort(), ['exp', 'iat', 'sub', 'username']);
	// Still the tokens they were: the valid one verifies, the expired one has expired.
	assert.equal((await jwtVerify(/** @type {string} */ (await tokenFor('valid')), secret)).payload.username, 'john');
	await assert.rejects(jwtVerify(/** @type {string} */ (await tokenFor('expired')), secret), errors.JWTExpired);
	assert.deepEqual(await tokenFor('non-string'), { sub: 'john', username: 'john' });
});

test('--user-claim with --sub-type number: the claim and sub are numbers, for every user', async () => {
	const tokenFor = tokenMaker({ ...base, sub: '1', unknownSub: '2147483647', otherSub: '2', subType: 'number', userClaim: 'uid', alg: 'HS256', key: secret });
	const claims = await claimsOf(tokenFor, [...ALICE_KINDS, 'unknown-user', 'other-user']);
	for (const kind of ALICE_KINDS) assert.deepEqual([claims[kind].uid, claims[kind].sub], [1, 1], kind);
	assert.deepEqual([claims['unknown-user'].uid, claims['unknown-user'].sub], [2147483647, 2147483647]);
	assert.deepEqual([claims['other-user'].uid, claims['other-user'].sub], [2, 2]);
	assert.deepEqual(await tokenFor('non-string'), { sub: 1, uid: 1 });
});

// A login whose sub is a number the server does not read: --claims gives it, the same in every
// token, while the user claim still names each token's user.
test('--user-claim with sub in --claims: sub is that value in every token, the user claim still changes', async () => {
	const tokenFor = tokenMaker({ ...base, sub: 'john', otherSub: 'maria', userClaim: 'username', claims: { sub: 7, role: 'member' }, alg: 'HS256', key: secret });
	const claims = await claimsOf(tokenFor, ['valid', 'expired', 'unknown-user', 'other-user']);
	assert.deepEqual(
		Object.fromEntries(Object.entries(claims).map(([kind, { sub, username, role }]) => [kind, { sub, username, role }])),
		{
			valid: { sub: 7, username: 'john', role: 'member' },
			expired: { sub: 7, username: 'john', role: 'member' },
			'unknown-user': { sub: 7, username: 'nobody', role: 'member' },
			'other-user': { sub: 7, username: 'maria', role: 'member' },
		},
	);
	assert.deepEqual(await tokenFor('non-string'), { sub: 7, username: 'john' });
});
