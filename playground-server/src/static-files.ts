import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { inlineScriptHashes, pageCsp, setSecurityHeaders } from './security-headers.ts';

const TYPES: Record<string, string> = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.mjs': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.json': 'application/json; charset=utf-8',
	'.txt': 'text/plain; charset=utf-8',
	'.xml': 'application/xml; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.jpg': 'image/jpeg',
	'.jpeg': 'image/jpeg',
	'.webp': 'image/webp',
	'.avif': 'image/avif',
	'.ico': 'image/x-icon',
	'.woff': 'font/woff',
	'.woff2': 'font/woff2',
	'.wasm': 'application/wasm',
	'.webmanifest': 'application/manifest+json',
	'.map': 'application/json; charset=utf-8',
};

// Text compresses to a fraction of its size; images and fonts are compressed already.
const COMPRESSIBLE = /^(text\/|application\/(json|xml|manifest\+json)|image\/svg\+xml)/;
const gzipAsync = promisify(gzip);

interface Found {
	file: string;
	size: number;
	mtimeMs: number;
}

/**
 * Serves a built static site (Astro's `build.format: 'directory'` layout): `/a/` is
 * `a/index.html`, `/a` redirects to `/a/` when that is a folder, and anything else is the
 * site's own 404.html with status 404. HTML gets a CSP with the hashes of its inline scripts.
 * Returns false when it did not answer (no site built), so the caller can say so.
 */
export function staticFiles(siteDir: string) {
	const root = resolve(siteDir);
	const htmlCache = new Map<string, { mtimeMs: number; body: Buffer; csp: string }>();
	// The built site is small and changes only when rebuilt: compress each file once.
	const gzipCache = new Map<string, { mtimeMs: number; body: Buffer }>();

	async function gzipped(found: Found, body?: Buffer): Promise<Buffer> {
		const cached = gzipCache.get(found.file);
		if (cached?.mtimeMs === found.mtimeMs) return cached.body;
		const compressed = await gzipAsync(body ?? (await readFile(found.file)));
		gzipCache.set(found.file, { mtimeMs: found.mtimeMs, body: compressed });
		return compressed;
	}

	async function find(path: string): Promise<Found | 'directory' | undefined> {
		try {
			const info = await stat(path);
			if (info.isDirectory()) return 'directory';
			if (info.isFile()) return { file: path, size: info.size, mtimeMs: info.mtimeMs };
		} catch {
			// Not there.
		}
		return undefined;
	}

	async function send(req: IncomingMessage, res: ServerResponse, found: Found, status = 200) {
		const type = TYPES[extname(found.file).toLowerCase()] ?? 'application/octet-stream';
		const compressible = COMPRESSIBLE.test(type);
		const useGzip = compressible && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
		const etag = `W/"${found.size.toString(16)}-${Math.floor(found.mtimeMs).toString(16)}${useGzip ? '-gz' : ''}"`;
		res.setHeader('Content-Type', type);
		if (compressible) res.setHeader('Vary', 'Accept-Encoding');
		if (useGzip) res.setHeader('Content-Encoding', 'gzip');
		res.setHeader('ETag', etag);
		// Astro fingerprints everything under /_astro/; pages must be revalidated.
		res.setHeader('Cache-Control', req.url?.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache');
		if (type.startsWith('text/html')) {
			const page = await html(found);
			setSecurityHeaders(res, page.csp);
			if (status === 200 && req.headers['if-none-match'] === etag) return end(res, 304);
			const body = useGzip ? await gzipped(found, page.body) : page.body;
			res.writeHead(status, { 'Content-Length': body.length });
			return res.end(req.method === 'HEAD' ? undefined : body);
		}
		setSecurityHeaders(res);
		if (status === 200 && req.headers['if-none-match'] === etag) return end(res, 304);
		if (useGzip) {
			const body = await gzipped(found);
			res.writeHead(status, { 'Content-Length': body.length });
			return res.end(req.method === 'HEAD' ? undefined : body);
		}
		res.writeHead(status, { 'Content-Length': found.size });
		if (req.method === 'HEAD') return res.end();
		createReadStream(found.file)
			.on('error', () => res.destroy())
			.pipe(res);
	}

	async function html(found: Found) {
		const cached = htmlCache.get(found.file);
		if (cached?.mtimeMs === found.mtimeMs) return cached;
		const body = await readFile(found.file);
		const page = { mtimeMs: found.mtimeMs, body, csp: pageCsp(inlineScriptHashes(body.toString('utf8'))) };
		htmlCache.set(found.file, page);
		return page;
	}

	return async function serve(req: IncomingMessage, res: ServerResponse, pathname: string): Promise<boolean> {
		let decoded: string;
		try {
			decoded = decodeURIComponent(pathname);
		} catch {
			return false;
		}
		if (decoded.includes('\0')) return false;
		const path = normalize(join(root, decoded));
		if (path !== root && !path.startsWith(root + sep)) return false;
		let found = await find(path);
		if (found === 'directory') {
			if (!pathname.endsWith('/')) {
				setSecurityHeaders(res);
				res.writeHead(301, { Location: `${pathname}/` });
				res.end();
				return true;
			}
			found = await find(join(path, 'index.html'));
		}
		if (found && found !== 'directory') {
			await send(req, res, found);
			return true;
		}
		const notFound = await find(join(root, '404.html'));
		if (notFound && notFound !== 'directory') {
			await send(req, res, notFound, 404);
			return true;
		}
		return false;
	};
}

function end(res: ServerResponse, status: number) {
	res.writeHead(status);
	res.end();
}
