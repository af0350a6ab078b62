// The files examples carry unchanged: only where authentication lives may differ. Edit one
// example's copy, then `npm run sync:shared -- <that example>` copies it to the others;
// tests/examples/shared-files.spec.ts fails while any copy differs. The benchmark's baseline
// (bench/build-baseline.mjs) is built from the `src/` ones. No example reads this list: a copied
// example folder still stands alone.
import { APPROACH_SLUGS, WS_APPROACH_SLUGS } from './approaches.mjs';

/** Files that do not depend on the transport: every example carries them, socket.io or plain WebSocket. */
export const SHARED_FILES = [
	'tsconfig.json',
	'src/config/app-config.ts',
	'src/config/config.module.ts',
	'src/config/demo-env.ts',
	'src/ws-auth/demo-user-lookup.ts',
	'src/ws-auth/ws-auth.config.ts',
	'src/ws-auth/user-lookup.ts',
	'src/ws-auth/ws-auth.service.ts',
	'src/ws-auth/ws-auth.module.ts',
	'src/chat/chat-message.ts',
	'demo/app-process.mjs',
	'demo/behavior.mjs',
	'demo/demo.mjs',
	'demo/outcomes.mjs',
	'demo/scenario-facts.mjs',
	'demo/tokens.mjs',
];

/** The socket.io examples' own: their server options, rooms, stats, and a socket.io client's engine. */
export const SOCKET_IO_SHARED_FILES = [
	'src/config/server-options.ts',
	'src/chat/chat-room.ts',
	'src/stats/socket-counter.gateway.ts',
	'src/stats/stats.controller.ts',
	'src/stats/stats.module.ts',
	'demo/scenario-engine.mjs',
	'demo/scenarios.mjs',
	'demo/wire.mjs',
];

/** The plain WebSocket (@nestjs/platform-ws) examples' own: rooms, the token's place, a `ws` client's engine. */
export const WS_SHARED_FILES = [
	'src/chat/chat-rooms.ts',
	'src/ws-auth/upgrade-token.ts',
	'demo/ws-scenario-engine.mjs',
	'demo/scenarios.mjs',
];

/**
 * Which examples share which files: the sync copies a group's files among its examples, and the
 * shared-files test compares them.
 * @type {ReadonlyArray<{ slugs: readonly string[], files: readonly string[] }>}
 */
export const SHARED_FILE_GROUPS = [
	{ slugs: [...APPROACH_SLUGS, ...WS_APPROACH_SLUGS], files: SHARED_FILES },
	{ slugs: APPROACH_SLUGS, files: SOCKET_IO_SHARED_FILES },
	{ slugs: WS_APPROACH_SLUGS, files: WS_SHARED_FILES },
];

/**
 * Files an example takes unchanged from the recommended one (several-nodes takes all its other
 * files from it, which its own test checks). The shared-files test fails while a copy differs.
 */
export const FROM_RECOMMENDED = /** @type {const} */ ({
	middleware: ['src/ws-auth/handshake-token.ts'],
	'ws-recommended': ['src/ws-auth/allowed-origins.ts'],
});

/**
 * Shared files that ws-auth-check carries too, at these paths: it stands alone as well, and plays
 * the scenarios and reads the wire with the examples' engines (the socket.io examples' one, and
 * the plain WebSocket examples' one for its --protocol ws). The sync copies them there; the same
 * test fails while a copy differs.
 */
export const WS_AUTH_CHECK_COPIES = /** @type {const} */ ({
	'demo/wire.mjs': 'ws-auth-check/src/wire.mjs',
	'demo/scenario-engine.mjs': 'ws-auth-check/src/scenario-engine.mjs',
	'demo/ws-scenario-engine.mjs': 'ws-auth-check/src/ws-scenario-engine.mjs',
});
