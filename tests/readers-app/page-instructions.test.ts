import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { followInOrder } from './page-instructions.ts';
import type { CopyInstructions } from './readers-app.ts';

const recommended: CopyInstructions = {
	page: '/approaches/recommended/',
	install: { '12': ['npm install @nestjs/jwt@12'], '11': ['npm install @nestjs/jwt@11'], '10': ['npm install @nestjs/jwt@10'] },
	files: [
		{ path: 'src/ws-auth/ws-auth-io.adapter.ts', code: 'first' },
		{ path: 'src/ws-auth/ws-auth.module.ts', code: 'module' },
	],
	changes: [{ path: 'src/main.ts', lines: [{ kind: 'add', text: 'a' }] }],
	moduleImports: [{ path: 'src/app.module.ts', entry: 'WsAuthModule.forRoot({ userLookup: DemoUserLookup }),' }],
	env: 'export JWT_SECRET=s',
	mintToken: 'node mint.js',
};

const severalNodes: CopyInstructions = {
	page: '/guides/several-nodes/',
	install: { '12': ['npm install redis@5.10'], '11': ['npm install redis@5.10'], '10': ['npm install redis@5.10'] },
	files: [{ path: 'src/ws-auth/ws-auth-io.adapter.ts', code: 'again' }],
	changes: [{ path: 'src/main.ts', lines: [{ kind: 'remove', text: 'a' }] }],
	moduleImports: [],
	env: 'export REDIS_URL=redis://127.0.0.1:6379',
};

describe('followInOrder', () => {
	it('runs the first page, then the next, as a reader follows them', () => {
		const both = followInOrder([recommended, severalNodes]);
		assert.equal(both.page, '/approaches/recommended/ then /guides/several-nodes/');
		assert.deepEqual(both.install['12'], ['npm install @nestjs/jwt@12', 'npm install redis@5.10']);
		assert.deepEqual(both.install['11'], ['npm install @nestjs/jwt@11', 'npm install redis@5.10']);
		assert.deepEqual(both.changes.map((change) => change.lines[0].kind), ['add', 'remove']);
		assert.equal(both.env, 'export JWT_SECRET=s\nexport REDIS_URL=redis://127.0.0.1:6379');
	});

	it('lets a later page replace a file, and keeps the last token command given', () => {
		const both = followInOrder([recommended, severalNodes]);
		assert.deepEqual(
			both.files.map((file) => [file.path, file.code]),
			[
				['src/ws-auth/ws-auth.module.ts', 'module'],
				['src/ws-auth/ws-auth-io.adapter.ts', 'again'],
			],
		);
		assert.equal(both.mintToken, 'node mint.js');
		assert.equal(followInOrder([recommended, { ...severalNodes, mintToken: 'node other.js' }]).mintToken, 'node other.js');
	});

	it('returns a single page as it is, and refuses none', () => {
		assert.deepEqual(followInOrder([recommended]), recommended);
		assert.throws(() => followInOrder([]), /no pages/);
	});
});
