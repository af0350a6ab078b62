/**
 * The NestJS majors a reader's app may run, and what it installs to take a page's code. Plain
 * TypeScript with no Astro or Vite imports: the tests import it too.
 */

/** The NestJS majors every copyable page is tested on, newest first (the first tab). */
export const NESTJS_MAJORS = ['12', '11'] as const;
export type NestjsMajor = (typeof NESTJS_MAJORS)[number];

/**
 * The one package the copied files import that an app with a socket.io gateway lacks (it has
 * @nestjs/websockets, @nestjs/platform-socket.io and socket.io already), pinned to the app's
 * NestJS major: @nestjs/jwt 12 is ESM-only, and a NestJS 11 app is CommonJS.
 */
export const INSTALLED_PACKAGE = '@nestjs/jwt';

export function installCommand(major: NestjsMajor): string {
	return `npm install ${INSTALLED_PACKAGE}@${major}`;
}

/**
 * The approach pages with an "Add it to your app" section, which tests/readers-app/ pastes into
 * a reader's app; tests/site checks that exactly these pages have one.
 */
export const COPYABLE_APPROACHES = ['recommended', 'io-adapter', 'middleware'] as const;
