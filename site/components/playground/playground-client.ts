/**
 * The live playground, loaded once the <ws-playground> element is in view or touched. It asks
 * the playground server (same origin) for demo tokens and connects through its proxy at
 * /live/<approach>/socket.io, or /live/<approach>/<node>/socket.io for an example that runs on
 * several nodes, or, for a plain WebSocket example, /live/<approach>/ws. socket.io-client itself,
 * or the plain WebSocket client (plain-socket.ts), is loaded only once the server answers, and
 * only the one the chosen example needs.
 */
import type { ManagerOptions, Socket, SocketOptions } from 'socket.io-client';
import type { PlainSocket } from './plain-socket';
// How long a client waits (for an acknowledgement, for connect, after its token's exp) and what
// it sends: the same as the scenario runner (examples/<slug>/demo/scenarios.mjs).
import { ACK_TIMEOUT_MS, CONNECT_TIMEOUT_MS, EXPIRY_GRACE_MS, MALFORMED_SESSION, SETTLE_MS, TEXTS } from '../../../examples/recommended/demo/scenario-facts.mjs';
import { logText, outcome, parseOutcome, type Tone } from './log-text';
import {
	CLIENT_ACTIONS,
	CLIENT_NODE,
	PLAIN_WEBSOCKET_ACTIONS,
	PLANS,
	REVOKE_SCENARIO,
	bobText,
	describeStep,
	isAuthenticatedKind,
	isEntitled,
	playsBob,
	visitorLabel,
	type Action,
	type ClientId,
	type ClientSetup,
} from './scenario-plans';
import { sessionOf, tapWire } from '../../../examples/recommended/demo/wire.mjs';

interface Data {
	approaches: Array<{
		slug: string;
		title: string;
		insecure: boolean;
		/** What its clients speak: socket.io, or a plain WebSocket (the @nestjs/platform-ws examples). */
		protocol: 'socket.io' | 'ws';
		/** The nodes of an example that runs on several (a, b, …); absent for one process. */
		nodes?: string[];
		scenarios: Record<string, { outcomes: string[]; note: string; text: string }>;
	}>;
	scenarios: Array<{ id: string; title: string; token: string; question: string; steps: string[] }>;
}

/** /playground-server.json as the playground server answers it. */
interface ServerInfo {
	running: true;
	/** The examples that cannot run on this server, with why (what to install). */
	unavailable?: Record<string, string>;
}

type Settings = {
	approach: Data['approaches'][number];
	scenario: Data['scenarios'][number];
	plan: (typeof PLANS)[string];
	/** Why the chosen example cannot run on this server, if it cannot. */
	unavailable: string | undefined;
};

interface TokenReply {
	token: unknown;
	kind: string;
	expiresAt: number | null;
	/** Where the scenario drops the connection: the token the client reconnects with. */
	reconnect?: Pick<TokenReply, 'kind' | 'token' | 'expiresAt'>;
}

type Io = (uri: string, options: Partial<ManagerOptions & SocketOptions>) => Socket;
let ioModule: Promise<Io> | undefined;
const loadIo = () => (ioModule ??= import('socket.io-client').then((module) => module.io));
let plainModule: Promise<typeof import('./plain-socket')> | undefined;
const loadPlain = () => (plainModule ??= import('./plain-socket'));
/** The client library an example's clients need. */
const loadClient = (approach: Data['approaches'][number]) => (approach.protocol === 'ws' ? loadPlain() : loadIo());

const time = (at = new Date()) => at.toLocaleTimeString('en-GB', { hour12: false }) + `.${String(at.getMilliseconds()).padStart(3, '0')}`;

/** A room of its own for each playground on each page load: visitors never see each other. */
function newRoom(): string {
	const random = crypto.getRandomValues(new Uint8Array(12));
	return `pg-${Array.from(random, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

export async function mountPlayground(root: HTMLElement): Promise<void> {
	const data: Data = JSON.parse(root.querySelector('script[type="application/json"]')!.textContent!);
	const status = root.querySelector<HTMLElement>('[data-status]')!;
	const approachSelect = root.querySelector<HTMLSelectElement>('[data-approach-select]')!;
	const scenarioSelect = root.querySelector<HTMLSelectElement>('[data-scenario-select]')!;
	const room = newRoom();
	let unavailable: Record<string, string> = {};

	const settings = (): Settings => {
		const approach = data.approaches.find((a) => a.slug === approachSelect.value)!;
		const scenario = data.scenarios.find((s) => s.id === scenarioSelect.value)!;
		const why = Object.hasOwn(unavailable, approach.slug) ? unavailable[approach.slug] : undefined;
		return { approach, scenario, plan: PLANS[scenario.id]!, unavailable: typeof why === 'string' ? why : undefined };
	};

	const clients = {} as Record<ClientId, PlaygroundClient>;
	for (const id of ['alice', 'visitor', 'bob'] as const) {
		clients[id] = new PlaygroundClient(root.querySelector<HTMLElement>(`[data-client="${id}"]`)!, id, room, settings);
	}
	clients.alice.peer = clients.visitor;
	clients.visitor.peer = clients.alice;
	// The replay scenarios: the second client replays the session Alice left, and Bob writes to
	// her room what she receives before the drop or misses after it.
	clients.visitor.replaySource = clients.alice;
	clients.bob.messageText = () => bobText(clients.alice.connected);
	const liveStatus = `Live: each client connects to the real example through this server. Your room: ${room}.`;

	const showScenario = () => {
		const { approach, scenario } = settings();
		for (const option of scenarioSelect.options) option.disabled = !approach.scenarios[option.value];
		if (!approach.scenarios[scenario.id]) {
			scenarioSelect.value = [...scenarioSelect.options].find((option) => !option.disabled)?.value ?? scenarioSelect.value;
		}
		const now = settings();
		root.dataset.approach = now.approach.slug;
		root.dataset.scenario = now.scenario.id;
		root.querySelector('[data-question]')!.textContent = now.scenario.question;
		root.querySelector('[data-steps]')!.replaceChildren(
			...now.plan.steps.map((step) => describeStep(step, now.plan)).map((text) => Object.assign(document.createElement('li'), { textContent: text })),
		);
		const documented = now.approach.scenarios[now.scenario.id];
		root.querySelector('[data-documented-text]')!.textContent = documented?.text ?? 'not documented for this approach';
		root.querySelector('[data-documented-note]')!.textContent = documented?.note ?? '';
		clients.visitor.setTokenLabel(visitorLabel(now.scenario.token, now.plan));
		// An example on several nodes: which node each client is on. Bob, who revokes there, and
		// writes to Alice's room in the replay scenarios.
		const { nodes } = now.approach;
		for (const client of Object.values(clients)) client.setNode(nodes);
		root.querySelector<HTMLElement>('[data-cluster-note]')!.hidden = !nodes;
		const plain = now.approach.protocol === 'ws';
		root.querySelector<HTMLElement>('[data-ws-note]')!.hidden = !plain;
		const actions = Object.fromEntries((plain ? PLAIN_WEBSOCKET_ACTIONS : CLIENT_ACTIONS.alice).map((action) => [action, true]));
		clients.alice.showActions(actions);
		clients.visitor.showActions(actions);
		const bob = { send: playsBob(now.plan), revoke: nodes !== undefined };
		clients.bob.showActions(bob);
		root.querySelector<HTMLElement>('[data-client="bob"]')!.hidden = !bob.send && !bob.revoke;
		clients.alice.showSession(now.plan.visitor.replay === 'alice');
		root.querySelector<HTMLElement>('[data-unavailable]')!.hidden = now.unavailable === undefined;
		root.querySelector('[data-unavailable-example]')!.textContent = now.approach.title;
		root.querySelector('[data-unavailable-reason]')!.textContent = now.unavailable ?? '';
		if (root.dataset.online === 'true') {
			status.textContent = now.unavailable === undefined ? liveStatus : `The ${now.approach.title} example is not running on this server: see below.`;
		}
	};
	const reset = () => {
		for (const client of Object.values(clients)) client.reset();
		showScenario();
	};
	approachSelect.addEventListener('change', reset);
	scenarioSelect.addEventListener('change', reset);
	showScenario();

	status.textContent = 'Looking for the playground server…';
	const server = await playgroundServer();
	if (!server) {
		root.dataset.online = 'false';
		status.textContent = 'Offline: this page is served without the playground server.';
		root.querySelector<HTMLElement>('[data-offline]')!.hidden = false;
		return;
	}
	root.dataset.online = 'true';
	unavailable = server.unavailable ?? {};
	showScenario();
	await loadClient(settings().approach);
	for (const client of Object.values(clients)) client.render();
}

/**
 * What the playground server says about itself, or null when it does not serve this page: it
 * answers /playground-server.json itself with `"running": true`; a static host serves the site's
 * own file there, which says false. Both are a 200, so a page without the playground server says
 * "offline" without a failed request (and without the console error a browser logs for one).
 */
async function playgroundServer(): Promise<ServerInfo | null> {
	try {
		const response = await fetch('/playground-server.json', { headers: { accept: 'application/json' }, cache: 'no-store' });
		const body: unknown = await response.json();
		return typeof body === 'object' && body !== null && 'running' in body && body.running === true ? (body as ServerInfo) : null;
	} catch {
		return null;
	}
}

type State = 'idle' | 'token' | 'connecting' | 'connected' | 'refused' | 'retrying' | 'disconnected' | 'error';

/** Wraps an event handler so that it does nothing once the client has moved on (reset, or connected again). */
type Mine = (handler: (...args: never[]) => void) => (...args: unknown[]) => void;

const STATE_TEXT: Record<State, string> = {
	idle: 'not connected',
	token: 'getting a token…',
	connecting: 'connecting…',
	connected: 'connected',
	refused: 'refused',
	retrying: 'refused; socket.io is retrying by itself',
	disconnected: 'disconnected',
	error: 'no token (see the log)',
};

/** What connection state recovery gave a client: its session's id, and the offset of the last event it received. */
interface Session {
	pid: string;
	offset?: string;
	/** Its connection dropped (rather than closed): the server keeps the session for a reconnection. */
	dropped: boolean;
}

/** The disconnect reasons of a connection closed on purpose, by the client or the server: no session is kept. */
const CLOSED_ON_PURPOSE = new Set(['io client disconnect', 'io server disconnect']);

class PlaygroundClient {
	peer?: PlaygroundClient;
	/** The second client, in a replay scenario: whose session it replays (Alice's). */
	replaySource?: PlaygroundClient;
	/** Bob: what his "Send message" sends. */
	messageText?: () => string;
	/** Texts this client sent, so its peer can tell where a broadcast came from. */
	readonly sent = new Set<string>();
	/** Its current or last session, as read on its wire; Alice's is shown in the page in the replay scenarios. */
	private session?: Session;
	private socket?: Socket;
	/** On a plain WebSocket example, instead of `socket`. */
	private plain?: PlainSocket;
	private state: State = 'idle';
	private kind = 'valid';
	/** The token to reconnect with after "Drop connection", where the scenario has one. */
	private reconnect?: TokenReply['reconnect'];
	private pending = 0;
	/** Bumped by reset(): events of a closed socket never reach the new log. */
	private generation = 0;
	/** Bumped by reset() only: an action that outlives a reset leaves `pending` alone. */
	private resets = 0;
	private expiryTimer?: ReturnType<typeof setTimeout>;
	private connectTimer?: ReturnType<typeof setTimeout>;
	private readonly log: HTMLElement;
	private readonly stateText: HTMLElement;
	/** The buttons this client has (CLIENT_ACTIONS). */
	private readonly buttons: Partial<Record<Action, HTMLButtonElement>>;
	private readonly section: HTMLElement;
	private readonly id: ClientId;
	private readonly room: string;
	private readonly settings: () => Settings;

	constructor(section: HTMLElement, id: ClientId, room: string, settings: () => Settings) {
		this.section = section;
		this.id = id;
		this.room = room;
		this.settings = settings;
		this.log = section.querySelector('[data-log]')!;
		this.stateText = section.querySelector('[data-state]')!;
		this.buttons = Object.fromEntries(
			CLIENT_ACTIONS[id].map((action) => [action, section.querySelector<HTMLButtonElement>(`button[data-action="${action}"]`)!]),
		);
		this.buttons.connect?.addEventListener('click', () => void this.connect());
		this.buttons.send?.addEventListener('click', () => void this.send());
		this.buttons.whoami?.addEventListener('click', () => void this.ask('whoami', {}));
		this.buttons.drop?.addEventListener('click', () => this.drop());
		this.buttons.disconnect?.addEventListener('click', () => this.disconnect());
		this.buttons.revoke?.addEventListener('click', () => void this.revoke());
	}

	/** Whether whoever runs the server wants this client in (isEntitled for the second client). */
	get authenticated(): boolean {
		return this.id === 'visitor' ? isEntitled(this.kind, this.settings().plan) : isAuthenticatedKind(this.kind);
	}

	/** A valid token, but for another user than the session it replays. */
	private get otherUser(): boolean {
		return isAuthenticatedKind(this.kind) && !this.authenticated;
	}

	get connected(): boolean {
		return this.state === 'connected';
	}

	/** Bob's buttons, and what each does: the ones the scenario and the example have him use. */
	showActions(shown: Partial<Record<Action, boolean>>) {
		for (const [action, button] of Object.entries(this.buttons)) button.hidden = !shown[action as Action];
		for (const about of this.section.querySelectorAll<HTMLElement>('[data-about]')) about.hidden = !shown[about.dataset.about as Action];
	}

	/** Alice's session, in the replay scenarios: what the second client will send. */
	showSession(shown: boolean) {
		const line = this.section.querySelector<HTMLElement>('[data-session]');
		if (line) line.hidden = !shown;
		this.renderSession();
	}

	/**
	 * The session this client's dropped connection left behind, for the second client to replay;
	 * or, when there is none to replay, what the reader has to do first.
	 */
	sessionToReplay(): { pid: string; offset: string } | { missing: string } {
		const { session } = this;
		if (!session) return { missing: 'Alice has no session yet: press “Connect” for her first.' };
		if (session.offset === undefined) return { missing: 'Alice’s session has no offset yet: she gets one with the first message she receives (“Send message” as Bob).' };
		if (!session.dropped) {
			return { missing: 'Alice’s connection has not dropped: a session is restored only once its connection has dropped (“Drop connection” as Alice).' };
		}
		return { pid: session.pid, offset: session.offset };
	}

	private renderSession() {
		const line = this.section.querySelector<HTMLElement>('[data-session]');
		if (!line || line.hidden) return;
		const { session } = this;
		const code = (text: string) => Object.assign(document.createElement('code'), { textContent: text });
		if (!session) {
			line.replaceChildren('Her session: none yet (socket.io gives one when she connects).');
			return;
		}
		const offset = session.offset === undefined ? ['no offset yet (she gets one with each message she receives)'] : ['offset ', code(session.offset)];
		const state = session.dropped
			? 'her connection dropped: the server keeps such a session, for a limited time, for whoever comes back to it.'
			: this.connected
				? 'connected.'
				: 'closed on purpose: the server keeps nothing.';
		line.replaceChildren('Her session: pid ', code(session.pid), ', ', ...offset, `; ${state}`);
	}

	setTokenLabel(text: string) {
		if (this.id === 'visitor') this.section.querySelector('[data-token-label]')!.textContent = text;
	}

	/** Which node this client connects to, in its heading, when the example runs on several. */
	setNode(nodes: string[] | undefined) {
		const node = nodes?.[CLIENT_NODE[this.id]];
		this.section.querySelector('[data-node-label]')!.textContent = node ? ` on node ${node.toUpperCase()}` : '';
	}

	/** Enables the buttons that make sense in the current state. */
	render() {
		const active = this.state === 'token' || this.state === 'connecting' || this.state === 'connected' || this.state === 'retrying';
		const { unavailable } = this.settings();
		// Bob sends and revokes unless he is on his way already: he connects first if need be.
		const busy = this.state === 'token' || this.state === 'connecting' || this.pending > 0 || unavailable !== undefined;
		if (this.buttons.connect) this.buttons.connect.disabled = active || unavailable !== undefined;
		if (this.buttons.send) this.buttons.send.disabled = this.id === 'bob' ? busy : this.state !== 'connected';
		if (this.buttons.whoami) this.buttons.whoami.disabled = this.state !== 'connected';
		if (this.buttons.drop) this.buttons.drop.disabled = this.state !== 'connected';
		if (this.buttons.disconnect) this.buttons.disconnect.disabled = !active;
		if (this.buttons.revoke) this.buttons.revoke.disabled = busy;
		const intruder = this.state === 'connected' && !this.authenticated;
		const stranger = this.otherUser ? 'connected to Alice’s session, with another user’s token' : 'connected, without valid credentials';
		this.stateText.textContent = intruder ? stranger : STATE_TEXT[this.state];
		this.stateText.dataset.state = this.state;
		// Green when it is what the server's owner wants: Alice in, everybody else out.
		const outcome = this.state === 'connected' ? 'in' : this.state === 'refused' || this.state === 'retrying' ? 'out' : undefined;
		this.stateText.classList.toggle('good', outcome !== undefined && (outcome === 'in') === this.authenticated);
		this.stateText.classList.toggle('bad', outcome !== undefined && (outcome === 'in') !== this.authenticated);
		this.log.dataset.pending = String(this.pending);
	}

	private setState(state: State) {
		this.state = state;
		this.render();
	}

	/** A line in the log; `raw` (an outcome of the behaviour vocabulary) goes in data-outcome. */
	private write(text: string, tone: Tone | 'info', raw?: string) {
		const entry = document.createElement('div');
		entry.className = 'pg-entry';
		entry.dataset.tone = tone;
		if (raw !== undefined) entry.dataset.outcome = raw;
		const stamp = document.createElement('time');
		const now = new Date();
		stamp.dateTime = now.toISOString();
		stamp.textContent = time(now);
		entry.append(stamp, text);
		const atBottom = this.log.scrollHeight - this.log.scrollTop - this.log.clientHeight < 8;
		this.log.append(entry);
		if (atBottom) this.log.scrollTop = this.log.scrollHeight;
	}

	private record(raw: string) {
		let { text, tone } = logText(raw, { authenticated: this.authenticated, otherUser: this.otherUser });
		const seen = parseOutcome(raw);
		if (seen.kind === 'message' && this.authenticated && this.peer && !this.peer.authenticated && this.peer.sent.has(messageText(seen.payload) ?? '')) {
			text = `LEAK: a message from the unauthenticated client reached ${this.id === 'alice' ? 'Alice' : 'this client'}: ${seen.json}`;
			tone = 'leak';
		}
		this.write(text, tone, raw);
	}

	reset() {
		this.generation++;
		this.resets++;
		this.close();
		this.kind = 'valid';
		this.pending = 0;
		this.session = undefined;
		this.renderSession();
		this.sent.clear();
		this.log.replaceChildren();
		delete this.section.dataset.tokenExpired;
		this.setState('idle');
	}

	private close() {
		clearTimeout(this.expiryTimer);
		clearTimeout(this.connectTimer);
		this.socket?.removeAllListeners();
		this.socket?.io.removeAllListeners();
		this.socket?.close();
		this.socket = undefined;
		this.plain?.stop();
		this.plain = undefined;
	}

	/**
	 * Connects with this client's token: Alice's, the scenario's, or Bob's (an admin's); in a
	 * replay scenario, the second client also sends a session's pid and offset.
	 */
	async connect() {
		const { approach, scenario, plan } = this.settings();
		const replay = this.id === 'visitor' ? plan.visitor.replay : undefined;
		const session = replay === 'malformed' ? MALFORMED_SESSION : replay === 'alice' ? this.replaySource!.sessionToReplay() : undefined;
		if (session && 'missing' in session) {
			this.write(`Nothing to replay yet. ${session.missing}`, 'info');
			return;
		}
		this.close();
		const generation = ++this.generation;
		// Bob asks for the token of the scenario he acts in: a replay's sender, or the cluster's revoke.
		const asks =
			this.id === 'alice'
				? { scenario: 'valid' }
				: this.id === 'bob'
					? playsBob(plan)
						? { scenario: scenario.id, role: 'sender' }
						: { scenario: REVOKE_SCENARIO }
					: { scenario: scenario.id };
		delete this.section.dataset.tokenExpired;
		this.session = undefined;
		this.renderSession();
		this.setState('token');
		let reply: TokenReply;
		try {
			const response = await fetch('/api/tokens', {
				method: 'POST',
				headers: { 'content-type': 'application/json', accept: 'application/json' },
				body: JSON.stringify({ approach: approach.slug, ...asks }),
			});
			const body = await response.json();
			if (!response.ok) throw new Error(body?.error ?? `HTTP ${response.status}`);
			reply = body;
		} catch (error) {
			if (generation !== this.generation) return;
			this.write(`No token: ${(error as Error).message}`, 'bad');
			this.setState('error');
			return;
		}
		if (generation !== this.generation) return;
		this.kind = reply.kind;
		this.reconnect = reply.reconnect;
		this.write(`Token (${reply.kind}): ${describeToken(reply)}`, 'info');
		const mine: Mine = (handler) =>
			((...args: never[]) => {
				if (generation === this.generation) handler(...args);
			}) as (...args: unknown[]) => void;
		if (approach.protocol === 'ws') return this.openPlain(reply, generation, mine);

		const io = await loadIo();
		if (generation !== this.generation) return;
		const setup = this.id === 'visitor' ? plan.visitor : { namespace: '/', reconnection: false };
		const auth: Record<string, unknown> = { room: this.room };
		if (reply.token !== null) auth.token = reply.token;
		if (session) {
			// Next to the token, as a client that reconnects sends them (socket.io reads them from `auth`).
			auth.pid = session.pid;
			auth.offset = session.offset;
			this.write(
				replay === 'malformed'
					? `Sending a session that is nobody’s: a pid of ${session.pid.length} characters, offset “${session.offset}”.`
					: `Replaying Alice’s session: pid ${session.pid}, offset ${session.offset}.`,
				'info',
			);
		}
		const node = approach.nodes?.[CLIENT_NODE[this.id]];
		const socket = io(`${location.origin}${setup.namespace === '/' ? '' : setup.namespace}`, {
			path: `/live/${approach.slug}/${node ? `${node}/` : ''}socket.io`,
			auth,
			reconnection: setup.reconnection,
			...('transports' in setup && setup.transports ? { transports: setup.transports } : {}),
			forceNew: true,
		});
		this.socket = socket;
		const how = [
			'transports' in setup && setup.transports ? 'straight over WebSocket' : '',
			setup.reconnection ? 'automatic reconnection on' : '',
		].filter(Boolean);
		const where = node ? `, node ${node.toUpperCase()},` : '';
		this.write(`Connecting to ${setup.namespace} of the ${approach.title} example${where}${how.length ? ` (${how.join(', ')})` : ''}…`, 'info');
		this.setState('connecting');

		// The Manager hands each packet to the socket, then to the tap: an event packet that comes
		// before CONNECT is logged as it arrives (the socket only holds it back), so before the
		// connect or connect_error that follows it.
		tapWire(socket, mine((seen: string) => this.record(seen)));
		sessionOf(
			socket,
			mine(({ pid, offset }: { pid?: string; offset?: string }) => {
				// Packets come on a live connection: whatever dropped before, this session is live now.
				this.session = pid === undefined ? undefined : { pid, offset, dropped: false };
				this.renderSession();
			}),
		);
		this.watch(reply, mine);
		socket.on(
			'connect',
			mine(() => {
				this.record(outcome.connected());
				this.whenConnected('onConnect' in setup ? setup.onConnect : undefined);
			}),
		);
		socket.on(
			'connect_error',
			mine((error: Error & { data?: unknown }) => {
				clearTimeout(this.connectTimer);
				this.record(outcome.connectError(error.message, error.data));
				this.setState(socket.active && setup.reconnection ? 'retrying' : 'refused');
			}),
		);
		socket.on(
			'disconnect',
			mine((reason: string) => {
				if (this.session && !CLOSED_ON_PURPOSE.has(reason)) this.session = { ...this.session, dropped: true };
				this.renderSession();
				this.record(outcome.disconnect(reason));
				this.setState(socket.active && setup.reconnection ? 'retrying' : 'disconnected');
			}),
		);
		socket.on(
			'exception',
			mine((payload: unknown) => this.record(outcome.exception(payload))),
		);
		socket.on(
			'message',
			mine((payload: unknown) => this.record(outcome.message(payload))),
		);
		socket.io.on(
			'reconnect_attempt',
			mine(() => {
				this.record(outcome.reconnectAttempt());
				this.setState('connecting');
			}),
		);
	}

	/**
	 * A plain WebSocket example's client: the page's own WebSocket, with the token as the
	 * subprotocol after `bearer`, in this playground's room. Whatever the scenario sets up for
	 * socket.io (namespace, transports, reconnection) has no counterpart here; what the second
	 * client sends the moment it is open does.
	 */
	private async openPlain(reply: TokenReply, generation: number, mine: Mine) {
		const { PlainSocket } = await loadPlain();
		if (generation !== this.generation) return;
		const { approach, plan } = this.settings();
		const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/live/${approach.slug}/ws?room=${encodeURIComponent(this.room)}`;
		const token = typeof reply.token === 'string' ? reply.token : null;
		this.write(`Opening a WebSocket to the ${approach.title} example (${token === null ? 'no subprotocol' : 'subprotocols “bearer” and the token'})…`, 'info');
		this.setState('connecting');
		this.plain = new PlainSocket(url, token, {
			record: mine((seen: string) => this.record(seen)),
			open: mine(() => this.whenConnected(plan.visitor.onConnect)),
			closed: mine((opened: boolean) => {
				clearTimeout(this.connectTimer);
				this.setState(opened ? 'disconnected' : 'refused');
			}),
		});
		this.watch(reply, mine);
	}

	/**
	 * The client is in (socket.io's CONNECT, a plain WebSocket's 101). The second client sends what
	 * its scenario sends the moment it is connected.
	 */
	private whenConnected(onConnect: ClientSetup['onConnect']) {
		clearTimeout(this.connectTimer);
		this.setState('connected');
		const first = this.id === 'visitor' ? onConnect : undefined;
		if (first?.event === 'whoami') void this.ask('whoami', {});
		else if (first?.event === 'message') void this.ask('message', { text: first.text });
	}

	/**
	 * Records `timeout` if the client is still connecting after CONNECT_TIMEOUT_MS; with the second
	 * client's expiring token, says when it has expired (the steps wait for that).
	 */
	private watch(reply: TokenReply, mine: Mine) {
		this.connectTimer = setTimeout(
			mine(() => {
				if (this.state === 'connecting') this.record(outcome.timeout());
			}),
			CONNECT_TIMEOUT_MS,
		);
		if (reply.expiresAt !== null && this.id === 'visitor' && reply.kind === 'expiring') {
			this.expiryTimer = setTimeout(
				mine(() => {
					this.section.dataset.tokenExpired = 'true';
					this.write('The token has expired now.', 'info');
				}),
				Math.max(0, reply.expiresAt - Date.now()) + EXPIRY_GRACE_MS,
			);
		}
	}

	/**
	 * Emits an event and records its acknowledgement, or `timeout` if none comes while connected.
	 * On a plain WebSocket the answer is a frame, which PlainSocket records as it comes, and the
	 * chat's event is `send`.
	 */
	async ask(event: 'whoami' | 'message' | 'revoke', body: unknown) {
		const { socket, plain } = this;
		if (!socket && !plain) return;
		const generation = this.generation;
		const name = plain && event === 'message' ? 'send' : event;
		this.write(`→ ${name}${event === 'whoami' ? '' : ` ${JSON.stringify(body)}`}`, 'info');
		if (event === 'message') this.sent.add((body as { text: string }).text);
		this.pending++;
		this.render();
		try {
			const seen = plain ? await plain.ask(name, body) : outcome.ack(await socket!.timeout(ACK_TIMEOUT_MS).emitWithAck(event, body));
			if (generation === this.generation && seen !== undefined) this.record(seen);
		} catch {
			// A disconnect fails pending acks too; that is in the log already.
			if (generation === this.generation && socket?.connected) this.record(outcome.timeout());
		} finally {
			if (generation === this.generation) {
				this.pending--;
				this.render();
			}
		}
	}

	/**
	 * Closes the connection as a network failure would (the server sees "transport close", from
	 * which it may restore the session), with automatic reconnection left to socket.io where the
	 * client has it on: Alice's is off, so in the replay scenarios her session waits for the second
	 * client. Where the scenario says so, the client reconnects with another token.
	 */
	drop() {
		const socket = this.socket;
		if (!socket?.connected) return;
		if (this.reconnect) {
			this.kind = this.reconnect.kind;
			(socket.auth as Record<string, unknown>).token = this.reconnect.token;
			this.write(`It will reconnect with another token (${this.reconnect.kind}): ${describeToken(this.reconnect)}`, 'info');
		}
		this.write('Dropping the connection (as a network failure would)…', 'info');
		socket.io.engine.close();
	}

	/** "Send message": Alice's and the second client's texts; Bob's (messageText) connecting him first if need be. */
	async send() {
		if (this.id !== 'bob') return this.ask('message', { text: this.id === 'alice' ? TEXTS.alice : TEXTS.visitor });
		await this.busyWhile(async () => {
			if (await this.ensureConnected()) await this.ask('message', { text: this.messageText!() });
		});
	}

	/** Bob ends Alice's sessions on every node: `revoke { userId: 'alice' }`, connecting first if he is not connected. */
	async revoke() {
		await this.busyWhile(async () => {
			if (await this.ensureConnected()) await this.ask('revoke', { userId: 'alice' });
		});
	}

	/**
	 * Counts as pending from the press to the acknowledgement, his connection included: the log's
	 * data-pending says when Bob is done, as it says for the others' acknowledgements.
	 */
	private async busyWhile(action: () => Promise<void>) {
		const resets = this.resets;
		this.pending++;
		this.render();
		try {
			await action();
		} finally {
			if (resets === this.resets) {
				this.pending--;
				this.render();
			}
		}
	}

	/**
	 * Connects unless connected already; whether it got in. A new connection gets SETTLE_MS before
	 * the caller acts, as the scenario runner gives it: a check that runs on `connection`
	 * (handleConnection's) has to end first, or a message would go out without its sender's name.
	 */
	private async ensureConnected(): Promise<boolean> {
		if (this.state === 'connected') return true;
		const generation = this.generation + 1;
		await this.connect();
		const connected = await new Promise<boolean>((resolve) => {
			const socket = this.socket;
			if (!socket || generation !== this.generation) return resolve(false);
			const timer = setTimeout(() => resolve(false), CONNECT_TIMEOUT_MS);
			const settle = (connected: boolean) => {
				clearTimeout(timer);
				resolve(connected);
			};
			socket.once('connect', () => settle(true));
			socket.once('connect_error', () => settle(false));
		});
		if (!connected || generation !== this.generation) return false;
		await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
		return generation === this.generation && this.connected;
	}

	disconnect() {
		const { socket, plain } = this;
		if (!socket && !plain) return;
		clearTimeout(this.expiryTimer);
		if (socket?.connected) {
			socket.disconnect(); // logs "disconnect: io client disconnect"
		} else if (plain?.open) {
			plain.close(); // logs the close the server answers with
		} else {
			this.close();
			this.write('Stopped.', 'info');
			this.setState('disconnected');
		}
	}
}

/** What the token is, without showing it: the header's alg and the claims that matter. */
function describeToken({ token, expiresAt }: Pick<TokenReply, 'token' | 'expiresAt'>): string {
	if (token === null) return 'none sent';
	if (typeof token !== 'string') return `not a string: ${JSON.stringify(token)}`;
	const [header, payload] = token.split('.');
	try {
		const { alg } = JSON.parse(atob(header!.replace(/-/g, '+').replace(/_/g, '/')));
		const claims = JSON.parse(atob(payload!.replace(/-/g, '+').replace(/_/g, '/')));
		const size = token.length > 1024 ? `, ${(token.length / 1024).toFixed(1)} KB` : '';
		const expiry = expiresAt ? `, ${expiresAt < Date.now() ? 'expired' : 'expires'} at ${time(new Date(expiresAt))}` : '';
		return `${alg} JWT for “${claims.sub}”${expiry}${size}`;
	} catch {
		return `“${token.slice(0, 24)}”, not a JWT`;
	}
}

/** The text of a broadcast's payload, `{ from, text }`. */
function messageText(payload: unknown): string | undefined {
	return typeof payload === 'object' && payload !== null && 'text' in payload && typeof payload.text === 'string' ? payload.text : undefined;
}
