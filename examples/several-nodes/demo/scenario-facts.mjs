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

/** The second gateway every example has: the `namespace` scenario connects there. */
export const ADMIN_NAMESPACE = '/admin';

/** The texts clients send: the documented `message:` outcomes contain them. */
export const TEXTS = /** @type {const} */ ({
	/** What Alice sends to the room (`leak`). */
	alice: 'hello from Alice',
	/** What the playground's second client sends when its reader presses "Send message". */
	visitor: 'hello from the second client',
	/** What the `race` client sends the moment it is connected. */
	race: 'sent before the check ended',
});

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
];

// Marked pure so that a bundle which does not use the list (the playground's script) drops it.
export const SCENARIO_IDS = /* @__PURE__ */ SCENARIOS.map((scenario) => scenario.id);
