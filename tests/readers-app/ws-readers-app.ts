import WebSocket from 'ws';
import { outcome } from '../../examples/ws-recommended/demo/outcomes.mjs';
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

/** The subprotocol the page tells a client to offer in front of its token: `new WebSocket(url, ['bearer', token])`. */
const BEARER = 'bearer';

/** A page a reader's allow-list (the page's ALLOWED_ORIGINS) does not name. */
const FOREIGN_ORIGIN = 'https://evil.example';

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
	return [outcome.open(), `protocol:${BEARER}`, ...SAMPLE_ANSWERS];
}

/**
 * Runs the checks against the started app's gateway (on its own port when it has one) and
 * reports what a `ws` client saw (compare with expectedWsOutcomes()). Alice's valid token is the
 * reader's (`tokens.valid`: the page's mint command, to try it); the others are signed as that
 * command signs (tokens.mint(), sign()), the forged one with another secret.
 */
export async function checkWsReadersApp(app: Pick<RunningApp, 'url' | 'gatewayUrl' | 'env'>, tokens: ReadersTokens): Promise<WsReadersAppOutcomes> {
	const url = app.gatewayUrl ?? app.url.replace(/^http/, 'ws');
	const forged = sign({ ...app.env, JWT_SECRET: `${app.env.JWT_SECRET}-but-not-quite` }, FRESH_TOKEN_SECONDS);
	return {
		'no-token': await session(url, {}),
		expired: await session(url, { token: await tokens.mint('alice', -60) }),
		'bad-signature': await session(url, { token: forged }),
		valid: await session(url, { token: tokens.valid }, async (socket, log, seen) => {
			log(`protocol:${socket.protocol}`);
			socket.send(JSON.stringify({ event: SAMPLE_EVENT, data: {} }));
			await until(() => seen.filter((line) => line.startsWith('reply:')).length >= SAMPLE_ANSWERS.length, ALICE_STEP_TIMEOUT_MS);
		}),
		header: await session(url, { token: tokens.valid, carrier: 'header' }),
		origin: await session(url, { token: tokens.valid, origin: FOREIGN_ORIGIN }),
		expiry: await session(url, { token: await tokens.mint('alice', EXPIRY_TOKEN_SECONDS) }, async (socket) => {
			await until(() => socket.readyState === WebSocket.CLOSED, EXPIRY_DISCONNECT_TIMEOUT_MS);
		}),
	};
}

/**
 * What the client sends in its upgrade request: its token (none when undefined) as the
 * subprotocol after `bearer`, as a browser sends it, or in `Authorization: Bearer`; and the
 * Origin a web page would send (none otherwise, as for any client that is not a browser).
 */
interface Handshake {
	token?: string;
	carrier?: 'protocol' | 'header';
	origin?: string;
}

type SessionBody = (socket: WebSocket, log: (line: string) => void, seen: readonly string[]) => Promise<void>;

/**
 * Opens a socket on `url` with `handshake`, runs `body` once it is open (with what the socket has
 * seen so far, which grows), then ends it. Records `open`, the HTTP answer that refused the
 * upgrade (`http:<status> <body>`) or `error:<message>`; every frame (`reply:<data>` for the
 * sample's event, `frame:<text>` for any other); and a close the server makes (`close:<code> <reason>`).
 */
async function session(url: string, { token, carrier = 'protocol', origin }: Handshake, body?: SessionBody): Promise<string[]> {
	const outcomes: string[] = [];
	const log = (line: string) => outcomes.push(line);
	const protocols = token !== undefined && carrier === 'protocol' ? [BEARER, token] : [];
	const headers = token !== undefined && carrier === 'header' ? { authorization: `Bearer ${token}` } : {};
	const socket = new WebSocket(url, protocols, { headers, origin, handshakeTimeout: CONNECT_TIMEOUT_MS });
	let closing = false;
	socket.on('message', (data) => log(frameOutcome(String(data))));
	socket.on('close', (code, reason) => {
		if (!closing) log(outcome.close(code, String(reason)));
	});
	try {
		if (await settled(socket, log)) await body?.(socket, log, outcomes);
	} finally {
		closing = true;
		socket.removeAllListeners();
		// Ending a socket whose upgrade was refused makes ws report its own abort: not the server's doing.
		socket.on('error', () => {});
		socket.terminate();
	}
	return outcomes;
}

/**
 * Resolves once the upgrade is answered: true when the socket is open; false when the server
 * refused it (its answer read to the end: with an `unexpected-response` listener, ws leaves the
 * answer to it) or the connection failed.
 */
function settled(socket: WebSocket, log: (line: string) => void): Promise<boolean> {
	return new Promise<boolean>((resolve) => {
		socket.once('open', () => {
			log(outcome.open());
			resolve(true);
		});
		socket.once('unexpected-response', (_request, response) => {
			let text = '';
			response.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
			response.once('end', () => log(outcome.http(response.statusCode, text)));
			response.once('close', () => resolve(false));
		});
		socket.on('error', (error) => {
			log(outcome.error(error.message));
			resolve(false);
		});
	});
}

/** A frame in the examples' vocabulary: an answer to the sample's event, or anything else as it came. */
function frameOutcome(text: string): string {
	let frame: { event?: unknown; data?: unknown } | undefined;
	try {
		frame = JSON.parse(text);
	} catch {
		// Not JSON: written as it came.
	}
	return frame?.event === SAMPLE_EVENT ? outcome.reply(frame.data) : outcome.frame(text);
}
