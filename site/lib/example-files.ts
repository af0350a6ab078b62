/**
 * The text of example files, through Vite's `?raw` imports: pages show the tested files
 * themselves, and the dev server reloads when one changes. dist/ and node_modules are never
 * matched.
 */
const sources = import.meta.glob<string>(
	['/examples/*/src/**/*.ts', '/examples/*/client/**/*.mjs', '/examples/*/demo/*.mjs', '/examples/*/*.json', '/examples/*/README.md', '/examples/*/test/**/*.ts'],
	{ query: '?raw', import: 'default', eager: true },
);

/** The text of `examples/<example>/<file>`; throws (failing the build) when it does not exist. */
export function exampleSource(example: string, file: string): string {
	const source = sources[`/examples/${example}/${file}`];
	if (source === undefined) throw new Error(`examples/${example}/${file} does not exist`);
	return source;
}

/** The Expressive Code language of a file name. */
export function langOf(file: string): string {
	const extension = file.slice(file.lastIndexOf('.') + 1);
	return { mjs: 'js', cjs: 'js', md: 'md' }[extension] ?? extension;
}
