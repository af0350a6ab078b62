import { expect, test } from '@playwright/test';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { exampleDir } from './example-dir.ts';

const run = promisify(execFile);

// Readers copy one folder out of this repository (or open it in StackBlitz). Prove that such a
// copy installs from the registry, builds and runs its own demo, with no help from the workspace.
test('an example copied out of the workspace installs, builds and passes its own demo', async () => {
	test.setTimeout(300_000);
	const parent = await mkdtemp(join(tmpdir(), 'ws-auth-standalone-'));
	const copy = join(parent, 'recommended');
	try {
		await cp(exampleDir('recommended'), copy, {
			recursive: true,
			filter: (source) => !['node_modules', 'dist'].includes(basename(source)),
		});
		await run('npm', ['install', '--no-audit', '--no-fund'], { cwd: copy });
		const { stdout } = await run('npm', ['run', 'demo'], { cwd: copy, maxBuffer: 10 * 1024 * 1024 });
		expect(stdout).toContain('Every scenario behaved as behavior.json documents.');
	} finally {
		await rm(parent, { recursive: true, force: true });
	}
});
