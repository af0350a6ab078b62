import { fileURLToPath } from 'node:url';

export const EXAMPLE_SLUGS = ['guard-only', 'handle-connection', 'middleware', 'io-adapter', 'recommended'] as const;

export function exampleDir(slug: string): string {
	return fileURLToPath(new URL(`../../examples/${slug}`, import.meta.url));
}
