import { expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { exampleDir } from './example-dir.ts';

/**
 * One test per behaviour variant of an example: starts the real app, runs every scenario of
 * behavior.json with a real socket.io client, and compares what the client saw with what the
 * docs promise. The example's own demo/behavior.mjs does the work, so `npm run demo` and this
 * test cannot drift apart.
 */
export function behaviorMatrix(slug: string) {
	const dir = exampleDir(slug);
	const behavior = JSON.parse(readFileSync(`${dir}/behavior.json`, 'utf8'));
	for (const variant of behavior.variants) {
		test(`${slug} (${variant.label}) behaves as behavior.json documents`, async () => {
			const { observeVariant } = await import(`${dir}/demo/behavior.mjs`);
			for await (const { id, documented, observed } of observeVariant(variant, { dir })) {
				expect
					.soft(observed, `${slug} / ${variant.id} / ${id}\n  documented: ${documented.join(' → ')}\n  observed:   ${observed.join(' → ')}`)
					.toEqual(documented);
			}
		});
	}
}
