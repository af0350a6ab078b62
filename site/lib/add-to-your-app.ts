/**
 * What a page's "Add it to your app" steps show besides the examples' own files: the changes to
 * files a reader already has (`site/add-to-your-app/src/*.diff`, written against an app in the
 * shape of `nest new` plus the official gateway sample) and the shell lines that configure and
 * try it. tests/readers-app/ applies all of it, read from the built pages, to such an app on
 * both NestJS majors.
 */
const texts = import.meta.glob<string>('/site/add-to-your-app/**/*.{diff,sh,txt}', { query: '?raw', import: 'default', eager: true });

/** The text of `site/add-to-your-app/<name>`, trailing newline trimmed; throws (failing the build) when missing. */
export function readerAppText(name: string): string {
	const text = texts[`/site/add-to-your-app/${name}`];
	if (text === undefined) throw new Error(`site/add-to-your-app/${name} does not exist`);
	return text.replace(/\n+$/, '');
}
