import compress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import { join, sep } from 'node:path';
import { HttpError } from './http-errors.ts';

export interface SiteOptions {
	siteDir: string;
	siteBuilt: boolean;
	/** Paths that are not pages: a miss there is a JSON error, not the site's 404 page. */
	apiPrefixes: string[];
}

/**
 * The built site (Astro's `build.format: 'directory'`): `/a/` is `a/index.html`, `/a` redirects
 * to `/a/`, a miss is the site's own 404.html with status 404. Text is compressed for clients
 * that accept it. Only files Astro fingerprinted (under `_astro/`) are cached for good, decided
 * on the file actually served, never on the URL asked for.
 */
export async function site(app: FastifyInstance, options: SiteOptions) {
	const astroAssets = join(options.siteDir, '_astro') + sep;
	await app.register(compress, { encodings: ['br', 'gzip'], threshold: 1024 });
	await app.register(fastifyStatic, {
		root: options.siteDir,
		redirect: true,
		index: ['index.html'],
		cacheControl: false,
		serveDotFiles: false,
		setHeaders: (reply, path) => {
			reply.header('cache-control', path.startsWith(astroAssets) ? 'public, max-age=31536000, immutable' : 'no-cache');
		},
	});

	app.setNotFoundHandler(async (request, reply) => {
		const path = request.url.split('?')[0]!;
		if (options.apiPrefixes.some((prefix) => path.startsWith(prefix))) throw new HttpError(404, notFoundMessage(path));
		if (request.method !== 'GET' && request.method !== 'HEAD') throw new HttpError(405, 'The site is read-only.', { Allow: 'GET, HEAD' });
		if (!options.siteBuilt) {
			if (path === '/') return reply.header('cache-control', 'no-store').type('text/html; charset=utf-8').send(NOT_BUILT);
			throw new HttpError(404, `Not found: ${path}. The site is not built.`);
		}
		return reply.code(404).sendFile('404.html');
	});
}

function notFoundMessage(path: string): string {
	if (path.startsWith('/api/')) return `No API endpoint ${path}. There are /api/health and /api/tokens.`;
	return `Not found: ${path}. Example endpoints are /live/<approach>/socket.io/, /live/<approach>/<node>/socket.io/ for an example on several nodes, and /live/<approach>/ws for a plain WebSocket example.`;
}

/** What `/` shows when the examples run but the site has not been built. */
const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>Site not built</title>
<h1>The site is not built yet</h1><p>Run <code>npm run build:site</code> (or restart with <code>npm start</code>).
The examples and the API work already: <a href="/api/health">/api/health</a>.</p></html>`;
