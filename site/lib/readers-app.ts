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
 * jose checks the tokens, whatever signs them (a secret, a key pair, an identity provider's key
 * set), on every major: it does not depend on NestJS, and it leaves the app's own @nestjs/jwt (its
 * login's) alone. jose 6 is ESM-only: a NestJS 10 or 11 app (CommonJS) loads it through Node's
 * require() of ES modules (Node 20.19+, 22.12+ or 23+). An app with a socket.io gateway has
 * @nestjs/websockets, @nestjs/platform-socket.io and socket.io already.
 */
const JOSE: InstalledPackage = { name: 'jose', range: { '12': '6', '11': '6', '10': '6' } };

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
	/**
	 * The page is the steps, all of it (the recommended setup's are too long to share a page with
	 * its explanation). Otherwise they are the page's "Add it to your app" section.
	 */
	ownPage?: true;
	/** examples/<example>: whose files the page shows, and whose behaviour the reader's app must have. */
	example: string;
	/** A page whose steps the reader follows first: this page's steps change that page's code. */
	after?: CopyablePageId;
	packages: InstalledPackage[];
	/**
	 * Settings that have a default, so that an app started without them does not stop (REDIS_URL:
	 * a local Redis). Every other setting the page exports is required unless OPTIONAL_SETTINGS
	 * lists it: the app stops, naming it.
	 */
	settingsWithDefaults?: string[];
	/** Where the client sends its token once the page's code is in: `auth` unless a cookie of this name. */
	tokenCookie?: string;
	/**
	 * The app the page is for: one on `@nestjs/platform-socket.io` unless `ws` (`@nestjs/platform-ws`,
	 * WsAdapter). The copy test pastes the page into readers' apps on that platform.
	 */
	platform?: 'ws';
}

/**
 * The pages with an "Add it to your app" section, which tests/readers-app/ pastes into a reader's
 * app; tests/site checks that exactly these pages have one.
 */
export const COPYABLE_PAGE_IDS = ['recommended', 'io-adapter', 'middleware', 'cookie-sessions', 'several-nodes', 'ws-recommended'] as const;
export type CopyablePageId = (typeof COPYABLE_PAGE_IDS)[number];

export const COPYABLE_PAGES: Record<CopyablePageId, CopyablePage> = {
	recommended: { path: '/approaches/recommended/add-to-your-app/', ownPage: true, example: 'recommended', packages: [JOSE] },
	'io-adapter': { path: '/approaches/io-adapter/', example: 'io-adapter', packages: [JOSE] },
	middleware: { path: '/approaches/middleware/', example: 'middleware', packages: [JOSE] },
	'cookie-sessions': {
		path: '/guides/cookie-sessions/',
		example: 'recommended',
		after: 'recommended',
		packages: [COOKIE],
		tokenCookie: 'access_token',
	},
	// For an app on @nestjs/platform-ws: it has @nestjs/websockets, @nestjs/platform-ws, ws and @types/ws already.
	'ws-recommended': { path: '/approaches/ws-recommended/', example: 'ws-recommended', packages: [JOSE], platform: 'ws' },
	'several-nodes': {
		path: '/guides/several-nodes/',
		example: 'several-nodes',
		after: 'recommended',
		packages: REDIS_PACKAGES,
		settingsWithDefaults: ['REDIS_URL'],
	},
};

/** Where a page's steps start: the page, or its "Add it to your app" section. */
export function stepsHref(id: CopyablePageId): string {
	const { path, ownPage } = COPYABLE_PAGES[id];
	return ownPage ? path : `${path}#add-it-to-your-app`;
}

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

/**
 * Settings of the token check that an app may leave unset (ws-auth.config.ts): checked or used
 * when set. The one that says what signs tokens (JWT_SECRET, JWT_PUBLIC_KEY or JWT_JWKS_URL) and
 * ALLOWED_ORIGINS are required.
 */
export const OPTIONAL_SETTINGS = ['JWT_ALGORITHM', 'JWT_ISSUER', 'JWT_AUDIENCE', 'JWT_USER_ID_CLAIM', 'JWT_USER_ID_TYPE'] as const;

/**
 * What a reader says about their app on a copyable page, each a set of tabs ("Connect your
 * login", "Your users", "Where the client sends the token") whose blocks apply to that choice
 * only. The page's tabs and the copy test (which picks the choices each reader's app needs) both
 * read this list: `id` is what the page marks a block with (`data-choice="login:secret"`).
 */
export const CHOICES = {
	login: { secret: 'A shared secret', 'key-pair': 'A key pair', 'identity-provider': 'An identity provider' },
	users: { demo: 'Demo users, to try it', 'users-service': 'Your UsersService' },
	'token-in': { auth: 'In auth (default)', header: 'In the Authorization header' },
} as const;
export type ChoiceGroup = keyof typeof CHOICES;
export type Choices = { [G in ChoiceGroup]: keyof (typeof CHOICES)[G] };

/** The first tab of each group: what a reader who changes nothing gets. */
export const DEFAULT_CHOICES: Choices = { login: 'secret', users: 'demo', 'token-in': 'auth' };

/** `login:secret`: how a block is marked, and how the test names a choice. */
export function choiceId<G extends ChoiceGroup>(group: G, value: Choices[G]): string {
	return `${group}:${String(value)}`;
}
