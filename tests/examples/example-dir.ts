import { fileURLToPath } from 'node:url';
import { APPROACH_SLUGS } from '../../examples/approaches.mjs';

/** Every socket.io example, in reading order (examples/approaches.mjs); the plain WebSocket ones are WS_APPROACH_SLUGS. */
export const EXAMPLE_SLUGS: readonly string[] = APPROACH_SLUGS;

export function exampleDir(slug: string): string {
	return fileURLToPath(new URL(`../../examples/${slug}`, import.meta.url));
}
