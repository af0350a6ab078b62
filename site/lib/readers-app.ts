/**
 * The NestJS majors a reader's app may run, the pages whose "Add it to your app" steps a test
 * pastes into such an app, and what each page installs. Plain TypeScript with no Astro or Vite
 * imports: the tests import it too.
 */

/** The NestJS majors every copyable page is tested on, newest first (the first tab). */
export const NESTJS_MAJORS = ['12', '11', '10'] as const;
export type NestjsMajor = (typeof NESTJS_MAJORS)[number];

/** A package the copied files import that an app with a socket.io gateway lacks. */
export interface InstalledPackage {
	name: string;
	/** What `npm install` asks for on each NestJS major: `<name>@<range>`. */
	range: Record<NestjsMajor, string>;
}

/**
 * @nestjs/jwt follows the NestJS major: 11 is CommonJS, like a NestJS 11 app; 12 is ESM-only,
 * which a CommonJS app loads only through Node's require() of ES modules (Node 20.19+, 22.12+ or
 * 23+). An app with a socket.io gateway has @nestjs/websockets, @nestjs/platform-socket.io and
 * socket.io already.
 */
const NESTJS_JWT: InstalledPackage = { name: '@nestjs/jwt', range: { '12': '12', '11': '11', '10': '10' } };

/**
 * cookie 2 is ESM-only: a NestJS 11 app (CommonJS) compiles its import with TypeScript 5.8+ and
 * loads it through Node's require() of ES modules (Node 20.19+, 22.12+ or 23+). The test does
 * both, on Node 24.
 */
const COOKIE: InstalledPackage = { name: 'cookie', range: { '12': '2', '11': '2', '10': '2' } };

/**
 * The Redis Streams adapter and node-redis ship CommonJS and typings that both majors' apps load;
 * pinned to the minors the several-nodes example runs (a 0.x adapter may change in any minor).
 */
const REDIS_PACKAGES: InstalledPackage[] = [
	{ name: '@socket.io/redis-streams-adapter', range: { '12': '0.3', '11': '0.3', '10': '0.3' } },
	{ name: 'redis', range: { '12': '5.10', '11': '5.10', '10': '5.10' } },
];

export interface CopyablePage {
	/** Where the page is on the site. */
	path: string;
	/** examples/<example>: whose files the page shows, and whose behaviour the reader's app must have. */
	example: string;
	/** A page whose steps the reader follows first: this page's steps change that page's code. */
	after?: CopyablePageId;
	packages: InstalledPackage[];
	/**
	 * Settings that have a default, so that an app started without them does not stop (REDIS_URL:
	 * a local Redis). Every other setting the page exports is required: the app stops, naming it.
	 */
	settingsWithDefaults?: string[];
	/** Where the client sends its token once the page's code is in: `auth` unless a cookie of this name. */
	tokenCookie?: string;
}

/**
 * The pages with an "Add it to your app" section, which tests/readers-app/ pastes into a reader's
 * app; tests/site checks that exactly these pages have one.
 */
export const COPYABLE_PAGE_IDS = ['recommended', 'io-adapter', 'middleware', 'cookie-sessions', 'several-nodes'] as const;
export type CopyablePageId = (typeof COPYABLE_PAGE_IDS)[number];

export const COPYABLE_PAGES: Record<CopyablePageId, CopyablePage> = {
	recommended: { path: '/approaches/recommended/', example: 'recommended', packages: [NESTJS_JWT] },
	'io-adapter': { path: '/approaches/io-adapter/', example: 'io-adapter', packages: [NESTJS_JWT] },
	middleware: { path: '/approaches/middleware/', example: 'middleware', packages: [NESTJS_JWT] },
	'cookie-sessions': {
		path: '/guides/cookie-sessions/',
		example: 'recommended',
		after: 'recommended',
		packages: [COOKIE],
		tokenCookie: 'access_token',
	},
	'several-nodes': {
		path: '/guides/several-nodes/',
		example: 'several-nodes',
		after: 'recommended',
		packages: REDIS_PACKAGES,
		settingsWithDefaults: ['REDIS_URL'],
	},
};

/** `<name>@<range>` as the page's install command names it. */
export function packageSpec(pkg: InstalledPackage, major: NestjsMajor): string {
	return `${pkg.name}@${pkg.range[major]}`;
}

export function installCommand(id: CopyablePageId, major: NestjsMajor): string {
	return `npm install ${COPYABLE_PAGES[id].packages.map((pkg) => packageSpec(pkg, major)).join(' ')}`;
}

/** Every package some page installs, each once, in page order. */
export function installedPackages(): InstalledPackage[] {
	const byName = new Map<string, InstalledPackage>();
	for (const id of COPYABLE_PAGE_IDS) for (const pkg of COPYABLE_PAGES[id].packages) byName.set(pkg.name, pkg);
	return [...byName.values()];
}
