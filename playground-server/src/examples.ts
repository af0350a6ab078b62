import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
// The order the site lists approaches in (health, error messages, the playground); unlisted
// examples follow, alphabetically.
import { byApproachOrder } from '../../examples/approaches.mjs';

/** What every example's demo/ folder exports (see the examples contract in examples/README.md). */
export interface StartedApp {
	url: string;
	child: import('node:child_process').ChildProcess;
	exited: Promise<number | string>;
	output(): string;
	stop(): Promise<void>;
}
export type StartApp = (options: { dir?: string; env?: Record<string, string>; nodeArgs?: string[]; timeoutMs?: number; signal?: AbortSignal }) => Promise<StartedApp>;
export type TokenFor = (kind: string, settings: { secret: string; issuer: string; audience: string; now?: number }) => unknown;
export interface Scenario {
	id: string;
	title: string;
	token: string;
	/** The token the client reconnects with, where the scenario drops its connection (`recovery`). */
	reconnectToken?: string;
	question: string;
}

export interface Example {
	slug: string;
	title: string;
	dir: string;
	/** The default variant's environment: what the playground runs. */
	env: Record<string, string>;
	/** Scenario ids the default variant documents. */
	documented: string[];
	scenarios: Scenario[];
	startApp: StartApp;
	tokenFor: TokenFor;
}

/** Every folder under examples/ that follows the contract, in approach order. */
export async function loadExamples(examplesDir: string, only: string[] = []): Promise<Example[]> {
	const slugs = readdirSync(examplesDir, { withFileTypes: true })
		.filter((entry) => entry.isDirectory())
		.map((entry) => entry.name)
		.filter((slug) => existsSync(join(examplesDir, slug, 'behavior.json')) && existsSync(join(examplesDir, slug, 'demo', 'app-process.mjs')))
		.filter((slug) => only.length === 0 || only.includes(slug))
		.sort(byApproachOrder);
	const unknown = only.filter((slug) => !slugs.includes(slug));
	if (unknown.length) throw new Error(`PLAYGROUND_EXAMPLES names unknown examples: ${unknown.join(', ')}`);
	return Promise.all(slugs.map((slug) => loadExample(join(examplesDir, slug), slug)));
}

async function loadExample(dir: string, slug: string): Promise<Example> {
	const behavior = JSON.parse(readFileSync(join(dir, 'behavior.json'), 'utf8'));
	const variant = behavior.variants?.[0];
	if (!variant) throw new Error(`${slug}/behavior.json has no variants`);
	const demo = (file: string) => import(pathToFileURL(join(dir, 'demo', file)).href);
	const [{ startApp }, { tokenFor }, { SCENARIOS }] = await Promise.all([demo('app-process.mjs'), demo('tokens.mjs'), demo('scenarios.mjs')]);
	return {
		slug,
		title: behavior.title ?? slug,
		dir,
		env: variant.env ?? {},
		documented: Object.keys(variant.scenarios ?? {}),
		scenarios: SCENARIOS,
		startApp,
		tokenFor,
	};
}
