import { expect, test } from '@playwright/test';
import { readFileSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, relative } from 'node:path';
import { WS_APPROACH_SLUGS } from '../../examples/approaches.mjs';
import { FROM_RECOMMENDED, SHARED_FILE_GROUPS, WS_AUTH_CHECK_COPIES } from '../../examples/shared-files.mjs';
import { EXAMPLE_SLUGS, exampleDir } from './example-dir.ts';

const ROOT = join(import.meta.dirname, '..', '..');

for (const { slugs, files } of SHARED_FILE_GROUPS) {
	for (const file of files) {
		test(`${file} is identical in ${slugs.join(', ')}`, () => {
			const [first, ...others] = slugs;
			const reference = readFileSync(join(exampleDir(first), file), 'utf8');
			const copies = [...others.map((slug) => `examples/${slug}/${file}`), ...(file in WS_AUTH_CHECK_COPIES ? [WS_AUTH_CHECK_COPIES[file as keyof typeof WS_AUTH_CHECK_COPIES]] : [])];
			for (const copy of copies) {
				expect(readFileSync(join(ROOT, copy), 'utf8'), `${copy} differs from examples/${first}/${file}: edit one, then npm run sync:shared -- <that example>`).toBe(reference);
			}
		});
	}
}

for (const [slug, files] of Object.entries(FROM_RECOMMENDED)) {
	for (const file of files) {
		test(`${slug}'s ${file} is the recommended example's`, () => {
			const reference = readFileSync(join(exampleDir('recommended'), file), 'utf8');
			expect(readFileSync(join(exampleDir(slug), file), 'utf8'), `examples/${slug}/${file} differs: copy examples/recommended/${file} there`).toBe(reference);
		});
	}
}

for (const slug of [...EXAMPLE_SLUGS, ...WS_APPROACH_SLUGS]) {
	test(`${slug} declares every package its code imports`, () => {
		const dir = exampleDir(slug);
		const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
		const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);
		const missing: string[] = [];
		for (const file of sourceFiles(dir)) {
			for (const name of importedPackages(readFileSync(file, 'utf8'))) {
				if (!declared.has(name)) missing.push(`${relative(dir, file)} imports ${name}`);
			}
		}
		expect(missing, `examples/${slug}/package.json lacks dependencies`).toEqual([]);
	});
}

function sourceFiles(dir: string): string[] {
	return readdirSync(dir, { recursive: true, encoding: 'utf8' })
		.filter((path) => /\.(ts|mjs)$/.test(path) && !/(^|\/)(node_modules|dist)\//.test(path))
		.map((path) => join(dir, path));
}

/** Bare specifiers of static and dynamic imports, reduced to package names. */
function importedPackages(source: string): Set<string> {
	const names = new Set<string>();
	for (const [, specifier] of source.matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)) {
		if (specifier.startsWith('.') || specifier.startsWith('node:') || builtinModules.includes(specifier)) continue;
		const parts = specifier.split('/');
		names.add(specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]);
	}
	return names;
}
