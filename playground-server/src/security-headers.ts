import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * @stackblitz/sdk's embedProject() writes this inline script into an about:blank iframe, which
 * inherits the page's CSP; allowing its hash keeps the click-to-load embed working.
 */
const STACKBLITZ_EMBED_SCRIPT = "document.getElementById('sb_run').submit();";

const INLINE_SCRIPT = /<script\b(?![^>]*\bsrc\s*=)([^>]*)>([\s\S]*?)<\/script>/gi;
const TYPE = /\btype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;
// The types a browser runs (HTML's JavaScript MIME types, and modules). Any other type is a data
// block, which no CSP governs: the site has hundreds (each folded stretch of code, the StackBlitz
// projects once), and their hashes made the policy a 6 KB header on every response.
const RUNNABLE = /^(?:|module|(?:text|application)\/(?:x-)?(?:java|ecma)script|text\/(?:javascript1\.[0-5]|jscript|livescript))$/i;

function scriptHash(source: string): string {
	return `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;
}

/** The hashes of a page's inline scripts that run (Starlight's theme script, Astro's small islands). */
export function inlineScriptHashes(html: string): string[] {
	const hashes = new Set<string>();
	for (const [, attributes, source] of html.matchAll(INLINE_SCRIPT)) {
		const type = TYPE.exec(attributes!);
		if (source && RUNNABLE.test((type?.[1] ?? type?.[2] ?? type?.[3] ?? '').trim())) hashes.add(scriptHash(source));
	}
	return [...hashes];
}

/**
 * The hashes of every inline script in a built site. The pages share a handful of scripts
 * (Starlight's theme and Astro's islands), so one policy with all of them serves every page,
 * and static files can be streamed without reading each page to hash it.
 */
export async function siteScriptHashes(siteDir: string): Promise<string[]> {
	const hashes = new Set<string>();
	let entries: string[];
	try {
		entries = await readdir(siteDir, { recursive: true });
	} catch {
		return [];
	}
	for (const entry of entries.filter((name) => name.endsWith('.html'))) {
		for (const hash of inlineScriptHashes(await readFile(join(siteDir, entry), 'utf8'))) hashes.add(hash);
	}
	return [...hashes].sort();
}

/**
 * The CSP directives, in helmet's form: scripts only from this origin or with a known
 * hash (no 'unsafe-inline'), sockets and fetches only to this origin (the playground proxies the
 * examples under its own origin), StackBlitz allowed as a frame and as a form target, Pagefind's wasm.
 */
export function cspDirectives(inlineHashes: string[]): Record<string, string[]> {
	return {
		defaultSrc: ["'self'"],
		scriptSrc: ["'self'", "'wasm-unsafe-eval'", ...inlineHashes, scriptHash(STACKBLITZ_EMBED_SCRIPT)],
		// Astro and Expressive Code set style attributes; styles cannot run code.
		styleSrc: ["'self'", "'unsafe-inline'"],
		imgSrc: ["'self'", 'data:'],
		fontSrc: ["'self'", 'data:'],
		connectSrc: ["'self'"],
		workerSrc: ["'self'", 'blob:'],
		frameSrc: ['https://stackblitz.com'],
		formAction: ["'self'", 'https://stackblitz.com'],
		frameAncestors: ["'self'"],
		baseUri: ["'self'"],
		objectSrc: ["'none'"],
	};
}

/** What no page of ours uses; helmet has no option for this header. */
export const PERMISSIONS_POLICY = 'camera=(), microphone=(), geolocation=(), payment=(), usb=()';
