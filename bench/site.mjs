// `npm run bench:site`: builds the site (into bench/.site/dist) and runs Lighthouse on every page, mobile and desktop, with
// the Chromium scripts/find-browser.mjs finds (as the browser tests do), offline on loopback.
// Rewrites the `site` part of bench/results.json and keeps the rest. Every page is checked against
// the budget (lib/site-budget.mjs): the pages over it are printed and the run exits with 1.
//
// The site is served by the playground server (`npm start`'s server), as a reader runs it, so
// that the playground page talks to live examples. With BENCH_SITE_STATIC=1 it is served as
// plain files instead (the playground then shows its "server not running" state).
// Pages are measured one after the other with one Chromium: in parallel they would slow each
// other down, and Lighthouse's simulated throttling scales what it observes.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import { extname, join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import * as chromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import { computeMedianRun } from 'lighthouse/core/lib/median-run.js';
import { findBrowser } from '../scripts/find-browser.mjs';
import { startPlayground } from '../scripts/start-playground.mjs';
import { command, installedVersion, loadAverage, machine, readResults, writeResults } from './lib/meta.mjs';
import { overBudget, pageHash, SITE_BUDGET } from './lib/site-budget.mjs';
import { round } from './lib/stats.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
// Built here, not in dist/, so that other builds of the site cannot change the pages mid-run.
const dist = join(root, 'bench/.site/dist');
const CHROME_FLAGS = [
	'--headless=new',
	'--no-sandbox',
	'--disable-gpu',
	'--disable-dev-shm-usage',
	'--disable-background-networking',
	'--disable-component-update',
	'--disable-sync',
	'--disable-quic',
	'--no-first-run',
];
const CATEGORIES = ['performance', 'accessibility', 'best-practices', 'seo'];
const FORM_FACTORS = ['mobile', 'desktop'];
const STATIC = process.env.BENCH_SITE_STATIC === '1';
// 22 pages x 2 form factors at 5 to 15 s each, up to 3 runs each; the watchdog only catches a hang.
const WATCHDOG_MS = 45 * 60_000;

/** Every page of the built site, as a path: "/", "/comparison/", … (same walk as the site tests). */
function buildSite() {
	console.log('building the site into bench/.site/dist');
	execFileSync(join(root, 'node_modules/.bin/astro'), ['build'], {
		cwd: root,
		env: { ...process.env, SITE_OUT_DIR: dist, ASTRO_TELEMETRY_DISABLED: '1' },
		stdio: ['ignore', 'ignore', 'inherit'],
	});
}

function builtPages() {
	if (!existsSync(join(dist, 'index.html'))) throw new Error('the site did not build');
	const pages = [];
	const walk = (dir) => {
		for (const entry of readdirSync(dir, { withFileTypes: true })) {
			const path = join(dir, entry.name);
			if (entry.isDirectory() && !['_astro', 'pagefind'].includes(entry.name)) walk(path);
			else if (entry.name === 'index.html') pages.push(`/${relative(dist, dir)}/`.replace('//', '/'));
		}
	};
	walk(dist);
	return pages.sort();
}

const TYPES = {
	'.html': 'text/html; charset=utf-8',
	'.js': 'text/javascript; charset=utf-8',
	'.css': 'text/css; charset=utf-8',
	'.svg': 'image/svg+xml',
	'.png': 'image/png',
	'.json': 'application/json',
	'.txt': 'text/plain; charset=utf-8',
	'.xml': 'application/xml',
	'.wasm': 'application/wasm',
	'.woff2': 'font/woff2',
};

/** dist/ as plain files, as any static host would serve it (BENCH_SITE_STATIC=1). */
async function serveStatic() {
	const server = createHttpServer((request, response) => {
		const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
		let file = join(dist, path.endsWith('/') ? `${path}index.html` : path);
		if (!file.startsWith(dist) || !existsSync(file)) file = join(dist, '404.html');
		const status = file.endsWith('404.html') && !path.endsWith('404.html') ? 404 : 200;
		const type = TYPES[extname(file)] ?? 'application/octet-stream';
		const body = readFileSync(file);
		// Compressed, as static hosts serve text.
		if (/^(text|application\/(json|xml))|svg/.test(type) && /\bgzip\b/.test(request.headers['accept-encoding'] ?? '')) {
			response.writeHead(status, { 'content-type': type, 'content-encoding': 'gzip', vary: 'accept-encoding' });
			response.end(gzipSync(body));
		} else {
			response.writeHead(status, { 'content-type': type });
			response.end(body);
		}
	});
	await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
	return {
		url: `http://127.0.0.1:${server.address().port}`,
		served: 'a static file server (no playground server: the playground shows its offline state)',
		stop: () => new Promise((resolve) => server.close(resolve)),
	};
}

/** Starts the playground server on a free port (it builds any example that is not built) and waits until every example runs. */
async function servePlayground() {
	const server = await startPlayground({
		env: { PLAYGROUND_SITE_DIR: dist, PLAYGROUND_SKIP_BUILD: '0' },
		readyTimeoutMs: 120_000,
		// However this process ends, the server and its examples end with it.
		onSpawn: (_child, killGroup) => process.on('exit', killGroup),
	});
	return { url: server.url, stop: server.stop, served: 'the playground server (npm start), live examples included' };
}

/** Bytes of JavaScript a page loads: external scripts and inline ones, uncompressed. */
function javascriptBytes(lhr) {
	const nodes = lhr.audits['script-treemap-data']?.details?.nodes ?? [];
	return nodes.reduce((sum, node) => sum + (node.resourceBytes ?? 0), 0);
}

/** One Lighthouse run. It sometimes loses a trace on a busy machine (NO_NAVSTART): try again, twice. */
async function audit(url, formFactor, flags, config) {
	for (let attempt = 1; ; attempt++) {
		const runner = await lighthouse(url, flags, config);
		const problem = !runner?.lhr ? 'no result' : runner.lhr.runtimeError?.message;
		if (!problem) return runner.lhr;
		if (attempt === 3) throw new Error(`${url} (${formFactor}): ${problem}`);
		console.log(`  ${url} (${formFactor}): ${problem}; again`);
	}
}

const perfect = (lhr) => CATEGORIES.every((id) => lhr.categories[id].score === 1);

/** What Lighthouse does not measure: the built page itself, and the hash that ties the figures to it. */
function builtPage(path) {
	const html = readFileSync(join(dist, path, 'index.html'));
	return { htmlBytes: html.length, htmlGzipBytes: gzipSync(html).length, contentHash: pageHash(html.toString('utf8')) };
}

function figures(path, formFactor, lhr) {
	const audit = (id) => lhr.audits[id]?.numericValue;
	const failing = [];
	for (const category of CATEGORIES) {
		for (const ref of lhr.categories[category].auditRefs) {
			const result = lhr.audits[ref.id];
			if (ref.weight > 0 && result.score !== null && result.score < 1) failing.push(`${category}: ${ref.id} (${result.score})`);
		}
	}
	return {
		path,
		formFactor,
		scores: Object.fromEntries(CATEGORIES.map((id) => [id, Math.round(lhr.categories[id].score * 100)])),
		lcpMs: round(audit('largest-contentful-paint'), 0),
		tbtMs: round(audit('total-blocking-time'), 0),
		cls: round(audit('cumulative-layout-shift'), 3),
		jsBytes: javascriptBytes(lhr),
		// Elements once the page has loaded, scripts' own included (Lighthouse's DOM size insight).
		domElements: audit('dom-size-insight') ?? null,
		failingAudits: failing,
		runWarnings: lhr.runWarnings,
	};
}


/** Rewrites the `site` part of results.json, keeping the rest. */
function writeSitePart(results) {
	const { cpu, node } = machine();
	const previous = readResults();
	previous.site = {
		meta: {
			command: command('node bench/site.mjs'),
			date,
			durationSeconds: round((performance.now() - began) / 1000, 1),
			node,
			cpu,
			chromium: execFileSync(browser.executablePath, ['--version'], { encoding: 'utf8' }).trim(),
			served: server.served,
			loadAverage: { start: loadAtStart, end: loadAverage() },
			throttling: 'Lighthouse defaults: mobile is simulated (Moto G Power, slow 4G, 4x CPU slowdown), desktop is the desktop preset',
			runs: 'one run per page and form factor, one Chromium per form factor; one that is not 100 in every category is run twice more and the median run (Lighthouse computeMedianRun) is kept; performanceRuns has every run',
			budget: SITE_BUDGET,
			packages: Object.fromEntries(['lighthouse', 'astro', '@astrojs/starlight'].map((name) => [name, installedVersion(name)])),
		},
		pages: results,
	};
	writeResults(previous);
	console.log(`wrote the site part of bench/results.json in ${previous.site.meta.durationSeconds} s`);
}

const watchdog = setTimeout(() => {
	console.error(`bench:site: still running after ${WATCHDOG_MS / 60_000} min, giving up`);
	process.exit(1);
}, WATCHDOG_MS);

const began = performance.now();
const date = new Date().toISOString();
const loadAtStart = loadAverage();
let server;
let chrome;
/** @type {import('../scripts/find-browser.mjs').FoundBrowser} */
let browser;
try {
	// First, so that a machine without a browser hears it before the build.
	browser = await findBrowser();
	console.log(`Chromium: ${browser.executablePath} (${browser.source})`);
	// BENCH_SITE_ONLY=/,/comparison/ measures those pages only, for trying things out; such a run
	// prints its figures and leaves results.json alone.
	const only = process.env.BENCH_SITE_ONLY?.split(',').filter(Boolean);
	buildSite();
	const pages = builtPages().filter((path) => !only || only.includes(path));
	server = STATIC ? await serveStatic() : await servePlayground();
	console.log(`serving the built site with ${server.served} at ${server.url}; ${pages.length} pages x ${FORM_FACTORS.length} form factors`);
	const results = [];
	// Read and hashed once; both form factors measured the same files.
	const built = new Map(pages.map((path) => [path, builtPage(path)]));
	// One Chromium per form factor, every page in turn. With one Chromium switching from the
	// mobile emulation to the desktop one page after page, the first desktop load of a page now and
	// then moved Starlight's right sidebar as if laid out at the old size (CLS 0.42, performance
	// 81: 4 times in the runs made while building the budget, each time the first desktop run
	// right after mobile ones, and the next two runs 100); a Chromium that only ran desktop never
	// did (0 in 14 runs of 7 pages).
	for (const formFactor of FORM_FACTORS) {
		chrome = await chromeLauncher.launch({
			chromePath: browser.executablePath,
			chromeFlags: [...CHROME_FLAGS, ...browser.args.filter((flag) => !CHROME_FLAGS.includes(flag))],
			envVars: browser.env,
		});
		for (const path of pages) {
			const config = formFactor === 'desktop' ? desktopConfig : undefined;
			const flags = { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: CATEGORIES, maxWaitForLoad: 45_000 };
			// A run that is not 100 everywhere is run twice more and the median run kept, as
			// Lighthouse advises for its variance (other work on the machine moves TBT and FCP).
			const runs = [];
			for (let n = 0; n < 3 && (n === 0 || !perfect(runs[0])); n++) runs.push(await audit(server.url + path, formFactor, flags, config));
			const lhr = runs.length === 1 ? runs[0] : computeMedianRun(runs);
			const performanceRuns = runs.map((run) => Math.round(run.categories.performance.score * 100));
			const row = { ...figures(path, formFactor, lhr), runs: runs.length, performanceRuns, ...built.get(path) };
			results.push(row);
			console.log(
				`  ${path.padEnd(36)} ${formFactor.padEnd(8)} ${CATEGORIES.map((c) => String(row.scores[c]).padStart(3)).join(' ')}  ` +
					`(${row.performanceRuns.join('/')})  LCP ${row.lcpMs} ms  TBT ${row.tbtMs} ms  CLS ${row.cls}  JS ${(row.jsBytes / 1024).toFixed(1)} KB  ` +
					`HTML ${(row.htmlGzipBytes / 1024).toFixed(1)} KB gz  DOM ${row.domElements}` +
					(row.failingAudits.length ? `\n      below 1: ${row.failingAudits.join(', ')}` : ''),
			);
		}
		await chrome.kill();
		chrome = undefined;
	}
	// Page by page, mobile first, as before.
	results.sort((a, b) => a.path.localeCompare(b.path) || FORM_FACTORS.indexOf(a.formFactor) - FORM_FACTORS.indexOf(b.formFactor));

	if (only) {
		console.log('BENCH_SITE_ONLY is set: results.json left as it was');
	} else {
		writeSitePart(results);
	}
	const problems = results.flatMap(overBudget);
	if (problems.length > 0) {
		console.error(`\n${problems.length} over the budget (bench/lib/site-budget.mjs):\n${problems.map((problem) => `  ${problem}`).join('\n')}`);
		process.exitCode = 1;
	} else {
		console.log(`every page within the budget: performance >= ${SITE_BUDGET.performance} in every run, TBT <= ${SITE_BUDGET.tbtMs} ms, HTML <= ${SITE_BUDGET.htmlGzipBytes / 1024} KB gzipped, DOM <= ${SITE_BUDGET.domElements} elements`);
	}
} catch (error) {
	console.error(error);
	process.exitCode = 1;
} finally {
	clearTimeout(watchdog);
	await chrome?.kill();
	await server?.stop();
}
