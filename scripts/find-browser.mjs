// Which Chromium the browser tests (playwright.config.ts) and Lighthouse (bench/site.mjs) run.
// Plain ESM, so that TypeScript and .mjs scripts can both import it.
//
// The first of these that is there:
//   1. `playwright`: Playwright's own Chromium (`npx playwright install chromium`), the usual way
//      on a developer's machine.
//   2. `system`: a Chromium or Chrome on PATH (chromium, chromium-browser, google-chrome,
//      google-chrome-stable), then in /Applications on macOS. One that does not answer
//      `--version` is passed over (Ubuntu's chromium-browser without its snap, for one).
//   3. `npm`: the headless Chromium inside the npm package @sparticuz/chromium (a devDependency).
//      Linux x64 only: the npm package ships no other build. The first use extracts it (about
//      210 MB, 2 to 4 s) into node_modules/.cache/find-browser/, which `npm ci` clears.
// If none is, findBrowser() throws an Error that says what to install.
//
// Environment:
//   BROWSER_PATH=<executable>        this browser and no other (source `BROWSER_PATH`)
//   BROWSER_SKIP=playwright,system   pass over these branches (any of playwright, system, npm):
//                                    e.g. to run the tests on the npm-shipped Chromium on a
//                                    machine that has another.
import { execFileSync } from 'node:child_process';
import { accessSync, chmodSync, constants, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** @typedef {'BROWSER_PATH' | 'playwright' | 'system' | 'npm'} BrowserSource */
/**
 * @typedef {object} FoundBrowser
 * @property {string} executablePath
 * @property {string[]} args Flags this browser needs, to add to the caller's own.
 * @property {Record<string, string> | undefined} env The whole environment to start it with
 *   (Playwright's `env`, chrome-launcher's `envVars`); undefined: the caller's own.
 * @property {BrowserSource} source
 */

const BRANCHES = ['playwright', 'system', 'npm'];
const SYSTEM_NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];
const MACOS_PATHS = [
	'/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
	'/Applications/Chromium.app/Contents/MacOS/Chromium',
];
const DEFAULT_CACHE_DIR = fileURLToPath(new URL('../node_modules/.cache/find-browser/', import.meta.url));

/**
 * @param {{ env?: NodeJS.ProcessEnv, cacheDir?: string }} [options] `env`: where BROWSER_PATH,
 *   BROWSER_SKIP and PATH are read (process.env by default); `cacheDir`: where the npm-shipped
 *   Chromium is extracted (for the tests).
 * @returns {Promise<FoundBrowser>}
 */
export async function findBrowser({ env = process.env, cacheDir = DEFAULT_CACHE_DIR } = {}) {
	if (env.BROWSER_PATH) {
		if (!isExecutableFile(env.BROWSER_PATH)) throw new Error(`BROWSER_PATH=${env.BROWSER_PATH}: no executable file there.`);
		return { executablePath: env.BROWSER_PATH, args: [], env: undefined, source: 'BROWSER_PATH' };
	}
	const skip = (env.BROWSER_SKIP ?? '').split(',').map((name) => name.trim()).filter(Boolean);
	const unknown = skip.filter((name) => !BRANCHES.includes(name));
	// A misspelt name would quietly test another browser than the one asked for.
	if (unknown.length) throw new Error(`BROWSER_SKIP: unknown ${unknown.join(', ')} (known: ${BRANCHES.join(', ')}).`);

	/** @type {string[]} */
	const tried = [];
	if (skip.includes('playwright')) tried.push("Playwright's Chromium: skipped (BROWSER_SKIP)");
	else {
		const found = await playwrightChromium();
		if (typeof found !== 'string') return { executablePath: found.path, args: [], env: undefined, source: 'playwright' };
		tried.push(`Playwright's Chromium: ${found}`);
	}
	if (skip.includes('system')) tried.push('a system Chromium or Chrome: skipped (BROWSER_SKIP)');
	else {
		const found = systemChromium(env);
		if (typeof found !== 'string') return { executablePath: found.path, args: [], env: undefined, source: 'system' };
		tried.push(`a system Chromium or Chrome: ${found}`);
	}
	if (skip.includes('npm')) tried.push('@sparticuz/chromium: skipped (BROWSER_SKIP)');
	else {
		const found = await npmChromium(env, cacheDir);
		if (typeof found !== 'string') return found;
		tried.push(`@sparticuz/chromium: ${found}`);
	}
	throw new Error(
		'No Chromium for the browser tests. Tried:\n' +
			tried.map((line) => `  - ${line}\n`).join('') +
			'Install one with `npx playwright install chromium` (or, on Debian/Ubuntu as root, ' +
			'`apt-get install chromium`), or set BROWSER_PATH to a Chromium or Chrome executable.',
	);
}

/** @returns {Promise<{ path: string } | string>} the browser, or why not */
async function playwrightChromium() {
	/** @type {{ executablePath(): string }} */
	let chromium;
	try {
		({ chromium } = await import('playwright-core'));
	} catch {
		return 'playwright-core is not installed';
	}
	let path;
	try {
		path = chromium.executablePath();
	} catch (error) {
		return error instanceof Error ? error.message : String(error);
	}
	return path && existsSync(path) ? { path } : `not installed (no ${path || 'build for this platform'})`;
}

/**
 * @param {NodeJS.ProcessEnv} env
 * @returns {{ path: string } | string} the browser, or why not
 */
function systemChromium(env) {
	const dirs = (env.PATH ?? '').split(delimiter).filter(Boolean);
	const candidates = [
		...SYSTEM_NAMES.flatMap((name) => dirs.map((dir) => join(dir, name))),
		...(process.platform === 'darwin' ? MACOS_PATHS : []),
	].filter(isExecutableFile);
	const broken = [];
	for (const path of candidates) {
		try {
			const version = execFileSync(path, ['--version'], { encoding: 'utf8', timeout: 15_000, stdio: ['ignore', 'pipe', 'ignore'] });
			if (/\d+\.\d+/.test(version)) return { path };
		} catch {
			// Falls through to the next one.
		}
		broken.push(path);
	}
	return broken.length
		? `none that answers --version (${broken.join(', ')})`
		: `none on PATH (${SYSTEM_NAMES.join(', ')})`;
}

/**
 * @param {NodeJS.ProcessEnv} env
 * @param {string} cacheDir
 * @returns {Promise<FoundBrowser | string>} the browser, or why not
 */
async function npmChromium(env, cacheDir) {
	if (process.platform !== 'linux' || process.arch !== 'x64') {
		return `the npm package ships Linux x64 only (this is ${process.platform} ${process.arch})`;
	}
	let entry;
	try {
		entry = createRequire(import.meta.url).resolve('@sparticuz/chromium');
	} catch {
		return 'not installed (npm install)';
	}
	const packageDir = join(dirname(entry), '..');
	const { version } = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
	const dir = join(cacheDir, `sparticuz-chromium-${version}`);
	try {
		if (!existsSync(join(dir, 'fonts.conf'))) await extract(join(packageDir, 'bin'), dir);
	} catch (error) {
		return `could not extract it into ${cacheDir}: ${error instanceof Error ? error.message : error}`;
	}
	/** @type {Record<string, string>} */
	const browserEnv = {};
	for (const [name, value] of Object.entries(env)) if (value !== undefined) browserEnv[name] = value;
	// Its own NSS, NSPR and expat (built for Amazon Linux, glibc 2.34): with them it needs nothing
	// from the system but glibc, so it also runs where no browser was ever installed.
	browserEnv.LD_LIBRARY_PATH = [join(dir, 'al2023/lib'), env.LD_LIBRARY_PATH].filter(Boolean).join(':');
	// The system's fonts if any, and the package's Open Sans, so that text renders where there are
	// no fonts at all (without any, every line of text is 0 px wide).
	browserEnv.FONTCONFIG_FILE = join(dir, 'fonts.conf');
	return {
		executablePath: join(dir, 'chromium'),
		// Of the package's `args` (tuned for AWS Lambda) only this one: its headless shell has no
		// sandbox helper, and it runs as root on CI (Playwright adds it anyway; chrome-launcher
		// does not). Left out: --single-process and --no-zygote (closing a browser context
		// then kills the whole browser: multi-page tests fail), --disable-web-security and
		// --allow-running-insecure-content (they would hide the CORS and mixed-content errors
		// the tests are there to see), site isolation off, --in-process-gpu and the forced
		// SwiftShader flags (Playwright sets up SwiftShader itself; Lighthouse runs with
		// --disable-gpu), and the rest (caches, pings, nudges) change nothing measured here.
		args: ['--no-sandbox'],
		env: browserEnv,
		source: 'npm',
	};
}

/**
 * Extracts the package's brotli archives into `dir`: into a folder of its own first, renamed to
 * `dir` once complete, so that a concurrent run (a second test run, the benchmark) never starts a
 * half-written browser, and a run stopped halfway (Ctrl-C) leaves no `dir`.
 * @param {string} bin the package's bin folder
 * @param {string} dir
 */
async function extract(bin, dir) {
	mkdirSync(dirname(dir), { recursive: true });
	// What runs stopped halfway left (about 210 MB each); one that is still extracting is younger.
	for (const name of readdirSync(dirname(dir))) {
		const path = join(dirname(dir), name);
		if (name.startsWith(`${basename(dir)}.partial-`) && Date.now() - statSync(path).mtimeMs > 15 * 60_000) {
			rmSync(path, { recursive: true, force: true });
		}
	}
	const staging = mkdtempSync(`${dir}.partial-`);
	try {
		chmodSync(staging, 0o755);
		const { inflate } = await import('@sparticuz/chromium');
		// The package only extracts into os.tmpdir(): its own executablePath() uses /tmp/chromium,
		// shared by every user and every version of the package, and trusted as soon as it exists,
		// even half-written. inflate() reads TMPDIR synchronously, when called: point it at the
		// staging folder for that moment only.
		const saved = process.env.TMPDIR;
		process.env.TMPDIR = staging;
		let inflated;
		try {
			inflated = Promise.all(['chromium.br', 'fonts.tar.br', 'swiftshader.tar.br', 'al2023.tar.br'].map((file) => inflate(join(bin, file))));
		} finally {
			if (saved === undefined) delete process.env.TMPDIR;
			else process.env.TMPDIR = saved;
		}
		const [extracted] = await inflated;
		if (extracted !== join(staging, 'chromium')) {
			throw new Error(`@sparticuz/chromium extracted to ${extracted}, not into ${staging}: its extraction changed`);
		}
		writeFileSync(join(staging, 'fonts.conf'), fontsConf(dir));
		try {
			renameSync(staging, dir);
		} catch (error) {
			// Another process got there first: its copy is complete (it was renamed whole).
			if (!existsSync(join(dir, 'fonts.conf'))) throw error;
		}
	} finally {
		rmSync(staging, { recursive: true, force: true });
	}
}

/** @param {string} dir */
function fontsConf(dir) {
	/** @param {string} text */
	const xml = (text) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
	return `<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">
<fontconfig>
	<include ignore_missing="yes">/etc/fonts/fonts.conf</include>
	<dir>${xml(join(dir, 'fonts'))}</dir>
	<cachedir>${xml(join(dir, 'fontconfig-cache'))}</cachedir>
</fontconfig>
`;
}

/** @param {string} path */
function isExecutableFile(path) {
	try {
		accessSync(path, constants.X_OK);
		return statSync(path).isFile();
	} catch {
		return false;
	}
}
