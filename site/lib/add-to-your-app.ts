/**
 * What a page's "Add it to your app" steps show besides the examples' own files: the changes to
 * files a reader already has (`site/add-to-your-app/src/*.diff`, written against an app in the
 * shape of `nest new` plus the official gateway sample), the shell lines that configure and try
 * it, and the install command. tests/readers-app/ applies all of it, read from the built pages,
 * to such an app on both NestJS majors.
 */
const texts = import.meta.glob<string>('/site/add-to-your-app/**/*.{diff,sh}', { query: '?raw', import: 'default', eager: true });

/** The text of `site/add-to-your-app/<name>`, trailing newline trimmed; throws (failing the build) when missing. */
export function readerAppText(name: string): string {
	const text = texts[`/site/add-to-your-app/${name}`];
	if (text === undefined) throw new Error(`site/add-to-your-app/${name} does not exist`);
	return text.replace(/\n+$/, '');
}

/** The NestJS majors every copyable page is tested on, newest first (the first tab). */
export const NESTJS_MAJORS = ['12', '11'] as const;
export type NestjsMajor = (typeof NESTJS_MAJORS)[number];

/**
 * The packages the copied files import, pinned to the app's NestJS major: `npm install` of the
 * newest @nestjs/websockets into a NestJS 11 app would fail on its peer dependencies.
 */
const PACKAGES = ['@nestjs/jwt', '@nestjs/websockets', '@nestjs/platform-socket.io'];

export function installCommand(major: NestjsMajor): string {
	return `npm install ${PACKAGES.map((name) => `${name}@${major}`).join(' ')}`;
}
