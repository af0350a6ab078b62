// What the several-nodes scenarios are: ids, titles, the question each answers, the texts they
// send. The runner (cluster-scenarios.mjs) and the site's tables read them; this file imports
// nothing, so the site can too.

/** What the clients send in these scenarios: the documented `message:` outcomes contain them. */
export const TEXTS = /** @type {const} */ ({
	fromA: 'hello from node A',
	duringOutage: 'sent while Redis was down',
	afterOutage: 'sent after Redis came back',
	/** Bob to the room before he revokes Alice: she receives it, and with it an offset she can resume from. */
	beforeRevoke: 'sent before the revoke',
	/** Bob to the room after he revoked Alice: what her session would have missed. */
	afterRevoke: 'sent after the revoke',
});

export const CLUSTER_SCENARIOS = [
	{ id: 'cross-node', title: 'Across nodes', question: 'Bob, on node A, writes to the room. Does Alice, on node B, receive it? Does a refused client on node B?' },
	{ id: 'online', title: 'Online', question: 'Alice is on node A and Bob on node B: what does "online" answer on each node?' },
	{ id: 'revoke', title: 'Revoke', question: 'Alice is connected to node A and to node B. Bob, an admin on node B, revokes her. What does each of her sockets see, and can she come back?' },
	{
		id: 'revoke-replay',
		title: 'Replay after revoke',
		question:
			"Alice is connected to node A and to node B; Bob, on node B, revokes her, then writes to the room. Each of her sockets' session (its pid and last offset) is sent back to its node with her token, still valid: does she get a session back, or anything sent after the revoke?",
	},
	{ id: 'expiry', title: 'Expiry', question: "Alice's token expires while she is connected to node B: is she told why and disconnected?" },
	{ id: 'redis-outage', title: 'Redis outage', question: 'Redis stops for a few seconds while Alice (node A) and Bob (node B) are connected, then comes back. What do they see during and after?' },
	{
		id: 'revoke-outage',
		title: 'Revoke during a Redis outage',
		question: "Redis is down when Bob, on node B, revokes Alice, who is connected to node A and to node B. What does each see, and what does Bob's revoke answer? What happens when Redis is back?",
	},
	{
		id: 'revoke-frozen',
		title: 'Revoke while a node hangs',
		question:
			"Three nodes: Alice is connected to node A and to node C, Bob to node B. Node C hangs (SIGSTOP) and Bob revokes Alice. What does each see, and what does Bob's revoke answer? What does Alice on node C see once it resumes?",
	},
	{ id: 'polling', title: 'Polling across nodes', question: 'Without sticky sessions, a long-polling client whose requests alternate between the nodes: does it connect? And a WebSocket-only one?' },
];

export const CLUSTER_SCENARIO_IDS = CLUSTER_SCENARIOS.map(({ id }) => id);
