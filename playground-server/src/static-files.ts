import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
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
		const etag = `W/"${found.size.toString(16)}-${Math.floor(found.mtimeMs).toString(16)}"`;
		res.setHeader('Content-Type', type);
		res.setHeader('ETag', etag);
		// Astro fingerprints everything under /_astro/; pages must be revalidated.
		res.setHeader('Cache-Control', req.url?.startsWith('/_astro/') ? 'public, max-age=31536000, immutable' : 'no-cache');
		if (type.startsWith('text/html')) {
			const page = await html(found);
			setSecurityHeaders(res, page.csp);
			if (status === 200 && req.headers['if-none-match'] === etag) return end(res, 304);
			res.writeHead(status, { 'Content-Length': page.body.length });
			return res.end(req.method === 'HEAD' ? undefined : page.body);
		}
		setSecurityHeaders(res);
		if (status === 200 && req.headers['if-none-match'] === etag) return end(res, 304);
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
