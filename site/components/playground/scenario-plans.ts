/**
 * How each scenario is played in the live playground: how the second client connects, and the
 * steps a reader takes with the buttons. The page lists the steps as instructions and the
 * playground tests press exactly these buttons, so both follow the same plan as
 * examples/<slug>/demo/scenarios.mjs does in Node. What the clients send, how long they watch
 * and where they connect come from the file that runner reads, demo/scenario-facts.mjs.
 * No Astro or DOM imports: tests import it.
 */
import { ADMIN_NAMESPACE, MALFORMED_SESSION, RETRY_WATCH_MS, SETTLE_MS, TEXTS } from '../../../examples/recommended/demo/scenario-facts.mjs';

/**
 * Alice, the second client, and Bob (an admin): on an example that runs on several nodes, he
 * revokes Alice; in the replay scenarios, he writes to her room.
 */
export type ClientId = 'alice' | 'visitor' | 'bob';

/** The buttons of the clients, by their visible (and accessible) names. */
export const BUTTONS = {
	connect: 'Connect',
	send: 'Send message',
	whoami: 'Who am I',
	/**
	 * Closes the connection the way a network failure does: the server keeps the session for a
	 * reconnection, which socket.io makes by itself where the client has reconnection on.
	 */
	drop: 'Drop connection',
	disconnect: 'Disconnect',
	/** Bob sends `revoke { userId: 'alice' }` (connecting first if he is not connected). */
	revoke: 'Revoke Alice',
} as const;

export type Action = keyof typeof BUTTONS;

const EVERY_CLIENT_ACTION: Action[] = ['connect', 'send', 'whoami', 'drop', 'disconnect'];

/**
 * The buttons each client has. Bob's are shown where he acts: "Send message" in the scenarios
 * whose plan has him write to Alice's room (playsBob), "Revoke Alice" on an example that runs on
 * several nodes. Either connects him first if he is not connected.
 */
export const CLIENT_ACTIONS: Record<ClientId, Action[]> = { alice: EVERY_CLIENT_ACTION, visitor: EVERY_CLIENT_ACTION, bob: ['send', 'revoke'] };

/**
 * The buttons Alice and the second client show on a plain WebSocket example: no "Drop
 * connection", since nothing there keeps a session for a connection that comes back.
 */
export const PLAIN_WEBSOCKET_ACTIONS: Action[] = ['connect', 'send', 'whoami', 'disconnect'];

/**
 * What Bob sends to Alice's room, as replay() in scenario-engine.mjs does: while she is connected, the
 * message that gives her an offset; once her connection has dropped, what her session misses
 * (the text the documented `wire:` and `message:` outcomes of the replay scenarios contain).
 */
export const bobText = (aliceConnected: boolean): string => (aliceConnected ? TEXTS.beforeDrop : TEXTS.whileAway);

/**
 * Which node each client connects to on an example that runs on several nodes (an index into
 * its nodes, node A first): Alice on one, the second client and Bob on another, so whatever
 * reaches one from the other went through the nodes' shared Redis.
 */
export const CLIENT_NODE: Record<ClientId, number> = { alice: 0, visitor: 1, bob: 1 };

/** What Bob asks the playground server for a token for: the cluster scenario he acts in (it gives an admin's). */
export const REVOKE_SCENARIO = 'revoke';

export type Step =
	/** `note`: what the press does, when the button's name does not say it (shown after the instruction). */
	| { client: ClientId; press: Action; onlyIfConnected?: boolean; note?: string }
	/** Wait until the second client's token has expired (the page shows when it has). */
	| { waitFor: 'token-expired' }
	/** Wait until the second client is connected again or refused, and a moment longer. */
	| { waitFor: 'reconnected'; settleMs: number }
	/** Watch the logs for a while: what happens without anyone pressing anything. */
	| { watchMs: number };

export interface ClientSetup {
	/** The namespace the second client connects to. */
	namespace: '/' | typeof ADMIN_NAMESPACE;
	/** socket.io's automatic reconnection (the default client option; off elsewhere). */
	reconnection: boolean;
	/**
	 * Emitted the moment the client is connected, as the engine's race() does: quicker than any hand,
	 * so a check that is still running (handleConnection's) shows.
	 */
	onConnect?: { event: 'whoami' } | { event: 'message'; text: string };
	/**
	 * socket.io-client's default is long-polling first, then an upgrade. A client that acts on
	 * connect goes straight to WebSocket, as an attacker's script would: over polling and the
	 * proxy, its first event can arrive after a 25 ms check has already ended.
	 */
	transports?: Array<'websocket'>;
	/**
	 * The replay scenarios (scenario-facts' `replay`): the `pid` and `offset` the client puts in
	 * its handshake next to its token. `alice`: those of the session Alice's dropped connection
	 * left behind, which her client shows; `malformed`: MALFORMED_SESSION, which is nobody's.
	 */
	replay?: 'alice' | 'malformed';
}

export interface ScenarioPlan {
	visitor: ClientSetup;
	steps: Step[];
}

/** The second client asks "Who am I" as soon as it gets in: what most scenarios do. */
const probe: ScenarioPlan = {
	visitor: { namespace: '/', reconnection: false, onConnect: { event: 'whoami' }, transports: ['websocket'] },
	steps: [{ client: 'visitor', press: 'connect' }],
};

/**
 * Alice leaves a session behind: the steps of replay() in scenario-engine.mjs, as buttons. Someone
 * writes to her room twice: before the drop, since the server restores a session only from the
 * offset of a message she received, and while she is away, which is what the session misses.
 * That is Bob, a third client with his own valid token, as in replay(): Alice cannot write while
 * she is away, and the second client is the one that replays, with the scenario's token (no
 * token, an expired one...), which most examples would not let write to the room.
 * Alice never reconnects by herself (her client has socket.io's reconnection off): her own
 * reconnection would restore the session, and take its missed packets, before the replay.
 */
const aliceLeavesASession: Step[] = [
	{ client: 'alice', press: 'connect' },
	{ client: 'bob', press: 'send', note: 'he connects and writes to Alice’s room; her copy of his message carries an offset, which her session shows' },
	{ client: 'alice', press: 'drop', note: 'socket.io does not reconnect her; the server keeps her session, to restore it for whoever sends its pid and offset' },
	{ client: 'bob', press: 'send', note: 'her session misses this one, sent while she is away' },
];

/**
 * The second client sends the session with its own token and records what reaches it, the wire
 * included. It acts only after SETTLE_MS, as replay() does: a check that runs on `connection`
 * (handleConnection's) gets to act first.
 */
const replayWith = (replay: 'alice' | 'malformed', namespace: ClientSetup['namespace'] = '/'): ScenarioPlan => ({
	visitor: { namespace, reconnection: false, replay },
	steps: [
		...(replay === 'alice' ? aliceLeavesASession : []),
		{ client: 'visitor', press: 'connect' },
		{ watchMs: SETTLE_MS },
		{ client: 'visitor', press: 'whoami', onlyIfConnected: true },
	],
});

/**
 * The plans of every scenario the playground offers. The plain WebSocket examples
 * (@nestjs/platform-ws) are played with the same ones, for the scenarios their behavior.json
 * documents (WS_SCENARIO_IDS of their demo/scenarios.mjs), a socket.io setup of the second client
 * (namespace, transports, reconnection) meaning nothing there; "Send message" sends their `send`
 * event. Left out, for either family: `origin`, since a page cannot send another Origin than its
 * own. `race` is played as it is: the second client writes the moment its WebSocket opens, the first
 * moment a page can, and the relay opens it only once the example has accepted the upgrade, as a
 * direct connection would.
 */
export const PLANS: Record<string, ScenarioPlan> = {
	valid: probe,
	'no-token': probe,
	malformed: probe,
	'bad-signature': probe,
	expired: probe,
	'alg-none': probe,
	'unknown-user': probe,
	'non-string': probe,
	oversized: probe,
	leak: {
		visitor: { namespace: '/', reconnection: false },
		steps: [
			{ client: 'alice', press: 'connect' },
			{ client: 'visitor', press: 'connect' },
			{ client: 'alice', press: 'send' },
		],
	},
	race: {
		visitor: { namespace: '/', reconnection: false, onConnect: { event: 'message', text: TEXTS.race }, transports: ['websocket'] },
		steps: [
			{ client: 'alice', press: 'connect' },
			{ client: 'visitor', press: 'connect' },
		],
	},
	expiry: {
		visitor: { namespace: '/', reconnection: false },
		steps: [{ client: 'visitor', press: 'connect' }, { waitFor: 'token-expired' }, { client: 'visitor', press: 'whoami', onlyIfConnected: true }],
	},
	namespace: {
		visitor: { ...probe.visitor, namespace: ADMIN_NAMESPACE },
		steps: probe.steps,
	},
	retry: {
		visitor: { namespace: '/', reconnection: true },
		steps: [{ client: 'visitor', press: 'connect' }, { watchMs: RETRY_WATCH_MS }],
	},
	// The server restores a session from the offset of a message the client received: so it
	// sends one (and receives it), then its connection drops.
	recovery: {
		visitor: { namespace: '/', reconnection: true },
		steps: [
			{ client: 'visitor', press: 'connect' },
			// handleConnection's check (200 ms in that example) puts it in its room first.
			{ watchMs: SETTLE_MS },
			{ client: 'visitor', press: 'send' },
			{ client: 'visitor', press: 'drop' },
			{ waitFor: 'reconnected', settleMs: SETTLE_MS },
			{ client: 'visitor', press: 'whoami', onlyIfConnected: true },
		],
	},
	// The replay scenarios, with scenario-facts' `replay` (scenario-plans.test.ts checks that they
	// agree): `session` and `namespace` replay Alice's session, on her namespace or on
	// ADMIN_NAMESPACE; `malformed` sends MALFORMED_SESSION, which needs no session of hers.
	'replay-expired': replayWith('alice'),
	'replay-no-token': replayWith('alice'),
	'replay-forged': replayWith('alice'),
	'replay-other-user': replayWith('alice'),
	'recovery-fresh': replayWith('alice'),
	'replay-namespace': replayWith('alice', ADMIN_NAMESPACE),
	'replay-malformed': replayWith('malformed'),
};

/** Whether Bob acts in a scenario's plan: his client and its "Send message" are shown for it. */
export const playsBob = (plan: ScenarioPlan): boolean => plan.steps.some((step) => 'client' in step && step.client === 'bob');

const CLIENT_NAMES: Record<ClientId, string> = { alice: 'Alice', visitor: 'the second client', bob: 'Bob' };

/** One step as an instruction for the reader; `plan` adds what the client does by itself. */
export function describeStep(step: Step, plan?: ScenarioPlan): string {
	if ('waitFor' in step) {
		return step.waitFor === 'token-expired'
			? 'Wait until its token has expired (about 2 s).'
			: 'Wait until socket.io has reconnected it, with a token that has expired meanwhile, or it is refused.';
	}
	if ('watchMs' in step) return `Watch its log for ${step.watchMs < 1000 ? 'a moment' : 'a few seconds'} without pressing anything.`;
	const who = CLIENT_NAMES[step.client];
	const button = `“${BUTTONS[step.press]}”`;
	const then = step.note ? `: ${step.note}` : step.client === 'visitor' && step.press === 'connect' && plan ? byItself(plan.visitor) : '';
	const line = step.press === 'connect' ? `${button} for ${who}${then}.` : `${button} as ${who}${then}.`;
	return step.onlyIfConnected ? `If it got in: ${button} as ${who}.` : line.charAt(0).toUpperCase() + line.slice(1);
}

/** What the second client does as it connects, beyond sending its token. */
function byItself({ replay, namespace, onConnect }: ClientSetup): string {
	const where = namespace === '/' ? '' : `, to ${namespace}`;
	if (replay === 'alice') return `: with its own token, it sends the pid and offset of Alice’s session (shown under Alice)${where}`;
	if (replay === 'malformed') {
		const { pid, offset } = MALFORMED_SESSION;
		return `: it sends a pid of ${pid.length / 1024} KB of “${pid[0]}” and the offset “${offset}”, which belong to no session${where}`;
	}
	if (onConnect) return onConnect.event === 'whoami' ? ': it asks “Who am I” the moment it is connected' : ': it sends a message the moment it is connected';
	return '';
}

/** What the second client's token is, per token kind of tokens.mjs. */
export const TOKEN_LABELS: Record<string, string> = {
	valid: 'a valid token for Alice',
	admin: 'a valid token for Bob (admin)',
	'no-token': 'no token at all',
	malformed: 'a string that is not a JWT',
	'bad-signature': 'a token signed with another secret',
	expired: 'a token that expired a minute ago',
	'alg-none': 'an unsigned token (alg: none)',
	'unknown-user': 'a well-signed token for a user who does not exist',
	'non-string': 'an object instead of a string',
	oversized: 'a validly signed 8 KB token',
	expiring: 'Alice’s token, expiring about 2 s after it is issued',
};

export const tokenLabel = (kind: string) => `Token: ${TOKEN_LABELS[kind] ?? kind}`;

/** What the second client connects with: its token, and in a replay scenario the session it sends. */
export function visitorLabel(kind: string, plan: ScenarioPlan): string {
	const session = { alice: ', with the pid and offset of Alice’s session', malformed: ', with a pid and an offset that belong to no session' };
	return `${tokenLabel(kind)}${plan.visitor.replay ? session[plan.visitor.replay] : ''}`;
}

/** The second client is unauthenticated when its token does not belong to a demo user. */
export function isAuthenticatedKind(kind: string): boolean {
	return kind === 'valid' || kind === 'admin' || kind === 'expiring';
}

/**
 * Whether whoever runs the server wants the second client in: with a demo user's token, yes;
 * replaying Alice's session, only with her own, since another user's valid token must not take
 * her session over (`replay-other-user`). Colours its state and log.
 */
export function isEntitled(kind: string, plan: ScenarioPlan): boolean {
	return plan.visitor.replay ? kind === 'valid' : isAuthenticatedKind(kind);
}
