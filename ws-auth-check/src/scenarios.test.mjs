import assert from 'node:assert/strict';
import { test } from 'node:test';
import { unknownUserQuestion } from './scenarios.mjs';

/** @param {Partial<Parameters<typeof unknownUserQuestion>[0]>} signing */
const ask = (signing) => unknownUserQuestion({ sub: 'alice', subType: 'string', userClaim: 'sub', ...signing });

// Alice refused as an unknown user: the line asks whether the server knows her id where and as
// her token carries it, and names the options left to their defaults that would change that.
test('unknownUserQuestion: the claim and type of her id, and the options that change them', () => {
	assert.equal(ask({}), 'does it know --sub alice (if its ids are numbers, add --sub-type number; if it names users by another claim than sub, add --user-claim <claim>)');
	assert.equal(ask({ sub: '1', subType: 'number' }), 'does it know --sub 1 (if it names users by another claim than sub, add --user-claim <claim>)');
	assert.equal(ask({ sub: 'john', userClaim: 'username' }), 'does it know --sub john, sent in the "username" claim (if its ids are numbers, add --sub-type number)');
	assert.equal(ask({ sub: '1', subType: 'number', userClaim: 'uid' }), 'does it know --sub 1, sent in the "uid" claim');
});
