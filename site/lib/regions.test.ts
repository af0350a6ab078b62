// The snippet helper on its own: a page can only show a region that exists exactly once.
// Run with `npm run test:unit` (node --test; Node runs this TypeScript by stripping its types).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { extractRegion, findRegions, linesMatching, RegionError, withoutMarkers } from './regions.ts';

const EXAMPLES = fileURLToPath(new URL('../../examples', import.meta.url));

const source = [
	"import { a } from 'a';",
	'// #region outer',
	'export class Thing {',
	'\t// #region inner',
	'\tmethod() {',
	'\t\treturn 1;',
	'\t}',
	'\t// #endregion inner',
	'}',
	'// #endregion outer',
	'',
].join('\n');

test('extracts a region without its markers, nested markers included', () => {
	assert.equal(extractRegion(source, 'outer'), ['export class Thing {', '\tmethod() {', '\t\treturn 1;', '\t}', '}'].join('\n'));
});

test('removes the common indentation of a region', () => {
	assert.equal(extractRegion(source, 'inner'), ['method() {', '\treturn 1;', '}'].join('\n'));
});

test('shows a whole file without any marker', () => {
	assert.doesNotMatch(withoutMarkers(source), /#region|#endregion/);
	assert.equal(withoutMarkers(source).split('\n').length, 6);
});

test('fails on a missing region', () => {
	assert.throws(() => extractRegion(source, 'nope', 'x.ts'), { name: 'RegionError', message: 'x.ts: no region "nope"' });
});

test('fails on a duplicated region', () => {
	const twice = `${source}// #region outer\n// #endregion outer\n`;
	assert.throws(() => extractRegion(twice, 'outer', 'x.ts'), /region "outer" is defined twice/);
});

test('fails on an unclosed region, a stray end and an unnamed marker', () => {
	assert.throws(() => findRegions('// #region open\ncode', 'x.ts'), /"open" is never closed/);
	assert.throws(() => findRegions('code\n// #endregion gone', 'x.ts'), /without a matching #region/);
	assert.throws(() => findRegions('// #region\n// #endregion', 'x.ts'), /needs a name/);
});

test('whole files are validated too', () => {
	assert.throws(() => withoutMarkers('// #region a\n// #region a\n', 'x.ts'), RegionError);
});

test('highlights lines by their text and fails when the text is gone', () => {
	assert.deepEqual(linesMatching('a\nb useGuards\nc\nuseGuards d', ['useGuards']), [2, 4]);
	assert.throws(() => linesMatching('a\nb', ['missing'], 'x.ts'), /"missing" is not in the snippet/);
});

test('every region marker in every example is well formed', () => {
	const files: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			// Build output is not a source: tsc drops the comments of the types it erases, markers included.
			if (name === 'node_modules' || name === 'dist' || name === 'dist-test') continue;
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
			else if (/\.(ts|mjs|js)$/.test(name)) files.push(path);
		}
	};
	walk(EXAMPLES);
	assert.ok(files.length > 0);
	for (const file of files) assert.doesNotThrow(() => findRegions(readFileSync(file, 'utf8'), file));
});
