/**
 * The runs of ws-auth-check that the "Check your own gateway" page shows: one command, against
 * each of these examples as `npm start` in its folder runs it (port 3000 and the example's public
 * demo settings, src/config/demo-env.ts, labelled insecure there).
 * tests/ws-auth-check/page-output.spec.ts starts each example, runs exactly this command, and
 * compares what the CLI printed with site/check-output/<example>.txt, which the page shows. Plain
 * TypeScript: the tests import it.
 */

/** Where `npm start` in an example listens. */
export const EXAMPLE_URL = 'http://127.0.0.1:3000';

export const CHECKED_EXAMPLES = ['recommended', 'guard-only'] as const;

/** Every check, signed with the examples' public demo settings. DEMO ONLY. */
export const CHECK_ARGS = [
	'--url', EXAMPLE_URL,
	'--secret', 'demo-secret-do-not-use-in-production',
	'--issuer', 'nestjs-ws-auth-demo',
	'--audience', 'chat',
	'--other-sub', 'bob',
	'--namespace', '/',
	'--namespace', '/admin',
	'--origin', 'https://evil.example',
];

/** The command as a reader types it: one option per line. */
export function checkCommand(): string {
	const lines = ['npx ws-auth-check'];
	for (let i = 0; i < CHECK_ARGS.length; i += 2) lines.push(`  ${CHECK_ARGS[i]} ${CHECK_ARGS[i + 1]}`);
	return lines.join(' \\\n');
}

/**
 * What may differ between two runs of the same check: how long it took. The page's output is
 * compared with a new run after both pass through this.
 */
export function withoutTimings(output: string): string {
	return output.replace(/ in \d+(\.\d+)? s\./g, ' in … s.');
}
