// The "Check your own gateway" page shows real output: for each example it checks
// (site/lib/check-runs.ts), start it as `npm start` in its folder would (its public demo
// settings), run the CLI with exactly the page's arguments, and compare what it printed with the
// page's output file.
// UPDATE_CHECK_OUTPUT=1 writes the files instead, from these runs.
import { expect, test } from '@playwright/test';
import { readFileSync, writeFileSync } from 'node:fs';
import { startApp } from '../../examples/recommended/demo/app-process.mjs';
import { CHECK_ARGS, CHECKED_EXAMPLES, EXAMPLE_URL, withoutTimings } from '../../site/lib/check-runs.ts';
import { exampleDir } from '../examples/example-dir.ts';
import { ROOT } from '../site/site.ts';
import { runCli } from './run-cli.ts';

test.describe.configure({ mode: 'parallel' });

for (const example of CHECKED_EXAMPLES) {
	test(`the page's output for ${example} is what the CLI prints`, async () => {
		// The example's own demo settings: none of ours, as after `npm start` in its folder.
		const env = { JWT_SECRET: '', JWT_ISSUER: '', JWT_AUDIENCE: '', ALLOWED_ORIGINS: '' };
		const app = await startApp({ dir: exampleDir(example), env });
		try {
			const { code, stdout, stderr } = await runCli(CHECK_ARGS.map((arg) => (arg === EXAMPLE_URL ? app.url : arg)));
			expect(stderr).toBe('');
			expect(code, 'exit code: 1 when something FAILs').toBe(stdout.includes('\nFAIL ') ? 1 : 0);
			const printed = stdout.replaceAll(app.url, EXAMPLE_URL);
			const file = `${ROOT}site/check-output/${example}.txt`;
			if (process.env.UPDATE_CHECK_OUTPUT === '1') writeFileSync(file, printed);
			expect(withoutTimings(printed)).toBe(withoutTimings(readFileSync(file, 'utf8')));
		} finally {
			await app.stop();
		}
	});
}
