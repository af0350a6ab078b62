import { fileURLToPath } from 'node:url';
import { APPROACH_SLUGS } from '../../examples/approaches.mjs';

/** Every example, in reading order (examples/approaches.mjs). */
export const EXAMPLE_SLUGS: readonly string[] = APPROACH_SLUGS;

export function exampleDir(slug: string): string {
	return fileURLToPath(new URL(`../../examples/${slug}`, import.meta.url));
}
