// The snippet helper, without a browser: a page can only show a region that exists exactly once.
import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { extractRegion, findRegions, linesMatching, RegionError, withoutMarkers } from '../../site/lib/regions.ts';
import { ROOT } from './site.ts';

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
	expect(extractRegion(source, 'outer')).toBe(['export class Thing {', '\tmethod() {', '\t\treturn 1;', '\t}', '}'].join('\n'));
});

test('removes the common indentation of a region', () => {
	expect(extractRegion(source, 'inner')).toBe(['method() {', '\treturn 1;', '}'].join('\n'));
});

test('shows a whole file without any marker', () => {
	expect(withoutMarkers(source)).not.toContain('#region');
	expect(withoutMarkers(source)).not.toContain('#endregion');
	expect(withoutMarkers(source).split('\n')).toHaveLength(6);
});

test('fails on a missing region', () => {
	expect(() => extractRegion(source, 'nope', 'x.ts')).toThrow(new RegionError('x.ts: no region "nope"'));
});

test('fails on a duplicated region', () => {
	const twice = `${source}// #region outer\n// #endregion outer\n`;
	expect(() => extractRegion(twice, 'outer', 'x.ts')).toThrow(/region "outer" is defined twice/);
});

test('fails on an unclosed region, a stray end and an unnamed marker', () => {
	expect(() => findRegions('// #region open\ncode', 'x.ts')).toThrow(/"open" is never closed/);
	expect(() => findRegions('code\n// #endregion gone', 'x.ts')).toThrow(/without a matching #region/);
	expect(() => findRegions('// #region\n// #endregion', 'x.ts')).toThrow(/needs a name/);
});

test('whole files are validated too', () => {
	expect(() => withoutMarkers('// #region a\n// #region a\n', 'x.ts')).toThrow(RegionError);
});

test('highlights lines by their text and fails when the text is gone', () => {
	expect(linesMatching('a\nb useGuards\nc\nuseGuards d', ['useGuards'])).toEqual([2, 4]);
	expect(() => linesMatching('a\nb', ['missing'], 'x.ts')).toThrow(/"missing" is not in the snippet/);
});

test('every region marker in every example is well formed', () => {
	const files: string[] = [];
	const walk = (dir: string) => {
		for (const name of readdirSync(dir)) {
			if (name === 'node_modules' || name === 'dist') continue;
			const path = join(dir, name);
			if (statSync(path).isDirectory()) walk(path);
			else if (/\.(ts|mjs|js)$/.test(name)) files.push(path);
		}
	};
	walk(join(ROOT, 'examples'));
	expect(files.length).toBeGreaterThan(0);
	for (const file of files) expect(() => findRegions(readFileSync(file, 'utf8'), file)).not.toThrow();
});
