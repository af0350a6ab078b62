import { exportPKCS8, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { signJwt } from '../../examples/recommended/demo/tokens.mjs';
import { DEFAULT_CHOICES, NESTJS_MAJORS, type Choices, type NestjsMajor } from '../../site/lib/readers-app.ts';
import { sampleApp as sampleFixture, wsSampleApp } from './install-cache.ts';
import { startOidcProvider } from './oidc-provider.ts';
import { pageTokens, type ReadersAppFixture, type ReadersTokens, type RunningApp, type TokenIn } from './readers-app.ts';

/**
 * The readers the copy test pastes the pages for: each an app in tests/fixtures/readers-app
 * (the folder's README describes them), the choices its reader makes on the page's tabs, and
 * its login: where its tokens come from, and the values it gives the settings the page names.
 */
export interface Reader extends ReadersAppFixture {
	/** For test titles. */
	name: string;
	choices: Choices;
	/** Starts what the reader's login needs; resolves with its settings and its tokens. */
	login(): Promise<ReadersLogin>;
	/** Audit the app with ws-auth-check too, which must agree with the copy test's checks. */
	audit?: boolean;
}

export interface ReadersLogin {
	/**
	 * Tries the page with its demo secret and token (an app without a login of its own), or not.
	 */
	tryIt: boolean;
	/** The reader's values for settings the page exports or names. */
	settings: Record<string, string>;
	/** The reader's tokens, once the app runs. */
	tokens(app: RunningApp): Promise<ReadersTokens>;
	/** ws-auth-check's options for signing tokens as the reader's login signs them (its key, claims and users). */
	auditOptions(app: RunningApp): Promise<string[]>;
	stop(): Promise<void>;
}

export function tokenInOf(choices: Choices, cookie: string | undefined): TokenIn {
	return cookie ? { cookie } : choices['token-in'];
}

/** `nest new` with the socket.io gateway sample and no login: the reader tries the page's demo secret. */
const sampleApp = (major: NestjsMajor): Reader => ({
	name: `a NestJS ${major} app`,
	fixture: sampleFixture(major),
	major,
	choices: DEFAULT_CHOICES,
	audit: major === NESTJS_MAJORS[0],
	login: async () => ({
		tryIt: true,
		settings: {},
		tokens: async (app) => pageTokens(app),
		auditOptions: async ({ env }) => ['--secret', env.JWT_SECRET, '--issuer', env.JWT_ISSUER, '--audience', env.JWT_AUDIENCE, '--other-sub', 'bob'],
		stop: async () => {},
	}),
});

export const SAMPLE_APPS: Reader[] = NESTJS_MAJORS.map(sampleApp);

/**
 * A reader's login on `@nestjs/platform-ws`: in `nest new` with the `ws` gateway sample (WsAdapter)
 * of its major unless `fixture` says which app, whose gateway listens on a port of its own
 * (WS_PORT). Not audited: the copy test plays it with the examples' `ws` engine
 * (ws-readers-app.ts), the one ws-auth-check --protocol ws runs.
 */
const onWsAdapter = (reader: Reader, name: string, fixture = wsSampleApp(reader.major)): Reader => ({ ...reader, name, fixture, gatewayPort: 'WS_PORT', audit: false });

export const WS_SAMPLE_APPS: Reader[] = NESTJS_MAJORS.map((major) => onWsAdapter(sampleApp(major), `a NestJS ${major} app on WsAdapter`));

/** The fixture's secret (tests/fixtures/readers-app/auth-recipe/src/auth/constants.ts reads JWT_SECRET). */
const RECIPE_SECRET = 'the auth-recipe app secret, 32 bytes or more of it';
const RECIPE_USERS = { alice: { userId: 1, username: 'john', password: 'changeme' }, bob: { userId: 2, username: 'maria', password: 'guess' } };

/**
 * The NestJS docs' authentication recipe on NestJS 11: its own AuthModule, AuthService and
 * UsersService (`findOne(username)`, numeric ids, no roles), `POST /auth/login` signing
 * `{ sub: <number>, username }` for 30 days with no issuer or audience, and a client that sends
 * `Authorization: Bearer`, which its per-message guard reads.
 */
const authRecipe: Reader = {
	name: "the NestJS docs' auth recipe (NestJS 11)",
	fixture: 'auth-recipe',
	major: '11',
	choices: { login: 'secret', users: 'users-service', 'token-in': 'header' },
	audit: true,
	login: async () => ({
		tryIt: false,
		settings: { JWT_SECRET: RECIPE_SECRET, JWT_USER_ID_CLAIM: 'username' },
		tokens: async (app) => ({
			valid: await recipeLogin(app.url, RECIPE_USERS.alice),
			// As its login signs them (@nestjs/jwt, HS256), with another lifetime.
			mint: async (user, seconds) => {
				const { userId, username } = RECIPE_USERS[user];
				const now = Math.floor(Date.now() / 1000);
				return signJwt({ sub: userId, username, iat: Math.min(now, now + seconds - 1), exp: now + seconds }, RECIPE_SECRET);
			},
		}),
		// Its users by username, with a numeric `sub` as its login signs it.
		auditOptions: async () => [
			...['--secret', RECIPE_SECRET, '--user-claim', 'username', '--claims', '{"sub":1}'],
			...['--sub', RECIPE_USERS.alice.username, '--other-sub', RECIPE_USERS.bob.username],
		],
		stop: async () => {},
	}),
};

/** Logs in through the app's own `POST /auth/login`, and checks that its own `GET /auth/profile` takes the token. */
export async function recipeLogin(url: string, { username, password }: { username: string; password: string }): Promise<string> {
	const login = await fetch(`${url}/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
	if (login.status !== 200) throw new Error(`the app's own login answered ${login.status}: ${await login.text()}`);
	const { access_token: token } = (await login.json()) as { access_token: string };
	const profile = await fetch(`${url}/auth/profile`, { headers: { authorization: `Bearer ${token}` } });
	if (profile.status !== 200) throw new Error(`the app's own GET /auth/profile answered ${profile.status} with its login's token`);
	return token;
}

/**
 * The sample app whose tokens come from an OpenID provider (oidc-provider, started by the test on
 * loopback), RS256 access tokens got through the authorization code flow, checked against the
 * provider's JWKS URL.
 */
const identityProvider: Reader = {
	name: 'an app whose tokens come from an OpenID provider (NestJS 12)',
	fixture: 'nest12',
	major: '12',
	choices: { ...DEFAULT_CHOICES, login: 'identity-provider' },
	audit: true,
	login: async () => {
		const provider = await startOidcProvider({ audience: 'https://chat.example.com' });
		return {
			tryIt: false,
			settings: { JWT_JWKS_URL: provider.jwksUrl, JWT_ISSUER: provider.issuer, JWT_AUDIENCE: provider.audience },
			tokens: async () => ({
				valid: await provider.tokenFor('alice'),
				mint: async (user, seconds) => {
					if (seconds > 0) return provider.tokenFor(user, { ttlSeconds: seconds });
					// The provider issues no token that is expired already: one that lives a second, a little later.
					const token = await provider.tokenFor(user, { ttlSeconds: 1 });
					await new Promise((resolve) => setTimeout(resolve, 2_100));
					return token;
				},
			}),
			auditOptions: async (app) => [
				...(await keyFile(app, provider.signingKeyPem)),
				...['--issuer', provider.issuer, '--audience', provider.audience, '--other-sub', 'bob'],
			],
			stop: () => provider.stop(),
		};
	},
};

/**
 * `@nestjs/platform-fastify` on NestJS 12, with a login that signs ES256 tokens with its own key
 * pair: the page's "key pair" tab, the public key given as the reader's PEM.
 */
const fastifyKeyPair: Reader = {
	name: 'a Fastify app whose login signs with a key pair (NestJS 12)',
	fixture: 'fastify',
	major: '12',
	choices: { ...DEFAULT_CHOICES, login: 'key-pair' },
	audit: true,
	login: async () => {
		const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
		const sign = (user: string, seconds: number) =>
			new SignJWT({ sub: user })
				.setProtectedHeader({ alg: 'ES256' })
				.setIssuedAt(Math.floor(Date.now() / 1000) + Math.min(0, seconds - 1))
				.setExpirationTime(Math.floor(Date.now() / 1000) + seconds)
				.sign(privateKey);
		return {
			tryIt: false,
			settings: { JWT_PUBLIC_KEY: await exportSPKI(publicKey), JWT_ALGORITHM: 'ES256' },
			tokens: async () => ({ valid: await sign('alice', 600), mint: sign }),
			auditOptions: async (app) => [...(await keyFile(app, await exportPKCS8(privateKey))), '--other-sub', 'bob'],
			stop: async () => {},
		};
	},
};

/** The readers' apps the recommended page is pasted into besides the sample apps. */
export const CORPUS: Reader[] = [authRecipe, identityProvider, fastifyKeyPair];

/**
 * The same logins on WsAdapter: the recipe's own AuthModule and UsersService (numeric `sub`, users
 * by `username`), and tokens the page's default does not make (RS256 from a provider's JWKS,
 * ES256 from a PEM).
 */
export const WS_CORPUS: Reader[] = [
	onWsAdapter(authRecipe, "the NestJS docs' auth recipe (NestJS 11) on WsAdapter", 'auth-recipe-ws'),
	onWsAdapter(identityProvider, 'a NestJS 12 app on WsAdapter whose tokens come from an OpenID provider'),
	onWsAdapter(fastifyKeyPair, 'a NestJS 12 app on WsAdapter whose login signs with a key pair'),
];

/** `--private-key <file>`: the login's signing key, written beside the app (ws-auth-check reads a PEM file). */
async function keyFile(app: RunningApp, pem: string): Promise<string[]> {
	const path = join(app.dir, 'login-signing-key.pem');
	await writeFile(path, pem, { mode: 0o600 });
	return ['--private-key', path];
}
