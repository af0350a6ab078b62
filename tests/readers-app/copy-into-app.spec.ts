import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { COPYABLE_APPROACHES, NESTJS_MAJORS } from '../../site/lib/readers-app.ts';
import { ROOT } from './install-cache.ts';
import { readCopyInstructions } from './page-instructions.ts';
import { checkReadersApp, expectedOutcomes, runReadersApp, startExpectingExit } from './readers-app.ts';
import { SITE } from '../site/site.ts';

// Every copyable approach page also works when pasted into a reader's own app (DESIGN.md): the
// page's install command, new files, changes, environment and token command, copied from the
// built page into the reader's-app fixture (tests/fixtures/readers-app, a `nest new` app with the
// socket.io gateway sample) on NestJS 11 and 12, then compiled, started and connected to.

test.describe.configure({ mode: 'parallel' });

for (const slug of COPYABLE_APPROACHES) {
	// The example disconnects a socket when its token expires: the reader's app must too.
	const behavior = JSON.parse(readFileSync(join(ROOT, 'examples', slug, 'behavior.json'), 'utf8'));
	const expiryOutcomes: string[] = behavior.variants[0].scenarios.expiry?.outcomes ?? [];
	const expiry = expiryOutcomes.some((outcome) => outcome.startsWith('disconnect:'));

	for (const major of NESTJS_MAJORS) {
		test(`${slug}: the page's code works pasted into a NestJS ${major} app`, async ({ page, baseURL }) => {
			// A first run installs each major's dependencies (node_modules/.cache/readers-app).
			test.setTimeout(600_000);
			const response = await page.goto(new URL(`/approaches/${slug}/`, baseURL ?? SITE).href);
			expect(response?.status(), `/approaches/${slug}/ is served`).toBe(200);
			const instructions = await readCopyInstructions(page, slug);

			const dir = join(ROOT, 'test-results', 'readers-app', `${slug}-nest${major}`);
			const app = await runReadersApp(instructions, major, dir);
			try {
				const outcomes = await checkReadersApp(app, { expiry });
				expect(outcomes, `what a socket.io client saw (app in ${dir})`).toEqual(expectedOutcomes({ expiry }));
			} finally {
				await app.stop();
			}
			// The page says the app refuses to start while a setting is unset, naming it.
			expect(Object.keys(app.env), 'the settings the page exports').toContain('JWT_SECRET');
			for (const name of Object.keys(app.env)) {
				const { [name]: _unset, ...rest } = app.env;
				const { code, output } = await startExpectingExit(app.dir, rest);
				expect(code, `started without ${name}`).not.toBe(0);
				expect(output, `started without ${name}`).toContain(`${name} is not set`);
			}
		});
	}
}
