import { LIVE_PREFIX } from './live-example.ts';

/**
 * One reading of the request target for everything in this server: the rate limiter, the router,
 * the proxy and the example behind it. Fastify's rewriteUrl runs this before anything reads the
 * URL, and the result is what the example receives.
 *
 * - The absolute form (`GET http://host/path`, RFC 9112 §3.2.2, which a server must accept) is
 *   read as its path and query: without this, a /live/ URL in that form kept its query as sent.
 * - The query of a /live/ URL is rewritten with each name once, holding its last value: what
 *   engine.io reads (Object.fromEntries over URL.searchParams, so the last `sid` wins). The
 *   limiter counts a request without a `sid` as a new session, and engine.io opens one for the
 *   same request, whatever the query repeats or encodes (`%73id` is `sid`).
 * Any other form is left as it is, for refusal() to refuse.
 */
export function canonicalUrl(url: string): string {
	const path = ABSOLUTE_FORM.test(url) ? pathOf(url) : url;
	if (!path.startsWith(LIVE_PREFIX)) return path;
	const queryAt = path.indexOf('?');
	if (queryAt === -1) return path;
	const query = new URLSearchParams(Object.fromEntries(new URLSearchParams(path.slice(queryAt + 1))));
	return `${path.slice(0, queryAt)}?${query}`;
}

/**
 * Why a request target, as received, is refused (with a 400), or null: every request this server
 * answers has a path. The authority form is for CONNECT to a proxy, `*` for server-wide OPTIONS, and a fragment
 * is never sent by a client: none has a use here, and each would be read differently by the parts
 * that read URLs (the router, URL, URLSearchParams).
 */
export function refusal(url: string): string | null {
	if (!url.startsWith('/') && !ABSOLUTE_FORM.test(url)) return 'The request target must be a path (origin form, RFC 9112 §3.2.1) or an absolute http(s) URL.';
	if (url.includes('#')) return 'The request target must not contain a fragment (#).';
	return null;
}

const ABSOLUTE_FORM = /^https?:\/\/[^/?#]*/i;

/** `http://host:port/path?query` → `/path?query` (`http://host?q` → `/?q`), the rest kept byte for byte. */
function pathOf(url: string): string {
	const rest = url.replace(ABSOLUTE_FORM, '');
	return rest.startsWith('/') ? rest : `/${rest}`;
}
