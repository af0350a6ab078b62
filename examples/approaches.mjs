// The approaches, in the order a reader meets them: the trap first, the answer last. Everything
// that lists them reads this file: the sidebar (astro.config.mjs), the site (site/lib/approaches.ts),
// the playground server, the benchmark (bench/lib/targets.mjs) and the tests.
//
// Only the order is written here. Each name comes from where it already lives, once:
// - an approach's name ("Recommended", used in tables, charts, tabs, the playground and the
//   benchmark's rows) and its variant ids are its example's behavior.json (`title`, `variants[].id`),
//   read below rather than copied;
// - its page's title ("Recommended setup", also its sidebar entry) is the page's frontmatter, which
//   the sidebar reads by slug.
// Plain ESM with JSON imports, so Astro's config, Vite, Node (the playground server's type
// stripping, the benchmark) and Playwright all import it as is. No example imports it: a copied
// example folder still runs alone.
import guardOnly from './guard-only/behavior.json' with { type: 'json' };
import handleConnection from './handle-connection/behavior.json' with { type: 'json' };
import middleware from './middleware/behavior.json' with { type: 'json' };
import ioAdapter from './io-adapter/behavior.json' with { type: 'json' };
import recommended from './recommended/behavior.json' with { type: 'json' };
import wsGuardOnly from './ws-guard-only/behavior.json' with { type: 'json' };
import wsRecommended from './ws-recommended/behavior.json' with { type: 'json' };

/**
 * @typedef {object} ApproachVariant
 * @property {string} id behavior.json's id: "default" (the example as shipped) first
 * @property {string} label what it changes, in a few words
 * @property {Record<string, string>} env the environment that selects it
 */

/**
 * @typedef {object} Approach
 * @property {string} slug its folder under examples/ and its page, /approaches/<slug>/
 * @property {string} title its name wherever approaches stand side by side (behavior.json's title)
 * @property {ApproachVariant[]} variants as behavior.json lists them
 */

/**
 * @param {string} slug
 * @param {{ title: string, variants: Array<{ id: string, label: string, env?: Record<string, string> }> }} behavior
 * @returns {Approach}
 */
const approach = (slug, { title, variants }) => ({
	slug,
	title,
	variants: variants.map(({ id, label, env }) => ({ id, label, env: env ?? {} })),
});

/** @type {readonly Approach[]} */
export const APPROACHES = Object.freeze([
	approach('guard-only', guardOnly),
	approach('handle-connection', handleConnection),
	approach('middleware', middleware),
	approach('io-adapter', ioAdapter),
	approach('recommended', recommended),
]);

export const APPROACH_SLUGS = APPROACHES.map(({ slug }) => slug);

/**
 * The same two ends, the trap and the answer, on `@nestjs/platform-ws` (plain WebSocket, the `ws`
 * package): a family of their own, since socket.io's namespaces, middleware and `connect_error`
 * do not exist there, and their clients see other things (an HTTP status, close codes).
 * @type {readonly Approach[]}
 */
export const WS_APPROACHES = Object.freeze([approach('ws-guard-only', wsGuardOnly), approach('ws-recommended', wsRecommended)]);

export const WS_APPROACH_SLUGS = WS_APPROACHES.map(({ slug }) => slug);

/**
 * Sorts slugs (or anything named by one) in reading order, socket.io first, then plain WebSocket;
 * unknown ones follow, alphabetically.
 * @param {string} a
 * @param {string} b
 */
export function byApproachOrder(a, b) {
	const order = [...APPROACH_SLUGS, ...WS_APPROACH_SLUGS];
	const rank = (/** @type {string} */ slug) => {
		const index = order.indexOf(slug);
		return index === -1 ? order.length : index;
	};
	return rank(a) - rank(b) || a.localeCompare(b);
}
