/**
 * The runs of ws-auth-check that the "Check your own gateway" page shows, each against one of the
 * guide's examples as `npm start` in its folder runs it: port 3000 and the example's public demo
 * settings (src/config/demo-env.ts, labelled insecure there). tests/ws-auth-check/page-output.spec.ts
 * starts each example, runs exactly these arguments, and compares what the CLI printed with
 * site/check-output/<example>.txt, which the page shows. Plain TypeScript: the tests import it.
 */

/** Where `npm start` in an example listens. */
export const EXAMPLE_URL = 'http://127.0.0.1:3000';

/** The examples' public demo settings, which the CLI signs its tokens with. DEMO ONLY. */
const DEMO_SIGNING = ['--secret', 'demo-secret-do-not-use-in-production', '--issuer', 'nestjs-ws-auth-demo', '--audience', 'chat'];

const EVERY_CHECK = ['--namespace', '/', '--namespace', '/admin', '--origin', 'https://evil.example'];

export interface CheckRun {
	/** examples/<example>, started with `npm start` in its folder. */
	example: string;
	args: string[];
}

export const CHECK_RUNS: CheckRun[] = [
	{ example: 'recommended', args: ['--url', EXAMPLE_URL, ...DEMO_SIGNING, ...EVERY_CHECK] },
	{ example: 'guard-only', args: ['--url', EXAMPLE_URL, ...DEMO_SIGNING, ...EVERY_CHECK] },
];

export function checkRun(example: string): CheckRun {
	const run = CHECK_RUNS.find((candidate) => candidate.example === example);
	if (!run) throw new Error(`site/lib/check-runs.ts has no run for ${example}`);
	return run;
}

/** The command as a reader types it: one option per line. */
export function commandOf({ args }: CheckRun): string {
	const lines = ['npx ws-auth-check'];
	for (let i = 0; i < args.length; i += 2) lines.push(`  ${args[i]} ${args[i + 1]}`);
	return lines.join(' \\\n');
}

/**
 * What may differ between two runs of the same check: how long it took. The page's output is
 * compared with a new run after both pass through this.
 */
export function withoutTimings(output: string): string {
	return output.replace(/ in \d+(\.\d+)? s\./g, ' in … s.');
}
