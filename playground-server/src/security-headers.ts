import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';

/**
 * @stackblitz/sdk's embedProject() writes this inline script into an about:blank iframe, which
 * inherits the page's CSP; allowing its hash keeps the click-to-load embed working.
 */
const STACKBLITZ_EMBED_SCRIPT = "document.getElementById('sb_run').submit();";

const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/gi;

export function scriptHash(source: string): string {
	return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

/** The hashes of a page's inline scripts (Starlight's theme script, Astro's small islands). */
export function inlineScriptHashes(html: string): string[] {
	const hashes = new Set<string>();
	for (const match of html.matchAll(INLINE_SCRIPT)) if (match[1]) hashes.add(scriptHash(match[1]));
	return [...hashes];
}

/**
 * The policy for a page of the site: scripts only from this origin or with a known hash (no
 * 'unsafe-inline'), sockets and fetches only to this origin (the playground proxies the examples
 * under its own origin), StackBlitz allowed as a frame and as a form target, Pagefind's wasm.
 */
export function pageCsp(inlineHashes: string[]): string {
	return [
		"default-src 'self'",
		`script-src 'self' 'wasm-unsafe-eval' ${[...inlineHashes, scriptHash(STACKBLITZ_EMBED_SCRIPT)].join(' ')}`,
		// Astro and Expressive Code set style attributes; styles cannot run code.
		"style-src 'self' 'unsafe-inline'",
		"img-src 'self' data:",
		"font-src 'self' data:",
		"connect-src 'self'",
		"worker-src 'self' blob:",
		'frame-src https://stackblitz.com',
		"form-action 'self' https://stackblitz.com",
		"frame-ancestors 'self'",
		"base-uri 'self'",
		"object-src 'none'",
	].join('; ');
}

/** For everything that is not a page (JSON, scripts, socket.io polling, errors). */
const NON_PAGE_CSP = "default-src 'none'; frame-ancestors 'none'";

/** Headers on every response. Pages replace the CSP with pageCsp(). */
export function setSecurityHeaders(res: ServerResponse, csp = NON_PAGE_CSP): void {
	res.setHeader('Content-Security-Policy', csp);
	res.setHeader('X-Content-Type-Options', 'nosniff');
	res.setHeader('Referrer-Policy', 'no-referrer');
	res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
	res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
	res.setHeader('X-Frame-Options', 'SAMEORIGIN');
	res.setHeader('Permissions-Policy', 'camera=(), microphone=(), geolocation=(), payment=(), usb=()');
}
