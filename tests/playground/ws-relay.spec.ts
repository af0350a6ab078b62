// The plain WebSocket relay (/live/<approach>/ws) of the playground server, for the examples on
// @nestjs/platform-ws: upstream first (the visitor gets the example's own answer to its upgrade),
// and the socket.io relay's limits. Each describe starts a server of its own (own port, limits and
// timeouts) and talks to it with a `ws` client or raw bytes: no browser. Loopback only.
import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import WebSocket from 'ws';
import { freePort, startPlayground, type StartedPlayground } from '../../scripts/start-playground.mjs';
import { killMarked } from './processes.ts';
import { send, sleep, upgrade, type RawResponse } from './raw-http.ts';
import { stalledPlainReader } from './raw-socket.ts';

const EXAMPLES = 'guard-only,ws-guard-only,ws-recommended';
/** How long the relay gives an example to answer an upgrade (ws-relay.ts's UPSTREAM_HANDSHAKE_MS). */
const UPSTREAM_HANDSHAKE_MS = 10_000;

interface Playground extends StartedPlayground {
	/** PUBLIC_ORIGIN: the origin of the playground's pages, which the examples allow. */
	publicOrigin: string;
}

/** Every marker this worker gave a server: afterAll kills whatever still carries one. */
const markers: string[] = [];
test.afterAll(() => killMarked(markers));

/** Starts a playground for the tests of the enclosing describe, and stops it after them. */
function playground(env: Record<string, string> = {}): () => Playground {
	let server: Playground;
	let marker: string;
	test.beforeAll(async () => {
		test.setTimeout(120_000);
		const port = await freePort();
		marker = `ws-relay-${randomUUID()}`;
		markers.push(marker);
		const publicOrigin = `http://playground.test:${port}`;
		const started = await startPlayground({
			port,
			env: {
				PLAYGROUND_EXAMPLES: EXAMPLES,
				PLAYGROUND_TEST_MARKER: marker,
				PUBLIC_ORIGIN: publicOrigin,
				TRUST_PROXY: '',
				TOKENS_PER_MINUTE: '100000',
				CONNECTIONS_PER_MINUTE: '100000',
				...env,
			},
		});
		server = { ...started, publicOrigin };
	});
	test.afterAll(async () => {
		await server?.stop();
		killMarked([marker]);
	});
	return () => server;
}

/** A demo token for a scenario of an example, as the playground page gets it. */
async function mint(port: number, approach: string, scenario: string): Promise<string> {
	const answer = await send(port, '/api/tokens', { 'content-type': 'application/json' }, 'POST', JSON.stringify({ approach, scenario }));
	expect(answer.status, `a token for ${approach}/${scenario}: ${answer.body}`).toBe(200);
	return JSON.parse(answer.body).token;
}

interface Client {
	ws: WebSocket;
	/** Every frame received, parsed. */
	frames: Array<{ event: string; data: unknown }>;
	/** `open` (101), or the HTTP answer that refused the upgrade. */
	answer: Promise<'open' | { status: number; body: string }>;
	closed: Promise<{ code: number; reason: string }>;
}

/** A `ws` client to /live/<approach>/ws, as a script (not a browser) would open it. */
function open(port: number, approach: string, { room = 'lobby', protocols = [] as string[], headers = {} as Record<string, string>, origin = undefined as string | undefined } = {}): Client {
	const ws = new WebSocket(`ws://127.0.0.1:${port}/live/${approach}/ws?room=${room}`, protocols, { headers, origin, perMessageDeflate: false });
	const frames: Client['frames'] = [];
	ws.on('error', () => {});
	ws.on('message', (data) => frames.push(JSON.parse(data.toString())));
	const closed = new Promise<{ code: number; reason: string }>((resolve) => ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
	const answer = new Promise<Awaited<Client['answer']>>((resolve) => {
		ws.once('open', () => resolve('open'));
		ws.once('unexpected-response', (_request, response) => {
			let body = '';
			response.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
			response.once('end', () => {
				resolve({ status: response.statusCode!, body });
				ws.terminate();
			});
		});
	});
	return { ws, frames, answer, closed };
}

/** Sends `{ event, data }` and waits for the frame that answers it. */
async function ask(client: Client, event: string, data: unknown = {}) {
	const before = client.frames.length;
	client.ws.send(JSON.stringify({ event, data }));
	await expect.poll(() => client.frames.slice(before).find((frame) => frame.event === event || frame.event === 'exception')).toBeTruthy();
	return client.frames.slice(before).find((frame) => frame.event === event || frame.event === 'exception')!;
}

const room = () => `ws-relay-${randomUUID().slice(0, 8)}`;

test.describe('the plain WebSocket relay', () => {
	const server = playground();

	test('ws-recommended without a token: the upgrade is answered 401 TOKEN_MISSING, the example\'s own answer, and never 101', async () => {
		const { port } = server();
		const answer = await upgrade(port, `/live/ws-recommended/ws?room=${room()}`);
		expect(answer.status).toBe(401);
		expect(answer.body).toBe('TOKEN_MISSING');
		expect(answer.headers['sec-websocket-accept'], 'no WebSocket').toBeUndefined();
		// The same for a client library: no open event, ever.
		const client = open(port, 'ws-recommended');
		expect(await client.answer).toEqual({ status: 401, body: 'TOKEN_MISSING' });
	});

	test('ws-recommended with a valid token offered as subprotocols: 101 with `bearer`, never the token, and whoami is Alice', async () => {
		const { port } = server();
		const token = await mint(port, 'ws-recommended', 'valid');
		const answer = await upgrade(port, `/live/ws-recommended/ws?room=${room()}`, { 'Sec-WebSocket-Protocol': `bearer, ${token}` });
		expect(answer.status).toBe(101);
		expect(answer.headers['sec-websocket-protocol']).toBe('bearer');

		const client = open(port, 'ws-recommended', { protocols: ['bearer', token] });
		expect(await client.answer).toBe('open');
		expect(client.ws.protocol).toBe('bearer');
		expect(await ask(client, 'whoami')).toEqual({ event: 'whoami', data: { id: 'alice', name: 'Alice', roles: ['member'] } });
		client.ws.close();
		// A client that is not a browser may send it as Authorization: it reaches the example too.
		const scripted = open(port, 'ws-recommended', { headers: { authorization: `Bearer ${token}` } });
		expect(await scripted.answer).toBe('open');
		expect((await ask(scripted, 'whoami')).data).toMatchObject({ id: 'alice' });
		scripted.ws.close();
	});

	test("the page's Origin reaches the example: the playground's pages get in, another site's get 403 ORIGIN_NOT_ALLOWED", async () => {
		const { port, publicOrigin } = server();
		const token = await mint(port, 'ws-recommended', 'valid');
		const ours = open(port, 'ws-recommended', { protocols: ['bearer', token], origin: publicOrigin });
		expect(await ours.answer).toBe('open');
		ours.ws.close();
		const theirs = open(port, 'ws-recommended', { protocols: ['bearer', token], origin: 'https://evil.example' });
		expect(await theirs.answer).toEqual({ status: 403, body: 'ORIGIN_NOT_ALLOWED' });
	});

	test("ws-guard-only without a token: the socket opens, and Alice's broadcast reaches it (INSECURE, as documented)", async () => {
		const { port } = server();
		const shared = room();
		const alice = open(port, 'ws-guard-only', { room: shared, protocols: ['bearer', await mint(port, 'ws-guard-only', 'valid')] });
		const intruder = open(port, 'ws-guard-only', { room: shared });
		expect(await alice.answer).toBe('open');
		expect(await intruder.answer).toBe('open');
		expect(intruder.ws.protocol, 'nothing offered, nothing chosen').toBe('');
		expect(await ask(alice, 'send', { text: 'hello from Alice' })).toEqual({ event: 'send', data: { ok: true } });
		await expect.poll(() => intruder.frames).toContainEqual({ event: 'message', data: { from: 'Alice', text: 'hello from Alice' } });
		expect((await ask(intruder, 'whoami')).data).toMatchObject({ message: 'Unauthorized' });
		for (const client of [alice, intruder]) client.ws.close();
	});

	test("the example's close reaches the client as it sent it: 4401 TOKEN_EXPIRED when the token expires", async () => {
		const { port } = server();
		const client = open(port, 'ws-recommended', { protocols: ['bearer', await mint(port, 'ws-recommended', 'expiry')] });
		expect(await client.answer).toBe('open');
		expect(await Promise.race([client.closed, sleep(5000).then(() => null)])).toEqual({ code: 4401, reason: 'TOKEN_EXPIRED' });
	});

	test('an approach is reachable with its own protocol only; other requests get a 4xx with a message', async () => {
		const { port } = server();
		const cases: Array<{ name: string; answer: RawResponse; status: number; message: RegExp }> = [
			{ name: 'unknown approach', answer: await upgrade(port, '/live/no-such-approach/ws'), status: 404, message: /Unknown approach "no-such-approach"/ },
			{ name: 'a socket.io example at /ws', answer: await upgrade(port, '/live/guard-only/ws'), status: 404, message: /speaks socket\.io.*\/live\/guard-only\/socket\.io\// },
			{
				name: 'a plain WebSocket example at /socket.io/',
				answer: await upgrade(port, '/live/ws-recommended/socket.io/?EIO=4&transport=websocket'),
				status: 404,
				message: /plain WebSocket.*\/live\/ws-recommended\/ws/,
			},
			{ name: 'not an upgrade', answer: await send(port, '/live/ws-recommended/ws'), status: 426, message: /is a WebSocket endpoint/ },
			{ name: 'a malformed upgrade', answer: await upgrade(port, '/live/ws-recommended/ws', { 'Sec-WebSocket-Protocol': 'bearer, bearer' }), status: 400, message: /Sec-WebSocket-Protocol/ },
		];
		for (const { name, answer, status, message } of cases) {
			expect(answer.status, `${name}: ${answer.body}`).toBe(status);
			expect(JSON.parse(answer.body).error, name).toMatch(message);
		}
		// The socket.io relay is unchanged.
		expect((await upgrade(port, '/live/guard-only/socket.io/?EIO=4&transport=websocket')).status).toBe(101);
	});

	test('a client that sends faster than 20 messages a second is closed with 4002; one within the limit is not', async () => {
		const { port } = server();
		const token = await mint(port, 'ws-guard-only', 'valid');
		const flood = open(port, 'ws-guard-only', { room: room(), protocols: ['bearer', token] });
		expect(await flood.answer).toBe('open');
		for (let i = 0; i < 100; i++) flood.ws.send(JSON.stringify({ event: 'whoami', data: {} }));
		const closed = await Promise.race([flood.closed, sleep(10_000).then(() => null)]);
		expect(closed?.code, `100 messages at once (${flood.frames.length} answers)`).toBe(4002);
		expect(closed?.reason).toMatch(/sends too fast/);
		// A burst of 20, then one more a second later.
		const polite = open(port, 'ws-guard-only', { room: room(), protocols: ['bearer', token] });
		expect(await polite.answer).toBe('open');
		for (let i = 0; i < 20; i++) polite.ws.send(JSON.stringify({ event: 'whoami', data: {} }));
		await sleep(1000);
		polite.ws.send(JSON.stringify({ event: 'whoami', data: {} }));
		await expect.poll(() => polite.frames.filter((frame) => frame.event === 'whoami').length).toBe(21);
		expect(polite.ws.readyState).toBe(WebSocket.OPEN);
		polite.ws.close();
	});

	test('a frame over 64 KB closes the socket with 1009', async () => {
		const { port } = server();
		const client = open(port, 'ws-guard-only', { room: room(), protocols: ['bearer', await mint(port, 'ws-guard-only', 'valid')] });
		expect(await client.answer).toBe('open');
		client.ws.send(JSON.stringify({ event: 'send', data: { text: 'x'.repeat(65 * 1024) } }));
		expect((await Promise.race([client.closed, sleep(5000).then(() => null)]))?.code).toBe(1009);
	});

	test('a visitor that leaves while the example has not answered leaves no connection to it; one that waits gets 502', async () => {
		test.setTimeout(60_000);
		const { port, child } = server();
		const health = JSON.parse((await send(port, '/api/health')).body);
		const pid: number = health.examples.find((example: { slug: string }) => example.slug === 'ws-recommended').pid;
		const examplePort = listeningPorts(pid)[0]!;
		expect(examplePort, 'the port ws-recommended listens on').toBeGreaterThan(0);
		const toExample = () => establishedTo(examplePort, child.pid!);
		// Stopped, the example accepts TCP connections (the kernel does) and answers nothing.
		process.kill(pid, 'SIGSTOP');
		try {
			const leaving = Array.from({ length: 5 }, () => open(port, 'ws-recommended'));
			await expect.poll(toExample, { message: 'the relay opens the example side first' }).toBe(5);
			for (const client of leaving) client.ws.terminate();
			await expect.poll(toExample, { message: "the example's side is closed with the visitor's" }).toBe(0);
			const waiting = open(port, 'ws-recommended');
			const answer = await Promise.race([waiting.answer, sleep(UPSTREAM_HANDSHAKE_MS + 5000).then(() => 'no answer')]);
			expect(answer).toEqual({ status: 502, body: JSON.stringify({ error: 'The ws-recommended example did not answer.', status: 502 }) });
			expect(toExample()).toBe(0);
		} finally {
			process.kill(pid, 'SIGCONT');
		}
	});
});

test.describe('the plain WebSocket relay, a client that never reads', () => {
	// Rates raised so that one sender can outrun the kernel's buffers (a few MB per loopback
	// socket): what is tested is the queue cap, on a socket nobody reads.
	const server = playground({ SOCKET_MESSAGES_PER_SECOND: '1000000', SOCKET_BYTES_PER_SECOND: '1000000000' });

	test('is closed with 4001 once its queue passes the limit; a client that reads stays', async () => {
		test.setTimeout(90_000);
		const { port } = server();
		const shared = room();
		const stalled = await stalledPlainReader(port, `/live/ws-guard-only/ws?room=${shared}`);
		const reader = open(port, 'ws-guard-only', { room: shared });
		const sender = open(port, 'ws-guard-only', { room: shared, protocols: ['bearer', await mint(port, 'ws-guard-only', 'valid')] });
		expect([await reader.answer, await sender.answer]).toEqual(['open', 'open']);
		// 12,000 broadcasts of about 550 bytes: 6.6 MB for each reader, more than the kernel holds.
		const messages = 12_000;
		const text = 'x'.repeat(490);
		const broadcasts = () => reader.frames.filter((frame) => frame.event === 'message').length;
		for (let sent = 0; sent < messages; sent += 500) {
			for (let i = 0; i < 500; i++) sender.ws.send(JSON.stringify({ event: 'send', data: { text } }));
			await expect.poll(broadcasts, { timeout: 20_000 }).toBeGreaterThanOrEqual(sent + 500);
		}
		const { frames, close } = await stalled.readAll(10_000);
		expect(close?.code, `after ${messages} broadcasts (${frames} frames read)`).toBe(4001);
		expect(close?.reason).toMatch(/reads too slowly/);
		expect(frames).toBeLessThan(messages);
		expect(reader.ws.readyState, 'the reader that reads is still open').toBe(WebSocket.OPEN);
		for (const client of [reader, sender]) client.ws.terminate();
		stalled.destroy();
	});
});

test.describe('the plain WebSocket relay, limits per client', () => {
	const server = playground({ CONNECTIONS_PER_MINUTE: '10', IDLE_TIMEOUT_MS: '2000' });

	test('a client that answers no ping is cut off within two idle periods', async () => {
		const { port } = server();
		const stalled = await stalledPlainReader(port, `/live/ws-guard-only/ws?room=${room()}`);
		const started = Date.now();
		// It reads (and so notices the end of the connection), but answers no ping.
		void stalled.readAll(2 * 2000 + 5000);
		await expect.poll(() => stalled.closed, { timeout: 2 * 2000 + 5000 }).toBe(true);
		expect(Date.now() - started).toBeGreaterThanOrEqual(2000);
		stalled.destroy();
	});

	test('new plain WebSockets count with socket.io handshakes: past 10 a minute, 429 with Retry-After', async () => {
		const { port } = server();
		const started = Date.now();
		const answers: Array<{ kind: string; answer: RawResponse }> = [];
		for (let round = 0; round < 8; round++) {
			answers.push({ kind: 'ws', answer: await upgrade(port, `/live/ws-guard-only/ws?room=${room()}`) });
			answers.push({ kind: 'socket.io', answer: await send(port, '/live/guard-only/socket.io/?EIO=4&transport=polling') });
		}
		const accepted = answers.filter(({ answer }) => answer.status === 101 || answer.status === 200);
		// 10 a minute, one used by the test above: one more may have been refilled every 6 s the loop took.
		expect(accepted.length, answers.map(({ kind, answer }) => `${kind} ${answer.status}`).join(', ')).toBeLessThanOrEqual(10 + Math.ceil((Date.now() - started) / 6000));
		expect(accepted.some(({ kind }) => kind === 'ws') && accepted.some(({ kind }) => kind === 'socket.io')).toBe(true);
		for (const { kind, answer } of answers.filter((answer) => !accepted.includes(answer))) {
			expect(answer.status, `${kind}: ${answer.body}`).toBe(429);
			expect(Number(answer.headers['retry-after']), `${kind}: Retry-After`).toBeGreaterThan(0);
			expect(JSON.parse(answer.body).error).toMatch(/Too many new connections/);
		}
	});
});

/** This machine's TCP sockets (Linux's /proc/net/tcp): ports, state (01 established, 0A listening) and inode. */
function tcpSockets() {
	return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) =>
		existsSync(file)
			? readFileSync(file, 'utf8')
					.trim()
					.split('\n')
					.slice(1)
					.map((line) => {
						const [, local, remote, state, , , , , , inode] = line.trim().split(/\s+/);
						const portOf = (address: string) => parseInt(address.split(':')[1]!, 16);
						return { local: portOf(local!), remote: portOf(remote!), state, inode };
					})
			: [],
	);
}

/** The inodes of a process's sockets, which name them in /proc/net/tcp. */
function socketInodes(pid: number): Set<string | undefined> {
	return new Set(
		readdirSync(`/proc/${pid}/fd`).map((fd) => {
			try {
				return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
			} catch {
				return undefined;
			}
		}),
	);
}

/** The ports a process listens on. */
function listeningPorts(pid: number): number[] {
	const inodes = socketInodes(pid);
	return tcpSockets()
		.filter(({ state, inode }) => state === '0A' && inodes.has(inode))
		.map(({ local }) => local);
}

/** Established connections from a process to a port: the server's sockets to its example. */
function establishedTo(port: number, pid: number): number {
	const inodes = socketInodes(pid);
	return tcpSockets().filter(({ state, remote, inode }) => state === '01' && remote === port && inodes.has(inode)).length;
}
