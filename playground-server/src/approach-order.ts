/**
 * The order the server lists approaches in (health, error messages): from the one the NestJS
 * docs suggest to the complete answer, as the site does. Unlisted examples follow, alphabetically.
 */
export const APPROACH_ORDER = ['guard-only', 'handle-connection', 'middleware', 'io-adapter', 'recommended'];

export function byApproachOrder(a: string, b: string): number {
	const rank = (slug: string) => {
		const index = APPROACH_ORDER.indexOf(slug);
		return index === -1 ? APPROACH_ORDER.length : index;
	};
	return rank(a) - rank(b) || a.localeCompare(b);
}
