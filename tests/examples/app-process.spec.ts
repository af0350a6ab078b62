import { expect, test } from '@playwright/test';
import { startApp } from '../../examples/recommended/demo/app-process.mjs';
import { exampleDir } from './example-dir.ts';

// The playground's supervisor relies on these: a start it gives up on leaves no process behind.
// Instead of the app, the child runs a script that prints its pid and never listens.
const NEVER_LISTENS = ['--eval', 'console.log(`pid=${process.pid}`); setInterval(() => {}, 1000)'];

test('a start that times out kills the child and says why', async () => {
	const error = await startApp({ dir: exampleDir('recommended'), nodeArgs: NEVER_LISTENS, timeoutMs: 1000 }).catch((e: Error) => e);
	expect(String(error)).toMatch(/no "listening on" line after 1000 ms/);
	await expectGone(error);
});

test('a start that is aborted before the app listens kills the child and rejects', async () => {
	const controller = new AbortController();
	const starting = startApp({ dir: exampleDir('recommended'), nodeArgs: NEVER_LISTENS, signal: controller.signal });
	// Abort once the child is surely running.
	setTimeout(() => controller.abort(), 1000);
	const error = await starting.catch((e: Error) => e);
	expect(String(error)).toMatch(/start aborted/);
	await expectGone(error);
});

async function expectGone(error: unknown) {
	const pid = Number(/pid=(\d+)/.exec(String(error))?.[1]);
	expect(pid, 'the child printed its pid').toBeGreaterThan(0);
	await expect.poll(() => alive(pid)).toBe(false);
}

function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
