import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './config.ts';
import type { Example } from './examples.ts';
import { logger } from './log.ts';

const log = logger('build');

/** The newest modification time of the files under these paths (0 when none exist). */
function newest(paths: string[]): number {
	let latest = 0;
	const visit = (path: string) => {
		if (!existsSync(path)) return;
		const info = statSync(path);
		if (info.isDirectory()) {
			for (const entry of readdirSync(path)) if (entry !== 'node_modules' && entry !== 'dist') visit(join(path, entry));
		} else latest = Math.max(latest, info.mtimeMs);
	};
	for (const path of paths) visit(path);
	return latest;
}

function built(output: string): number {
	return existsSync(output) ? statSync(output).mtimeMs : 0;
}

function run(args: string[], cwd: string): boolean {
	log.info(`$ npm ${args.join(' ')}${cwd === REPO_ROOT ? '' : `   (in ${cwd.slice(REPO_ROOT.length)})`}`);
	const result = spawnSync('npm', args, { cwd, stdio: 'inherit', env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' } });
	return result.status === 0;
}

/** Compiles every example whose dist/main.js is missing or older than its sources. */
export function buildExamples(examples: Example[]): void {
	for (const example of examples) {
		const output = built(join(example.dir, 'dist', 'main.js'));
		const sources = newest([join(example.dir, 'src'), join(example.dir, 'tsconfig.json')]);
		if (output && output >= sources) continue;
		log.info(`${example.slug}: ${output ? 'sources changed since the last build' : 'not built yet'}`);
		if (!run(['run', 'build'], example.dir)) throw new Error(`building examples/${example.slug} failed (see above)`);
	}
}

/**
 * Builds the site when dist/index.html is missing or older than what it is made of. Returns
 * whether a built site is there to serve. Without a `build:site` script, it says so and goes on:
 * the examples and the API still work.
 */
export function buildSite(siteDir: string): boolean {
	const index = built(join(siteDir, 'index.html'));
	const sources = newest(['site', 'astro.config.mjs', 'ec.config.mjs', 'examples'].map((path) => join(REPO_ROOT, path)));
	if (index && index >= sources) return true;
	const scripts = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).scripts ?? {};
	if (!scripts['build:site']) {
		log.warn(
			index
				? 'the site may be out of date, and package.json has no "build:site" script to rebuild it'
				: `no built site in ${siteDir} and package.json has no "build:site" script: only the API and the examples are served`,
		);
		return index > 0;
	}
	log.info(index ? 'the site changed since the last build: rebuilding it' : 'the site is not built yet: building it');
	if (!run(['run', 'build:site'], REPO_ROOT)) {
		if (index) {
			log.error('building the site failed (see above): serving the previous build');
			return true;
		}
		throw new Error('building the site failed (see above)');
	}
	return true;
}
