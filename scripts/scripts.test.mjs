// The small scripts on their own. Run with `npm run test:unit` (node --test).
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { satisfiesRange } from './check-node.mjs';
import { syncSharedFiles } from './sync-shared-files.mjs';

test('check-node reads the engines range as npm does for its two forms', () => {
	const range = '^22.19.0 || >=24';
	for (const version of ['22.19.0', '22.21.1', '24.0.0', '25.2.0']) assert.equal(satisfiesRange(version, range), true, version);
	for (const version of ['20.20.2', '22.18.0', '23.11.0']) assert.equal(satisfiesRange(version, range), false, version);
	// A form it does not understand is an error, never a silent yes or no.
	assert.throws(() => satisfiesRange('24.0.0', '~24.1'), /cannot read "~24.1"/);
});

test('sync:shared copies what differs from the edited example, and nothing else', () => {
	const dir = mkdtempSync(join(tmpdir(), 'sync-shared-'));
	const write = (slug, file, text) => {
		mkdirSync(join(dir, 'examples', slug, 'src'), { recursive: true });
		writeFileSync(join(dir, 'examples', slug, file), text);
	};
	const read = (path) => readFileSync(join(dir, path), 'utf8');
	for (const slug of ['a', 'b', 'c']) write(slug, 'src/shared.ts', 'old');
	write('a', 'src/shared.ts', 'fixed');
	write('b', 'src/own.ts', 'b only');
	const where = { rootDir: dir, groups: [{ slugs: ['a', 'b', 'c'], files: ['src/shared.ts'] }], copies: {} };
	assert.deepEqual(syncSharedFiles('a', where), ['examples/a/src/shared.ts -> examples/b/src/shared.ts', 'examples/a/src/shared.ts -> examples/c/src/shared.ts']);
	for (const slug of ['b', 'c']) assert.equal(read(`examples/${slug}/src/shared.ts`), 'fixed');
	assert.equal(read('examples/b/src/own.ts'), 'b only');
	assert.deepEqual(syncSharedFiles('a', where), []);
	assert.throws(() => syncSharedFiles('nope', where), /Name the example you edited: npm run sync:shared -- <a\|b\|c>/);

	// A file that has just become shared is created, folders included, in the examples without it.
	mkdirSync(join(dir, 'examples', 'a', 'src/users'));
	writeFileSync(join(dir, 'examples', 'a', 'src/users/new.ts'), 'new');
	assert.deepEqual(syncSharedFiles('a', { ...where, groups: [{ slugs: ['a', 'b'], files: ['src/users/new.ts'] }] }), ['examples/a/src/users/new.ts -> examples/b/src/users/new.ts']);
	assert.equal(read('examples/b/src/users/new.ts'), 'new');

	// A shared file a package outside examples/ carries too is copied there, and only when it differs.
	const copies = { 'src/shared.ts': 'package/src/shared.ts' };
	assert.deepEqual(syncSharedFiles('a', { ...where, copies }), ['examples/a/src/shared.ts -> package/src/shared.ts']);
	assert.equal(read('package/src/shared.ts'), 'fixed');
	assert.deepEqual(syncSharedFiles('a', { ...where, copies }), []);

	// Groups: a file goes to the other examples of the groups the edited one is in, and nowhere else.
	for (const slug of ['a', 'b', 'c']) write(slug, 'src/family.ts', 'old');
	write('a', 'src/family.ts', 'fixed');
	const groups = [{ slugs: ['a', 'b'], files: ['src/family.ts'] }, { slugs: ['c'], files: ['src/family.ts'] }];
	assert.deepEqual(syncSharedFiles('a', { ...where, groups, copies: { 'src/other.ts': 'package/src/other.ts' } }), ['examples/a/src/family.ts -> examples/b/src/family.ts']);
	assert.equal(read('examples/c/src/family.ts'), 'old');
});
