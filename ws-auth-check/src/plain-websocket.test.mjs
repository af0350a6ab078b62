// The plain WebSocket audit (--protocol ws) against a real `ws` server that frames as NestJS's
// WsAdapter does: where each --token-in puts the token, a gateway at a path, what a line adds
// when the server lacks an event or refuses Alice. The guide's own @nestjs/platform-ws examples
// are audited in tests/ws-auth-check/ws-examples.spec.ts; these are what they cannot show (they
// read no token from the query or a cookie, and listen at the root).
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { createServer } from 'node:http';
import { after, test } from 'node:test';
import { jwtVerify } from 'jose';
import { WebSocketServer } from 'ws';
import { readArgs } from './args.mjs';
import { SCENARIOS } from './facts.mjs';
import { PlainWebSocketClient, observePlainWebSocket } from './plain-websocket.mjs';
import { resultOf } from './report.mjs';
import { Sent } from './scenarios.mjs';
import { tokenMaker } from './tokens.mjs';

const SECRET = 'plain-websocket-test-secret';
const ALICE = { id: 'alice', name: 'Alice' };
const COOKIE = 'session';

/**
 * Where a server reads the token, for each --token-in.
 * @type {Record<string, (request: import('node:http').IncomingMessage) => string | undefined>}
 */
const READ_TOKEN = {
	protocol: (request) => {
		const offered = request.headers['sec-websocket-protocol']?.split(',').map((protocol) => protocol.trim()) ?? [];
		return offered.includes('bearer') ? offered[offered.indexOf('bearer') + 1] : undefined;
	},
	header: (request) => /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1],
	query: (request) => new URL(request.url ?? '/', 'ws://server').searchParams.get('token') ?? undefined,
	cookie: (request) => {
		const value = new RegExp(`(?:^|; )${COOKIE}=([^;]*)`).exec(request.headers.cookie ?? '')?.[1];
		return value === undefined ? undefined : decodeURIComponent(value);
	},
};

/**
 * A server as the guide recommends, on plain WebSocket: the upgrade is refused with 401 unless
 * the token (where `tokenIn` says) is valid and names a user it knows, and with 403 from a
 * foreign Origin; `whoami` is answered with the user, `send` broadcast to the room (`?room=`) as
 * `message`; a socket is closed with 4401 when its token expires.
 * @param {{ tokenIn: string, path?: string, users?: Record<string, object>, whoami?: boolean, guardOnly?: boolean }} options
 *   whoami: false leaves that event out, as a server without one; guardOnly: every upgrade is
 *   let in and only the events are refused, as a gateway whose guards protect its handlers alone
 */
async function startServer({ tokenIn, path, users = { alice: ALICE }, whoami = true, guardOnly = false }) {
	const http = createServer();
	/** @type {import('node:http').IncomingMessage[]} */
	const upgrades = [];
	/** @type {Map<string, Set<import('ws').WebSocket>>} */
	const rooms = new Map();
	/** @type {WeakMap<import('node:http').IncomingMessage, { user: object, exp: number }>} */
	const authenticated = new WeakMap();
	/** @param {import('node:http').IncomingMessage} request @returns {Promise<string | undefined>} why it is refused */
	const refusal = async (request) => {
		if (request.headers.origin !== undefined) return 'ORIGIN_NOT_ALLOWED';
		const token = READ_TOKEN[tokenIn](request);
		if (token === undefined || token.length > 4096) return 'TOKEN_INVALID';
		try {
			const { payload } = await jwtVerify(token, new TextEncoder().encode(SECRET), { algorithms: ['HS256'] });
			const user = users[String(payload.sub)];
			if (user === undefined) return 'USER_UNKNOWN';
			authenticated.set(request, { user, exp: Number(payload.exp) * 1000 });
			return undefined;
		} catch {
			return 'TOKEN_INVALID';
		}
	};
	const server = new WebSocketServer({
		server: http,
		path,
		handleProtocols: (protocols) => (protocols.has('bearer') ? 'bearer' : false),
		verifyClient: ({ req }, done) => {
			upgrades.push(req);
			refusal(req).then((why) => (why === undefined || guardOnly ? done(true) : done(false, why === 'ORIGIN_NOT_ALLOWED' ? 403 : 401, why)));
		},
	});
	server.on('connection', (socket, request) => {
		const { user, exp } = authenticated.get(request) ?? { user: undefined, exp: Infinity };
		const timer = setTimeout(() => socket.close(4401, 'TOKEN_EXPIRED'), Math.min(exp - Date.now(), 2 ** 31 - 1));
		const name = new URL(request.url ?? '/', 'ws://server').searchParams.get('room') ?? 'lobby';
		const room = rooms.get(name) ?? new Set();
		rooms.set(name, room.add(socket));
		socket.once('close', () => {
			clearTimeout(timer);
			room.delete(socket);
		});
		socket.on('message', (raw) => {
			const { event, data } = JSON.parse(raw.toString());
			if (user === undefined) return socket.send(JSON.stringify({ event: 'exception', data: { status: 'error', message: 'Unauthorized' } }));
			if (event === 'whoami' && whoami) socket.send(JSON.stringify({ event, data: user }));
			if (event === 'send') {
				for (const member of room) member.send(JSON.stringify({ event: 'message', data: { from: 'Alice', text: data.text } }));
				socket.send(JSON.stringify({ event, data: { ok: true } }));
			}
		});
	});
	http.listen(0, '127.0.0.1');
	await once(http, 'listening');
	const { port } = /** @type {import('node:net').AddressInfo} */ (http.address());
	/** @type {Promise<void> | undefined} */
	let closed;
	const close = () => {
		closed ??= (async () => {
			for (const socket of server.clients) socket.terminate();
			server.close();
			http.close();
			await once(http, 'close');
		})();
		return closed;
	};
	after(close);
	return { origin: `http://127.0.0.1:${port}`, upgrades, close };
}

/** @param {string[]} argv */
function configOf(argv) {
	const config = readArgs(['--protocol', 'ws', '--secret', SECRET, ...argv], {});
	if (config.help) assert.fail('not help');
	return config;
}

test('each --token-in puts the token where a server reads it, and nowhere else; the URL keeps its path', async () => {
	for (const place of ['protocol', 'header', 'query', 'cookie']) {
		const server = await startServer({ tokenIn: place, path: '/chat' });
		const config = configOf(['--url', `${server.origin}/chat`, '--token-in', place, '--cookie', COOKIE]);
		const client = new PlainWebSocketClient(config, new Sent());
		try {
			const { outcomes, note } = await client.play('valid', tokenMaker(config.signing));
			assert.deepEqual(outcomes, ['open', 'reply:{"id":"alice","name":"Alice"}'], place);
			assert.equal(note, undefined, place);
		} finally {
			client.engine.closeAll();
		}
		const [request] = server.upgrades;
		const url = new URL(request.url ?? '', 'ws://server');
		assert.equal(url.pathname, '/chat', place);
		assert.match(url.searchParams.get('room') ?? '', /^ws-auth-check-/, place);
		const carriers = Object.entries(READ_TOKEN).filter(([, read]) => read(request) !== undefined).map(([where]) => where);
		assert.deepEqual(carriers, [place]);
		await server.close();
	}
});

test('a whole audit: every scenario a plain WebSocket server has PASSes, the others SKIP with the reason', async () => {
	const server = await startServer({ tokenIn: 'cookie', path: '/chat' });
	const config = configOf(['--url', `${server.origin}/chat`, '--token-in', 'cookie', '--cookie', COOKIE, '--origin', 'https://evil.example']);
	const sent = new Sent();
	const results = [];
	for await (const observation of observePlainWebSocket(config, tokenMaker(config.signing), sent)) {
		results.push(resultOf(observation, config.signing.sub, undefined, config.signing.userClaim));
	}
	assert.deepEqual(results.map((result) => result.id), SCENARIOS.map((scenario) => scenario.id));
	for (const result of results) {
		assert.equal(result.namespace, '/chat', result.id);
		const { socketIoOnly } = /** @type {import('./facts.mjs').Scenario} */ (SCENARIOS.find((scenario) => scenario.id === result.id));
		if (socketIoOnly === undefined) assert.equal(result.verdict, 'PASS', `${result.id}: ${result.outcome.join(' → ')}`);
		else assert.deepEqual([result.verdict, result.note], ['SKIP', `skipped: not on a plain WebSocket server, ${socketIoOnly}`]);
	}
	assert.deepEqual(results.find((result) => result.id === 'expiry')?.outcome, ['open', 'close:4401 TOKEN_EXPIRED']);
	// One connection per scenario, Alice's in leak besides; whoami once, and Alice's message.
	assert.deepEqual({ ...sent }, { connections: 12, events: 2 });
});

test('valid: a server without the --event says so; one that refuses Alice as an unknown user, that', async () => {
	const silent = await startServer({ tokenIn: 'protocol', whoami: false });
	const strangers = await startServer({ tokenIn: 'protocol', users: {} });
	for (const [server, outcomes, note] of /** @type {const} */ ([
		[silent, ['open', 'timeout'], /^"whoami" was not answered: give --event for an event that answers with the user$/],
		[strangers, ['http:401 USER_UNKNOWN'], /^Alice was refused exactly as a user the server does not know \(--unknown-sub\): does it know --sub alice/],
	])) {
		const config = configOf(['--url', server.origin]);
		const client = new PlainWebSocketClient(config, new Sent());
		try {
			const played = await client.play('valid', tokenMaker(config.signing));
			assert.deepEqual(played.outcomes, outcomes);
			assert.match(played.note ?? '', note);
		} finally {
			client.engine.closeAll();
		}
	}
});

test('leak on a server that lets every upgrade in: Alice\'s message under --receive-event FAILs; under another name, WARN and a note', async () => {
	const server = await startServer({ tokenIn: 'header', guardOnly: true });
	for (const [argv, verdict, outcomes, note] of /** @type {Array<[string[], string, string[], string | undefined]>} */ ([
		[[], 'FAIL', ['open', 'message:{"from":"Alice","text":"hello from Alice"}'], undefined],
		// Not the event this audit listens for: recorded as the frame it is.
		[['--receive-event', 'chat'], 'WARN', ['open', 'frame:{"event":"message","data":{"from":"Alice","text":"hello from Alice"}}'], 'opened without a token, and no "chat" arrived: if the server has no "send" event, give --broadcast-event; if it broadcasts under another name, give --receive-event'],
	])) {
		const config = configOf(['--url', server.origin, '--token-in', 'header', ...argv]);
		const client = new PlainWebSocketClient(config, new Sent());
		try {
			const played = await client.play('leak', tokenMaker(config.signing));
			assert.deepEqual(played, { outcomes, note });
			assert.equal(resultOf({ id: 'leak', namespace: '/', ...played }, 'alice').verdict, verdict);
		} finally {
			client.engine.closeAll();
		}
	}
});
