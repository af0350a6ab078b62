// What the audit knows before it talks to any server: the scenarios, how long a client waits in
// each, and where the site explains the fix. The scenario ids, questions and timings are the
// guide's own (examples/recommended/demo/scenario-facts.mjs), copied rather than imported so
// that the package stands alone; keep the two in step.

/**
 * Where `npm start` in the guide's repository serves its site. Not a default for the links: the
 * site is there only while someone runs it, so the report suggests it, with --docs-url, and
 * otherwise gives the pages' paths.
 */
export const LOCAL_DOCS_URL = 'http://127.0.0.1:4321';

/**
 * The guide's waits, in milliseconds, before `--timeout-scale` multiplies them.
 * - ack: for an acknowledgement before recording `timeout`;
 * - connect: to be connected or refused before recording `timeout`;
 * - settle: listening after a client's last action;
 * - retryWatch: watching a refused client with default options (the first retry comes after 0.5 to 1.5 s);
 * - expiryGrace: after the token's `exp` before the `expiry` client asks again;
 * - join: for a server's `connection` handler to put a socket in its room before Alice writes;
 * - tokenLifetime: of the `expiry` token (its `exp` is 1 to 2 s after it is made: whole seconds).
 */
export const WAITS_MS = Object.freeze({
	ack: 1000,
	connect: 5000,
	settle: 300,
	retryWatch: 2500,
	expiryGrace: 500,
	join: 100,
	tokenLifetime: 2000,
});

/**
 * Every wait of the guide's, multiplied by --timeout-scale.
 * @param {number} scale
 * @returns {Record<keyof typeof WAITS_MS, number>}
 */
export function scaledWaits(scale) {
	return /** @type {Record<keyof typeof WAITS_MS, number>} */ (Object.fromEntries(Object.entries(WAITS_MS).map(([name, ms]) => [name, ms * scale])));
}

/**
 * The texts the clients send, the guide's: what the `leak` attacker may receive, what Alice says
 * before `recovery`'s drop, and what the replay scenarios' sender writes to Alice's room before
 * her connection drops (she receives it, and with it an offset) and while she is away (the
 * packet her session missed).
 */
export const TEXTS = Object.freeze({
	alice: 'hello from Alice',
	visitor: 'hello from the second client',
	beforeDrop: 'hello before the drop',
	whileAway: 'sent while Alice was away',
});

/** Where the site explains connection state recovery's hole, and its fix: every replay scenario links here. */
const RECOVERY_SECTION = '/approaches/recommended/#connection-state-recovery-and-authentication';

/** Why `recovery` and the replays do not apply to a plain WebSocket server. */
const NO_RECOVERY = 'which has no connection state recovery';

/**
 * @typedef {object} Scenario
 * @property {string} id the site's scenario id
 * @property {string} question what the scenario asks, in the site's words
 * @property {string} why one sentence: what a failure means for whoever runs the server
 * @property {string} page the site page that explains the fix, as a path on the guide's site (a
 *   `#section` of it may follow); `learnMoreOf` makes it a full link
 * @property {import('./tokens.mjs').TokenKind} [replayToken] for the scenarios that replay a
 *   dropped session of Alice's (`replay.mjs`): the token the replaying client sends with her pid and offset
 * @property {string} [socketIoOnly] for the scenarios that ask about what only socket.io has: why
 *   a plain WebSocket server (--protocol ws) skips them, the end of notOnPlainWebSocket()'s sentence
 */

/** Why a scenario about what only socket.io has is SKIP with --protocol ws, as its line says it. */
export const notOnPlainWebSocket = (/** @type {string} */ socketIoOnly) => `not on a plain WebSocket server, ${socketIoOnly}`;

/** @type {readonly Scenario[]} In the order they run: the site's order, then `origin`. */
export const SCENARIOS = Object.freeze([
	{
		id: 'valid',
		question: 'Does Alice, with a valid token, connect and get her identity back?',
		why: 'If a valid user cannot connect and be identified, the app does not work, and the other results say little.',
		page: '/approaches/recommended/',
	},
	{
		id: 'no-token',
		question: 'What does a client without a token see?',
		why: 'A connection without a token should be refused at the handshake, not accepted and then refused event by event.',
		page: '/approaches/recommended/',
	},
	{
		id: 'malformed',
		question: 'What does a client whose token is not a JWT see?',
		why: 'Garbage in the token must be refused before the connection exists.',
		page: '/approaches/recommended/',
	},
	{
		id: 'bad-signature',
		question: 'What does a client whose token is signed with another key see?',
		why: 'A token anyone can sign is no authentication: the signature must be verified at the handshake.',
		page: '/approaches/recommended/',
	},
	{
		id: 'expired',
		question: 'What does a client whose token expired a minute ago see?',
		why: 'An expired token must not open a connection: a leaked or revoked token would work forever.',
		page: '/guides/token-expiry/',
	},
	{
		id: 'alg-none',
		question: 'What does a client with an unsigned token (alg: none) see?',
		why: 'A verifier that accepts alg "none" lets anyone be anyone.',
		page: '/approaches/recommended/',
	},
	{
		id: 'unknown-user',
		question: 'What does a client with a well-signed token for a user who does not exist see?',
		why: 'A deleted or unknown user must not get in just because the token is still signed.',
		page: '/approaches/recommended/',
	},
	{
		id: 'non-string',
		question: 'What does a client that sends an object as its token see?',
		why: 'The handshake is client-controlled JSON: a token that is not a string must be refused, not crash or confuse the check.',
		page: '/approaches/recommended/',
		socketIoOnly: 'whose upgrade request carries the token in a header or the URL, always a string',
	},
	{
		id: 'oversized',
		question: 'What does a client with a validly signed 8 KB token see?',
		why: 'Checking the size before verifying keeps huge tokens from costing the server CPU and memory.',
		page: '/approaches/recommended/',
	},
	{
		id: 'leak',
		question: 'Does a client without a token receive the message Alice sends to the room?',
		why: 'A room joined on connection includes unauthenticated sockets unless they were refused at the handshake, and broadcasts reach them.',
		page: '/approaches/recommended/',
	},
	{
		id: 'expiry',
		question: 'Alice\'s token expires 1 to 2 s after she connects: what happens when she asks again after that?',
		why: 'A connection outlives the token that opened it unless the server disconnects it at `exp`.',
		page: '/guides/token-expiry/',
	},
	{
		id: 'namespace',
		question: 'Can a client without a token use another namespace?',
		why: 'Authentication attached to one namespace does not cover the others: each namespace must refuse on its own.',
		page: '/guides/namespaces/',
		socketIoOnly: 'which has no namespaces',
	},
	{
		id: 'retry',
		question: 'Does a refused client keep reconnecting by itself (default client options)?',
		why: 'A client without a token should be refused once and stay out: neither let in, nor reconnecting by itself again and again.',
		page: '/guides/client-rejection/',
		socketIoOnly: 'whose clients do not reconnect by themselves',
	},
	{
		id: 'recovery',
		question: 'Alice\'s connection drops and socket.io reconnects her with a token that has expired meanwhile: is the reconnection checked again?',
		why: 'connectionStateRecovery skips the middlewares by default: a restored session comes back without the token check they do.',
		page: '/approaches/recommended/',
		socketIoOnly: NO_RECOVERY,
	},
	{
		id: 'replay-expired',
		question: 'Alice\'s connection drops and a message is sent to her room. A client sends her session\'s pid and offset with her expired token: does anything she missed reach it on the wire?',
		why: 'socket.io writes a restored session\'s missed packets while it creates the socket, before any middleware: whoever holds the pid reads the session\'s traffic unless the server holds them back until the token is checked.',
		page: RECOVERY_SECTION,
		replayToken: 'expired',
		socketIoOnly: NO_RECOVERY,
	},
	{
		id: 'replay-no-token',
		question: 'The same replay of Alice\'s dropped session, without any token: does anything she missed reach the client on the wire?',
		why: 'A session id is not a credential: a client without a token must not receive a restored session\'s missed packets, even briefly before the refusal.',
		page: RECOVERY_SECTION,
		replayToken: 'no-token',
		socketIoOnly: NO_RECOVERY,
	},
	{
		id: 'replay-forged',
		question: 'The same replay of Alice\'s dropped session, with a token signed with another key: does anything she missed reach the client on the wire?',
		why: 'A forged token is refused by the middleware, but the missed packets go out before the middleware runs unless the server holds them back.',
		page: RECOVERY_SECTION,
		replayToken: 'bad-signature',
		socketIoOnly: NO_RECOVERY,
	},
	{
		id: 'replay-other-user',
		question: 'The same replay of Alice\'s dropped session, with another user\'s valid token (--other-sub): does that user take over her session and what she missed?',
		why: 'A valid token proves who the client is, not that the session is theirs: a restored session must belong to the token\'s user, or another user gets its rooms and messages.',
		page: RECOVERY_SECTION,
		replayToken: 'other-user',
		socketIoOnly: NO_RECOVERY,
	},
	{
		id: 'recovery-fresh',
		question: 'Alice herself comes back to her dropped session with a fresh valid token: does she get back in, with the message she missed?',
		why: 'Closing the replay hole must not break recovery itself: the session\'s own user, with a valid token, should get what she missed.',
		page: RECOVERY_SECTION,
		replayToken: 'valid',
		socketIoOnly: NO_RECOVERY,
	},
	{
		id: 'origin',
		question: 'Can a page of a foreign origin open a socket with a valid token (cross-site WebSocket hijacking)?',
		why: 'CORS does not apply to WebSockets: without an Origin allow-list any web page can open a socket, with the visitor\'s cookies wherever SameSite lets them go.',
		page: '/guides/cookie-sessions/',
	},
]);

export const SCENARIO_IDS = SCENARIOS.map((scenario) => scenario.id);

/**
 * The full link to a scenario's page. Appended rather than resolved with `new URL(page, docsUrl)`,
 * which would drop a site served under a base path (https://host/guide).
 * @param {Scenario} scenario
 * @param {string} docsUrl the guide's site, without a trailing slash (as `readArgs` gives it)
 */
export function learnMoreOf(scenario, docsUrl) {
	return `${docsUrl}${scenario.page}`;
}
