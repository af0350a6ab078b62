/**
 * The variant of this example that the guide's "Cookie sessions" page shows, switched on by an
 * environment variable at start-up (README: Settings). Unset, the app is the example as shipped.
 */
export interface Variant {
	/**
	 * AUTH_COOKIE=<name>: the socket reads its token from this cookie instead of `auth.token`,
	 * and POST /auth/login (DEMO ONLY, no password) sets it.
	 */
	authCookie?: string;
}

// Letters, digits, `_` and `-`: a cookie name that needs no quoting anywhere it is written.
const COOKIE_NAME = /^[\w-]{1,64}$/;

export function variantFromEnv(env: NodeJS.ProcessEnv = process.env): Variant {
	const name = env.AUTH_COOKIE;
	if (name === undefined || name === '') return {};
	if (!COOKIE_NAME.test(name)) {
		throw new Error(`AUTH_COOKIE must be a cookie name (1 to 64 letters, digits, _ or -) or unset, got "${name}"`);
	}
	return { authCookie: name };
}
