// The files every example carries unchanged: only where authentication lives may differ. Edit
// one example's copy, then `npm run sync:shared -- <that example>` copies it to the others;
// tests/examples/shared-files.spec.ts fails while any copy differs. The benchmark's baseline
// (bench/build-baseline.mjs) is built from the `src/` ones. No example reads this list: a copied
// example folder still stands alone.
export const SHARED_FILES = [
	'tsconfig.json',
	'src/config/app-config.ts',
	'src/config/config.module.ts',
	'src/config/demo-env.ts',
	'src/config/server-options.ts',
	'src/ws-auth/demo-user-lookup.ts',
	'src/ws-auth/ws-auth.config.ts',
	'src/ws-auth/user-lookup.ts',
	'src/ws-auth/ws-auth.service.ts',
	'src/ws-auth/ws-auth.module.ts',
	'src/chat/chat-room.ts',
	'src/chat/chat-message.ts',
	'src/stats/socket-counter.gateway.ts',
	'src/stats/stats.controller.ts',
	'src/stats/stats.module.ts',
	'demo/app-process.mjs',
	'demo/behavior.mjs',
	'demo/demo.mjs',
	'demo/outcomes.mjs',
	'demo/scenario-facts.mjs',
	'demo/scenario-engine.mjs',
	'demo/scenarios.mjs',
	'demo/tokens.mjs',
	'demo/wire.mjs',
];

/**
 * Files an example takes unchanged from the recommended one (several-nodes takes all its other
 * files from it, which its own test checks). The shared-files test fails while a copy differs.
 */
export const FROM_RECOMMENDED = /** @type {const} */ ({
	middleware: ['src/ws-auth/handshake-token.ts'],
});

/**
 * Shared files that ws-auth-check carries too, at these paths: it stands alone as well, and plays
 * the scenarios and reads the wire with the examples' engine. The sync copies them there; the same test
 * fails while a copy differs.
 */
export const WS_AUTH_CHECK_COPIES = /** @type {const} */ ({
	'demo/wire.mjs': 'ws-auth-check/src/wire.mjs',
	'demo/scenario-engine.mjs': 'ws-auth-check/src/scenario-engine.mjs',
});
