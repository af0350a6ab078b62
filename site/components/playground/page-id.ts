/**
 * Ids unique within a page and the same on every build: the n-th playground of a page is `pg-n`.
 * (A random id made every build of a page differ, and so its hash, which ties the site figures of
 * bench:site to the page they measured.) Astro renders a page for one request, so the count is
 * kept per request.
 */
const counts = new WeakMap<Request, number>();

export function nextPageId(request: Request, prefix: string): string {
	const n = (counts.get(request) ?? 0) + 1;
	counts.set(request, n);
	return `${prefix}-${n}`;
}
