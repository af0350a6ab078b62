// What the copyable pages install: the NestJS 12 tab asks for the versions the page's example
// runs (the examples are NestJS 12 apps), so a reader gets the code's tested dependencies.
// Run with `npm run test:unit`.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { COPYABLE_PAGE_IDS, COPYABLE_PAGES, installCommand } from './readers-app.ts';
import { installedVersion } from './versions.ts';

const EXAMPLES = fileURLToPath(new URL('../../examples', import.meta.url));

for (const id of COPYABLE_PAGE_IDS) {
	const { example, packages } = COPYABLE_PAGES[id];
	test(`${id}: the NestJS 12 install command takes the versions examples/${example} runs`, () => {
		for (const { name, range } of packages) {
			const version = installedVersion(name, join(EXAMPLES, example));
			assert.ok(version.startsWith(`${range['12']}.`), `${name}@${range['12']} does not match the example's ${version}`);
		}
	});
}

test('an install command names every package with its range', () => {
	assert.equal(installCommand('recommended', '11'), 'npm install jose@6');
	assert.equal(installCommand('several-nodes', '12'), 'npm install @socket.io/redis-streams-adapter@0.3 redis@5.10');
});
