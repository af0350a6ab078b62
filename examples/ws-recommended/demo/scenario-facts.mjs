// What the scenarios are and what a client does in them: the scenario list, the texts it sends,
// how long it waits and watches, the namespace it tries. The scenario runner (scenarios.mjs) and
// the playground (in the browser) both play the scenarios from these, so this file imports
// nothing. Same file in every example.

/** How long a client waits for an acknowledgement before recording `timeout`. */
export const ACK_TIMEOUT_MS = 1000;
/** How long a client waits to be connected or refused before recording `timeout`. */
export const CONNECT_TIMEOUT_MS = 5000;
/** How long a client keeps listening after its last action. */
export const SETTLE_MS = 300;
/** How long `retry` watches a refused client (socket.io's first retry comes after 0.5 to 1.5 s). */
export const RETRY_WATCH_MS = 2500;
/** How long after its token's `exp` the `expiry` client asks "whoami". */
export const EXPIRY_GRACE_MS = 500;

/** The page origin the `origin` scenario's client claims: a site the examples do not allow. */
export const FOREIGN_ORIGIN = 'https://evil.example';

/** The second gateway every socket.io example has: the `namespace` scenario connects there. */
export const ADMIN_NAMESPACE = '/admin';

/** The texts clients send: the documented `message:` outcomes contain them. */
export const TEXTS = /** @type {const} */ ({
	/** What Alice sends to the room (`leak`). */
	alice: 'hello from Alice',
	/** What the playground's second client sends when its reader presses "Send message". */
	visitor: 'hello from the second client',
	/** What the `race` client sends the moment it is connected. */
	race: 'sent before the check ended',
	/** What Bob writes to Alice's room before her connection drops: she receives it, and with it an offset. */
	beforeDrop: 'hello before the drop',
	/** What Bob writes to Alice's room while she is away: her session's missed packet (replay scenarios). */
	whileAway: 'sent while Alice was away',
});

/**
 * What the replay scenarios send as `pid` and `offset` in `replay: 'malformed'`: not a session's.
 * A pid is 20 characters; this one is long, and the offset is not one either adapter writes.
 */
export const MALFORMED_SESSION = /** @type {const} */ ({ pid: 'x'.repeat(4096), offset: '-1' });

/**
 * How the replay scenarios (`replay` below) use the session Alice left when her connection
 * dropped: socket.io gives a client its `pid` in the CONNECT packet and an offset as the last
 * argument of each event, and restores the session for whoever sends both back.
 * - `session`: her `pid` and `offset`, to the namespace she was on;
 * - `namespace`: the same, to ADMIN_NAMESPACE, where she never was;
 * - `malformed`: MALFORMED_SESSION instead of hers.
 * The scenario's `token` is the replaying client's.
 */

export const SCENARIOS = [
	{ id: 'valid', title: 'Valid token', token: 'valid', question: 'Does Alice, with a valid token, connect and get her identity back?' },
	{ id: 'no-token', title: 'No token', token: 'no-token', question: 'What does a client without a token see?' },
	{ id: 'malformed', title: 'Malformed', token: 'malformed', question: 'What does a client whose token is not a JWT see?' },
	{ id: 'bad-signature', title: 'Bad signature', token: 'bad-signature', question: 'What does a client whose token is signed with another secret see?' },
	{ id: 'expired', title: 'Expired', token: 'expired', question: 'What does a client whose token expired a minute ago see?' },
	{ id: 'alg-none', title: 'alg: none', token: 'alg-none', question: 'What does a client with an unsigned token (alg: none) see?' },
	{ id: 'unknown-user', title: 'Unknown user', token: 'unknown-user', question: 'What does a client with a well-signed token for a user who does not exist see?' },
	{ id: 'non-string', title: 'Non-string', token: 'non-string', question: 'What does a client that sends an object as its token see?' },
	{ id: 'oversized', title: 'Oversized', token: 'oversized', question: 'What does a client with a validly signed 8 KB token see?' },
	{ id: 'leak', title: 'Broadcast leak', token: 'no-token', question: 'Does a client without a token receive the message Alice sends to the room?' },
	{ id: 'race', title: 'Race', token: 'unknown-user', question: 'Can a client that will be refused send a message before the asynchronous check ends?' },
	{ id: 'expiry', title: 'Expiry', token: 'expiring', question: 'Alice\'s token expires 1 to 2 s after she connects: what happens when she asks "whoami" after that?' },
	{
		id: 'origin',
		title: 'Foreign origin',
		token: 'valid',
		origin: FOREIGN_ORIGIN,
		question: `A page on ${FOREIGN_ORIGIN} opens a socket with Alice's valid token, as a page riding her cookie would: is it refused?`,
	},
	{ id: 'namespace', title: 'Namespace', token: 'no-token', question: `Can a client without a token use the ${ADMIN_NAMESPACE} namespace?` },
	{ id: 'retry', title: 'Retry', token: 'no-token', question: 'Does a refused client keep reconnecting by itself (default client options)?' },
	{
		id: 'recovery',
		title: 'Recovery',
		token: 'valid',
		// The token the client reconnects with after its connection drops: Alice's, expired in the
		// meantime, as a token revoked or run out while the network was down.
		reconnectToken: 'expired',
		question:
			'Alice\'s connection drops and socket.io reconnects her, restoring her session (connectionStateRecovery is on); her token has expired meanwhile. Is the reconnection checked again?',
	},
	{
		id: 'replay-expired',
		title: 'Replay, expired',
		token: 'expired',
		replay: 'session',
		question: "Alice's connection drops and Bob writes to her room. A client sends her session's pid and offset with her expired token: does anything she missed reach it on the wire?",
	},
	{
		id: 'replay-no-token',
		title: 'Replay, no token',
		token: 'no-token',
		replay: 'session',
		question: "The same replay of Alice's dropped session, without any token: does anything she missed reach the client on the wire?",
	},
	{
		id: 'replay-forged',
		title: 'Replay, forged',
		token: 'bad-signature',
		replay: 'session',
		question: "The same replay of Alice's dropped session, with a token signed with another secret: does anything she missed reach the client on the wire?",
	},
	{
		id: 'replay-other-user',
		title: 'Replay, other user',
		token: 'admin',
		replay: 'session',
		question: "The same replay of Alice's dropped session, with Bob's valid token: does Bob take over her session and what she missed?",
	},
	{
		id: 'recovery-fresh',
		title: 'Recovery, fresh token',
		token: 'valid',
		replay: 'session',
		question: "Alice herself comes back to her dropped session with a fresh valid token: does she get her session back, and the message she missed?",
	},
	{
		id: 'replay-namespace',
		title: 'Replay, other namespace',
		token: 'no-token',
		replay: 'namespace',
		question: `Alice's dropped session of the main namespace, replayed on ${ADMIN_NAMESPACE} without a token: is it refused, with nothing on the wire?`,
	},
	{
		id: 'replay-malformed',
		title: 'Replay, malformed',
		token: 'no-token',
		replay: 'malformed',
		question: 'A client without a token sends a pid and an offset that belong to no session (4 KB of "x", and "-1"): is it refused cleanly?',
	},
];

// Marked pure so that a bundle which does not use the list (the playground's script) drops it.
export const SCENARIO_IDS = /* @__PURE__ */ SCENARIOS.map((scenario) => scenario.id);
