import WebSocket from 'ws';
import { outcome } from '../../examples/ws-recommended/demo/outcomes.mjs';
import { FOREIGN_ORIGIN } from '../../examples/ws-recommended/demo/scenario-facts.mjs';
import { WsScenarioEngine, type Handshake, type Opened } from '../../examples/ws-recommended/demo/ws-scenario-engine.mjs';
// The subprotocol the page tells a client to offer in front of its token, which the engine offers.
import { BEARER_PROTOCOL } from '../../examples/ws-recommended/src/ws-auth/upgrade-token.ts';
import {
	ALICE_STEP_TIMEOUT_MS,
	CONNECT_TIMEOUT_MS,
	EXPIRY_DISCONNECT_TIMEOUT_MS,
	EXPIRY_TOKEN_SECONDS,
	FRESH_TOKEN_SECONDS,
	sign,
	until,
	type Behavior,
	type ReadersTokens,
	type RunningApp,
} from './readers-app.ts';

// The check of a page for @nestjs/platform-ws pasted into a reader's app with the `ws` gateway
// sample (tests/fixtures/readers-app/nest<major>-ws), with the `ws` package's client: what
// checkReadersApp() in readers-app.ts is for a socket.io page. Outcomes are written in the
// examples' vocabulary (outcomes.mjs), so that they compare with the example's behaviour file.

/** What the check does, each with a socket of its own; named as the example's behaviour file names the same scenario. */
export const WS_CHECKS = ['no-token', 'expired', 'bad-signature', 'valid', 'header', 'origin', 'expiry'] as const;
export type WsCheck = (typeof WS_CHECKS)[number];
export type WsReadersAppOutcomes = Record<WsCheck, string[]>;

/** The sample gateway's one event, which it answers with three frames: 1, 2 and 3. */
const SAMPLE_EVENT = 'events';
const SAMPLE_ANSWERS = [1, 2, 3].map((item) => outcome.reply(item));

/**
 * What the reader's app must show, from the page's example's behaviour file (its first variant,
 * as shipped): its refusals and its close at expiry as they are; for Alice's valid token, the
 * socket it opens (validInWsReadersApp()); and the same socket with her token in a header, which
 * the example's file has no scenario for.
 */
export function expectedWsOutcomes(behavior: Behavior): WsReadersAppOutcomes {
	const { scenarios } = behavior.variants[0];
	const recorded = (scenario: string): string[] => {
		const outcomes = scenarios[scenario]?.outcomes;
		if (!outcomes) throw new Error(`the example's behavior.json records no ${scenario} scenario`);
		return outcomes;
	};
	return {
		// Line for line: the page's adapter refuses, and closes, as the example's does.
		'no-token': recorded('no-token'),
		expired: recorded('expired'),
		'bad-signature': recorded('bad-signature'),
		origin: recorded('origin'),
		expiry: recorded('expiry'),
		valid: validInWsReadersApp(recorded('valid')),
		header: [outcome.open()],
	};
}

/**
 * The example's `valid` in the reader's app: where the example opens Alice's socket and keeps it
 * open, the reader's app opens it too, answering `bearer`, and its gateway answers `events`. The
 * example's other lines have no counterpart here: the sample gateway has no `whoami` to ask.
 */
export function validInWsReadersApp(exampleOutcomes: string[]): string[] {
	if (exampleOutcomes[0] !== outcome.open() || exampleOutcomes.some((line) => line.startsWith('close:'))) {
		throw new Error(`valid: the example does not keep Alice's socket open (${exampleOutcomes.join(' → ')})`);
	}
	return [outcome.open(), `protocol:${BEARER_PROTOCOL}`, ...SAMPLE_ANSWERS];
}

/**
 * Runs the checks against the started app's gateway (on its own port when it has one) and
 * reports what a `ws` client saw (compare with expectedWsOutcomes()). The client is the examples'
 * own (demo/ws-scenario-engine.mjs, which writes their behaviour files), asking the sample's
 * `events`. Alice's valid token is the reader's (`tokens.valid`: the page's mint command, to try
 * it); the others are signed as that command signs (tokens.mint(), sign()), the forged one with
 * another secret.
 */
export async function checkWsReadersApp(app: Pick<RunningApp, 'url' | 'gatewayUrl' | 'env'>, tokens: ReadersTokens): Promise<WsReadersAppOutcomes> {
	const engine = new WsScenarioEngine({
		url: app.gatewayUrl ?? app.url.replace(/^http/, 'ws'),
		// The sample answers its one event with frames of that event: each is a `reply`.
		events: { ask: SAMPLE_EVENT, send: SAMPLE_EVENT },
		waits: { ack: ALICE_STEP_TIMEOUT_MS, connect: CONNECT_TIMEOUT_MS, settle: 0, expiryGrace: 0 },
	});
	/** Opens a socket with `handshake` (in a room of the check's own), runs `body` once it is open, then ends it. */
	const session = async (handshake: Omit<Handshake, 'room'>, body?: (opened: Opened) => Promise<void>) => {
		const opened = engine.open({ ...handshake, room: 'readers-app' });
		await opened.settled;
		if (opened.socket.readyState === WebSocket.OPEN) await body?.(opened);
		return engine.finish(opened);
	};
	const forged = sign({ ...app.env, JWT_SECRET: `${app.env.JWT_SECRET}-but-not-quite` }, FRESH_TOKEN_SECONDS);
	try {
		return {
			'no-token': await session({}),
			expired: await session({ token: await tokens.mint('alice', -60) }),
			'bad-signature': await session({ token: forged }),
			valid: await session({ token: tokens.valid }, async (opened) => {
				opened.record(`protocol:${opened.socket.protocol}`);
				await engine.ask(opened, SAMPLE_EVENT);
				await until(() => opened.outcomes.filter((line) => line.startsWith('reply:')).length >= SAMPLE_ANSWERS.length, ALICE_STEP_TIMEOUT_MS);
			}),
			header: await session({ token: tokens.valid, carrier: 'header' }),
			origin: await session({ token: tokens.valid, origin: FOREIGN_ORIGIN }),
			expiry: await session({ token: await tokens.mint('alice', EXPIRY_TOKEN_SECONDS) }, async ({ socket }) => {
				await until(() => socket.readyState === WebSocket.CLOSED, EXPIRY_DISCONNECT_TIMEOUT_MS);
			}),
		};
	} finally {
		engine.closeAll();
	}
}
