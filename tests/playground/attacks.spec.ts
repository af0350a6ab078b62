import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { freePort, startPlayground, type StartedPlayground } from '../../scripts/start-playground.mjs';
import { REPO_ROOT } from './playground-page.ts';
import { killMarked, processesWithMarker } from './processes.ts';
import { answering, exchange, open, parseResponses, send, sleep, upgrade, type RawConnection, type RawResponse } from './raw-http.ts';
import { connectRaw, messageFrame, stalledReader } from './raw-socket.ts';

/**
 * Regression tests for the findings of an outside review of the playground server: each one
 * attacks a server of its own (own port, small timeouts and limits), with raw bytes and no browser.
 */

const TIMEOUTS = { HEADERS_TIMEOUT_MS: 2000, REQUEST_TIMEOUT_MS: 3000, IDLE_TIMEOUT_MS: 5000, KEEP_ALIVE_TIMEOUT_MS: 1000 };
/** How much later than its configured timeout the server may close a connection. */
const SLACK_MS = 5000;
const MAX_CONNECTIONS_PER_ADDRESS = 20;
const HANDSHAKE = '/live/guard-only/socket.io/?EIO=4&transport=polling';
const MINT_BODY = JSON.stringify({ approach: 'guard-only', scenario: 'valid' });

interface Playground extends StartedPlayground {
	/** http://127.0.0.1:<port> (where the tests connect), and PUBLIC_ORIGIN (a reader's name for it). */
	origin: string;
	publicOrigin: string;
}

/** Every marker this worker gave a process: afterAll kills whatever still carries one. */
const markers: string[] = [];

/** Starts a playground for the tests of the enclosing describe (or file), and stops it after them. */
function playground(env: Record<string, string | number> = {}): () => Playground {
	let server: Playground;
	let marker: string;
	test.beforeAll(async () => {
		test.setTimeout(120_000);
		const port = await freePort();
		marker = `attacks-${randomUUID()}`;
		markers.push(marker);
		const publicOrigin = `http://playground.test:${port}`;
		const started = await startPlayground({
			port,
			env: {
				PLAYGROUND_EXAMPLES: 'guard-only',
				PLAYGROUND_TEST_MARKER: marker,
				PUBLIC_ORIGIN: publicOrigin,
				// Unset unless a test sets it, whatever the shell running the tests has.
				TRUST_PROXY: '',
				TOKENS_PER_MINUTE: '100000',
				CONNECTIONS_PER_MINUTE: '100000',
				MAX_CONNECTIONS_PER_ADDRESS: String(MAX_CONNECTIONS_PER_ADDRESS),
				...stringValues(TIMEOUTS),
				...stringValues(env),
			},
		});
		server = { ...started, origin: started.url, publicOrigin };
	});
	test.afterAll(async () => {
		await server?.stop();
		killMarked([marker]);
	});
	return () => server;
}

// Whatever a failed test left behind: npm, its shell, a server, an example.
test.afterAll(() => killMarked(markers));

test.describe('crafted requests', () => {
	const server = playground();

	test('finding 1: a chunked GET cannot smuggle a request onto the upstream connection that visitors share', async () => {
		const { port } = server();
		// The attacker's own session. The smuggled request is a long-poll on it: its answer comes
		// late, when a visitor's request has been given the same upstream connection, and it is an
		// answer the attacker chooses (the packet posted below).
		const sid = sidOf(await send(port, HANDSHAKE));
		expect(sid, "the attacker's own handshake").toBeTruthy();
		const smuggled = `GET /socket.io/?EIO=4&transport=polling&sid=${sid} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
		const [attack] = await exchange(
			port,
			`GET ${HANDSHAKE}&sid= HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
				`${smuggled.length.toString(16)}\r\n${smuggled}\r\n0\r\n\r\n`,
			5000,
		);
		const visitors = Array.from({ length: 5 }, () => send(port, HANDSHAKE).catch((error: Error) => ({ status: 0, headers: {}, body: error.message })));
		await sleep(300);
		await send(port, `${HANDSHAKE}&sid=${sid}`, { 'content-type': 'text/plain;charset=UTF-8' }, 'POST', '40/attacker-was-here,').catch(() => undefined);
		const answers = await Promise.all(visitors);
		for (const answer of answers) {
			expect(answer.body, 'finding 1: a visitor was answered with what the attacker smuggled').not.toContain('attacker-was-here');
			expect(answer.status, `finding 1: a visitor's handshake failed: ${answer.body}`).toBe(200);
			expect(answer.body, 'finding 1: a visitor got no engine.io handshake').toMatch(/^0\{.*"sid"/);
		}
		expect(new Set(answers.map(sidOf)).size, 'finding 1: two visitors got the same session').toBe(answers.length);
		expect(attack?.status, 'finding 1: a GET with a body must be refused').toBe(400);
	});

	test('finding 4: no redirect leads to another host', async () => {
		const { port, origin, publicOrigin } = server();
		const redirected = [];
		// The last one is a redirect the site does make (to /playground/): the checks do run.
		for (const path of ['/.//evil.example/%2e%2e%2fplayground', '//evil.example/..%2fplayground', '/\\evil.example/..', '/%2F%2Fevil.example/..%2fplayground', '/playground']) {
			const { status, headers } = await send(port, path);
			expect(status, `finding 4: ${path}`).toBeLessThan(500);
			const location = headers.location;
			if (location === undefined) continue;
			redirected.push(path);
			// Browsers read "//host" and "/\host" as another host; a scheme names one outright.
			expect(location, `finding 4: ${path} redirects to a network path`).not.toMatch(/^[/\\]{2}/);
			expect([origin, publicOrigin].includes(new URL(location, origin).origin), `finding 4: ${path} redirects to ${location}`).toBe(true);
		}
		expect(redirected, 'a folder without its slash is redirected').toContain('/playground');
	});

	test('finding 5: a malformed percent-encoding is a 4xx with a message, not a 500 and an error log line', async () => {
		const { port } = server();
		const logged = { stdout: server().stdout().length, stderr: server().stderr().length };
		const answers = {
			'/live/%E0%A4%A/socket.io/': await send(port, '/live/%E0%A4%A/socket.io/?EIO=4&transport=polling'),
			'/%E0%A4%A/': await send(port, '/%E0%A4%A/'),
			'upgrade /live/%E0%A4%A/socket.io/': await upgrade(port, '/live/%E0%A4%A/socket.io/?EIO=4&transport=websocket'),
		};
		for (const [name, { status, headers, body }] of Object.entries(answers)) {
			expect(status === 400 || status === 404, `finding 5: ${name} answered ${status} ${body}`).toBe(true);
			expect(headers['content-type'], `finding 5: ${name}`).toMatch(/json|html/);
			expect(body.length, `finding 5: ${name} has no message`).toBeGreaterThan(0);
		}
		await sleep(300);
		const stdout = server().stdout().slice(logged.stdout);
		expect(server().stderr().slice(logged.stderr), 'finding 5: the bad requests were logged as errors').toBe('');
		// pino (Fastify's logger) writes errors as level 50, fatal as 60; stack frames start with "at".
		expect(stdout, 'finding 5: the bad requests were logged as errors').not.toMatch(/"level":\s*(5|6)0\b|"level":\s*"(error|fatal)"|^\s+at /m);
	});

	test('finding 6: tokens go to pages of the public origin only, whatever the Host header says', async () => {
		const { port, origin, publicOrigin } = server();
		const mint = (host: string, from: string) => send(port, '/api/tokens', { host, origin: from, 'content-type': 'application/json' }, 'POST', MINT_BODY);
		const cases: Array<[host: string, origin: string, status: number]> = [
			// DNS rebinding: evil.example resolves to us, so its pages send Host and Origin that agree.
			['evil.example', 'http://evil.example', 403],
			[`evil.example:${port}`, `http://evil.example:${port}`, 403],
			[`playground.test:${port}`, publicOrigin, 200],
			[`127.0.0.1:${port}`, origin, 200],
			[`localhost:${port}`, `http://localhost:${port}`, 200],
		];
		for (const [host, from, status] of cases) {
			const answer = await mint(host, from);
			expect(answer.status, `finding 6: Host ${host}, Origin ${from}: ${answer.body}`).toBe(status);
		}
	});

	test('finding 7: only real fingerprinted files are cached for a year', async () => {
		const { port } = server();
		const asset = readdirSync(`${REPO_ROOT}dist/_astro`).find((name) => name.endsWith('.js'));
		expect(asset, 'a built script under dist/_astro').toBeTruthy();
		const real = await send(port, `/_astro/${asset}`);
		expect(real.status).toBe(200);
		expect(real.headers['cache-control'], 'finding 7: a fingerprinted file is immutable').toContain('immutable');

		for (const path of [`/_astro/nope-${randomUUID()}.js`, '/_astro/..%2fplayground/', '/_astro/%2e%2e/playground/', '/playground/', '/no-such-page/']) {
			const { status, headers } = await send(port, path);
			if (path.includes('nope-')) expect(status, `finding 7: ${path}`).toBe(404);
			if (status < 400 && !headers['content-type']?.startsWith('text/html')) continue;
			const cacheControl = headers['cache-control'] ?? '';
			expect(cacheControl, `finding 7: ${path} (${status}) is immutable`).not.toContain('immutable');
			expect(Number(/max-age=(\d+)/.exec(cacheControl)?.[1] ?? 0), `finding 7: ${path} (${status}) has a max-age`).toBe(0);
		}
	});

	test('finding 9: without TRUST_PROXY, a forwarded request gets no process ids', async () => {
		const { port } = server();
		expect(pids(await send(port, '/api/health')).every((pid) => typeof pid === 'number'), 'a loopback client sees the pids').toBe(true);
		for (const forwarded of ['203.0.113.7', '127.0.0.1']) {
			const shown = pids(await send(port, '/api/health', { 'x-forwarded-for': forwarded }));
			expect(shown, `finding 9: X-Forwarded-For: ${forwarded} sees process ids`).toEqual(shown.map(() => null));
		}
	});
});

test.describe('connection rate limit', () => {
	const server = playground({ CONNECTIONS_PER_MINUTE: 10 });

	test('finding 2: an empty or repeated sid and the WebSocket transport count as new connections', async () => {
		const { port } = server();
		// engine.io reads the last sid of a query, and an empty sid is a handshake.
		const kinds: Record<string, () => Promise<RawResponse>> = {
			'polling, sid=': () => send(port, `${HANDSHAKE}&sid=`),
			'polling, sid=x&sid=': () => send(port, `${HANDSHAKE}&sid=x&sid=`),
			'websocket, sid=': () => upgrade(port, '/live/guard-only/socket.io/?EIO=4&transport=websocket&sid='),
		};
		const started = Date.now();
		const answers: Array<{ kind: string; answer: RawResponse }> = [];
		for (let round = 0; round < 6; round++) {
			for (const [kind, attempt] of Object.entries(kinds)) answers.push({ kind, answer: await attempt() });
		}
		const accepted = answers.filter(({ answer }) => answer.status === 101 || (answer.status === 200 && answer.body.startsWith('0{')));
		// 10 a minute: one more may have been refilled every 6 s the loop took.
		const allowed = 10 + Math.ceil((Date.now() - started) / 6000);
		expect(accepted.length, `finding 2: accepted ${accepted.map(({ kind }) => kind).join('; ')}`).toBeLessThanOrEqual(allowed);
		for (const { kind, answer } of answers.filter((answer) => !accepted.includes(answer))) {
			expect(answer.status, `finding 2: ${kind}: ${answer.body}`).toBe(429);
			expect(answer.headers['content-type'], `finding 2: ${kind}: a JSON message`).toContain('json');
			expect(Number(answer.headers['retry-after']), `finding 2: ${kind}: Retry-After`).toBeGreaterThan(0);
			expect(JSON.parse(answer.body).error, `finding 2: ${kind}: a message`).toMatch(/\w/);
		}
	});

	test('finding 2: without TRUST_PROXY, X-Forwarded-For does not give a new allowance', async () => {
		const { port } = server();
		// Shares the limiter window with the test above: whatever is left of 10, never 15.
		const started = Date.now();
		const statuses = [];
		for (let i = 1; i <= 15; i++) statuses.push((await send(port, HANDSHAKE, { 'x-forwarded-for': `198.51.100.${i}` })).status);
		const allowed = 10 + Math.ceil((Date.now() - started) / 6000);
		expect(statuses.filter((status) => status === 200).length, `finding 2: ${statuses.join(' ')}`).toBeLessThanOrEqual(allowed);
		expect(statuses, 'finding 2').toContain(429);
	});
});

test.describe('slow and greedy clients', () => {
	const server = playground();

	test(`finding 8: at most ${MAX_CONNECTIONS_PER_ADDRESS} connections per address; the extra ones are closed`, async () => {
		const { port } = server();
		const connections: RawConnection[] = [];
		try {
			for (let i = 0; i < MAX_CONNECTIONS_PER_ADDRESS + 10; i++) connections.push(await open(port));
			await sleep(500);
			// Right away: the server's head timeout would close idle connections soon.
			const statuses = await Promise.all(connections.map((connection) => statusOn(connection, port)));
			expect(statuses.slice(0, MAX_CONNECTIONS_PER_ADDRESS), 'finding 8: the first connections still work').toEqual(statuses.slice(0, MAX_CONNECTIONS_PER_ADDRESS).map(() => 200));
			expect(statuses.slice(MAX_CONNECTIONS_PER_ADDRESS), 'finding 8: connections beyond the cap were served').not.toContain(200);
		} finally {
			for (const connection of connections) connection.socket.destroy();
		}
		await expect.poll(async () => (await send(port, '/api/health').catch(() => undefined))?.status, { message: 'finding 8: a new connection works again', timeout: 5000 }).toBe(200);
	});

	test('finding 8: a trickled head, a trickled body and an idle connection are closed by the server', async () => {
		const { port } = server();
		const headBound = TIMEOUTS.HEADERS_TIMEOUT_MS + SLACK_MS;
		const bodyBound = TIMEOUTS.REQUEST_TIMEOUT_MS + SLACK_MS;
		const idleBound = TIMEOUTS.IDLE_TIMEOUT_MS + SLACK_MS;
		const [head, body, idle] = await Promise.all([
			trickle(port, `GET /playground/ HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nX-Slow: `, 'a', headBound),
			trickle(port, `POST /api/tokens HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"a":"`, 'a', bodyBound),
			trickle(port, '', '', idleBound),
		]);
		expect.soft(head, `finding 8: a head trickled a byte every 500 ms was still open after ${headBound} ms`).toBe(true);
		expect.soft(body, `finding 8: a body trickled a byte every 500 ms was still open after ${bodyBound} ms`).toBe(true);
		expect(idle, `finding 8: a connection that sent nothing was still open after ${idleBound} ms`).toBe(true);
	});
});

test.describe('behind a trusted proxy', () => {
	const server = playground({ TRUST_PROXY: '127.0.0.1' });

	test('finding 9: /api/health shows process ids to loopback clients only', async () => {
		const { port } = server();
		const remote = pids(await send(port, '/api/health', { 'x-forwarded-for': '203.0.113.7' }));
		expect(remote, 'finding 9: a client at 203.0.113.7 sees process ids').toEqual(remote.map(() => null));
		const local = pids(await send(port, '/api/health'));
		expect(local.every((pid) => typeof pid === 'number'), `finding 9: a loopback client sees ${local}`).toBe(true);
	});
});

test.describe('npm start', () => {
	for (const signal of ['SIGTERM', 'SIGINT'] as const) {
		test(`finding 3: ${signal} to the npm process stops the server and every example`, async () => {
			test.setTimeout(120_000);
			const marker = `attacks-npm-${randomUUID()}`;
			markers.push(marker);
			const { port, child: npm, stdout, stderr } = await startPlayground({
				command: ['npm', 'start'],
				env: { PLAYGROUND_EXAMPLES: 'guard-only', PLAYGROUND_TEST_MARKER: marker },
			});
			// The npm process only, not its group: what a process manager or `kill <pid>` does.
			npm.kill(signal);
			await expect
				.poll(async () => ({ answering: await answering(port), left: processesWithMarker(marker) }), {
					message: `finding 3: still running 15 s after ${signal} to npm start:\n${stdout()}${stderr()}`,
					timeout: 15_000,
				})
				.toEqual({ answering: false, left: [] });
		});
	}
});

// The second review: what a client that never reads, floods, or frames its requests oddly costs.

test.describe('review 2: sockets that never read or send too fast', () => {
	// The rates are raised so that one sender can outrun the kernel's buffers (about 4 MB per
	// loopback socket): what is tested here is the queue cap, on a socket nobody reads.
	const server = playground({ SOCKET_MESSAGES_PER_SECOND: 1_000_000, SOCKET_BYTES_PER_SECOND: 1_000_000_000 });

	test('finding 1: a WebSocket that never reads is closed with 4001 once its queue passes the limit', async () => {
		test.setTimeout(90_000);
		const { port } = server();
		const room = `stalled-${randomUUID().slice(0, 8)}`;
		const token = await mint(port, server().publicOrigin);
		const stalled = await Promise.all([1, 2, 3].map(() => stalledReader(port, 'guard-only', { room })));
		const reader = await connectRaw(port, 'guard-only', { room });
		const sender = await connectRaw(port, 'guard-only', { room, token });
		// 12,000 broadcasts of about 560 bytes: 6.7 MB for each reader, more than the kernel holds.
		const messages = 12_000;
		const text = 'x'.repeat(500);
		for (let sent = 0; sent < messages; sent += 500) {
			for (let id = sent; id < sent + 500; id++) sender.ws.send(messageFrame(id, text));
			await expect.poll(() => reader.frames.filter((frame) => frame.startsWith('42["message"')).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(sent + 500);
		}
		// Read now what the server kept for them: ws waits 30 s for a closing client before it cuts it off.
		const outcomes = await Promise.all(stalled.map((socket) => socket.readAll(10_000)));
		for (const [index, { frames, close }] of outcomes.entries()) {
			expect(close?.code, `finding 1: stalled reader ${index + 1} after ${messages} broadcasts (${frames} frames read)`).toBe(4001);
			expect(close?.reason).toMatch(/reads too slowly/);
			expect(frames, `finding 1: stalled reader ${index + 1} got every broadcast`).toBeLessThan(messages);
		}
		expect(reader.ws.readyState, 'finding 1: the reader that reads is still connected').toBe(reader.ws.OPEN);
		for (const socket of [reader, sender]) socket.ws.terminate();
		for (const socket of stalled) socket.destroy();
	});

	test('finding 1: a long-polling post is text/plain of at most 64 KB', async () => {
		const { port } = server();
		const sid = sidOf(await send(port, HANDSHAKE));
		expect(sid, 'a polling session').toBeTruthy();
		const post = (body: string) => send(port, `${HANDSHAKE}&sid=${sid}`, { 'content-type': 'text/plain;charset=UTF-8' }, 'POST', body);
		expect((await post('40')).status, 'the CONNECT packet').toBe(200);
		// Whatever the rates, a post is one message at most MAX_MESSAGE_BYTES long, and text.
		const tooLarge = await post(Array.from({ length: 200 }, () => `42["message",{"text":"${'x'.repeat(500)}"}]`).join('\x1e'));
		expect(tooLarge.status, `finding 1: a 100 KB post: ${tooLarge.body}`).toBe(413);
		expect(JSON.parse(tooLarge.body).error).toMatch(/larger than/);
		const notText = await send(port, `${HANDSHAKE}&sid=${sid}`, { 'content-type': 'application/json' }, 'POST', '"40"');
		expect(notText.status, `finding 1: a JSON post: ${notText.body}`).toBe(415);
	});
});

test.describe('review 2: the default per-socket limits', () => {
	const server = playground();

	test('finding 1: a WebSocket that sends faster than 20 messages a second is closed with 4002', async () => {
		const { port } = server();
		const sender = await connectRaw(port, 'guard-only', { token: await mint(port, server().publicOrigin) });
		for (let id = 0; id < 100; id++) sender.ws.send(messageFrame(id, 'hello'));
		const closed = await Promise.race([sender.closed, sleep(10_000).then(() => null)]);
		expect(closed?.code, `finding 1: 100 messages at once (${sender.frames.length} frames back)`).toBe(4002);
		expect(closed?.reason).toMatch(/sends too fast/);
		// Within the limit: a burst of 20, then one more message a second later.
		const polite = await connectRaw(port, 'guard-only', { token: await mint(port, server().publicOrigin) });
		for (let id = 0; id < 20; id++) polite.ws.send(messageFrame(id, 'hello'));
		await sleep(1000);
		polite.ws.send(messageFrame(20, 'hello'));
		await expect.poll(() => polite.frames.filter((frame) => frame.startsWith('43')).length, { message: 'every message acknowledged' }).toBe(21);
		expect(polite.ws.readyState).toBe(polite.ws.OPEN);
		polite.ws.terminate();
	});

	test('finding 1: a polling session that posts 100 packets at once gets 429; one that stops polling gets 409', async () => {
		test.setTimeout(60_000);
		const { port } = server();
		const session = async () => {
			const sid = sidOf(await send(port, HANDSHAKE));
			const post = (body: string) => send(port, `${HANDSHAKE}&sid=${sid}`, { 'content-type': 'text/plain;charset=UTF-8' }, 'POST', body);
			expect((await post('40')).status, 'the CONNECT packet').toBe(200);
			return post;
		};
		const flood = await (await session())(Array.from({ length: 100 }, () => '3').join('\x1e'));
		expect(flood.status, `finding 1: 100 packets in one post: ${flood.body}`).toBe(429);
		expect(JSON.parse(flood.body).error).toMatch(/sends too fast/);
		// Never polls, and answers pings it never read: engine.io would keep it, and buffer for it, forever.
		const blind = await session();
		expect((await blind('3')).status, 'a pong within the first seconds').toBe(200);
		await sleep(11_000);
		const refused = await blind('3');
		expect(refused.status, `finding 1: a pong from a session that has not polled for 11 s: ${refused.body}`).toBe(409);
		expect(JSON.parse(refused.body).error).toMatch(/has not polled/);
	});
});

test.describe('review 2: one reading of the request target', () => {
	const server = playground({ CONNECTIONS_PER_MINUTE: 10 });

	test('finding 2: a handshake in absolute form, with sid repeated, counts against the limit', async () => {
		const { port } = server();
		const absolute = `http://127.0.0.1:${port}`;
		const kinds: Record<string, () => Promise<RawResponse>> = {
			'polling, absolute form, sid=x&sid=': () => send(port, `${absolute}${HANDSHAKE}&sid=x&sid=`),
			'websocket, absolute form, sid=x&sid=': () => upgrade(port, `${absolute}/live/guard-only/socket.io/?EIO=4&transport=websocket&sid=x&sid=`),
		};
		const started = Date.now();
		const answers: Array<{ kind: string; answer: RawResponse }> = [];
		for (let round = 0; round < 10; round++) {
			for (const [kind, attempt] of Object.entries(kinds)) answers.push({ kind, answer: await attempt() });
		}
		const accepted = answers.filter(({ answer }) => answer.status === 101 || (answer.status === 200 && answer.body.startsWith('0{')));
		const allowed = 10 + Math.ceil((Date.now() - started) / 6000);
		expect(accepted.length, `finding 2: accepted ${accepted.map(({ kind }) => kind).join('; ')}`).toBeLessThanOrEqual(allowed);
		for (const { kind, answer } of answers.filter((answer) => !accepted.includes(answer))) expect(answer.status, `finding 2: ${kind}`).toBe(429);
	});

	test('finding 2: request targets that are not a path or an http URL, or that carry a fragment, get a 400 with a message', async () => {
		const { port } = server();
		const optionsFor = async (target: string) => (await exchange(port, `OPTIONS ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`))[0];
		for (const target of ['*', '/live/guard-only/socket.io/#?EIO=4&transport=polling', `ftp://127.0.0.1:${port}/api/health`]) {
			const answer = await optionsFor(target);
			expect(answer?.status, `finding 2: ${target}`).toBe(400);
			expect(JSON.parse(answer!.body).error, `finding 2: ${target}`).toMatch(/request target/);
		}
		// The authority form never gets past Node's HTTP parser: Fastify's JSON 400 for a client error.
		const authority = await optionsFor(`127.0.0.1:${port}`);
		expect(authority?.status, 'finding 2: the authority form').toBe(400);
		expect(JSON.parse(authority!.body).error).toBe('Bad Request');
		expect((await send(port, `http://127.0.0.1:${port}/api/health`)).status, 'the absolute form of a path is served').toBe(200);
	});
});

test.describe('review 2: HTTP semantics on proxied answers', () => {
	const server = playground();

	test('finding 3: Connection: close is honoured on an answer from an example', async () => {
		const { port } = server();
		const connection = await open(port);
		try {
			connection.socket.write(`GET ${HANDSHAKE} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
			expect(await connection.closedWithin(2000), `finding 3: still open 2 s after the answer:\n${connection.received()}`).toBe(true);
			const [answer] = parseResponses(connection.received());
			expect(answer?.status).toBe(200);
			expect(answer?.headers.connection, 'finding 3: the answer says the connection closes').toBe('close');
			expect(answer?.headers['keep-alive'], "finding 3: the example's keep-alive header").toBeUndefined();
		} finally {
			connection.socket.destroy();
		}
	});

	test('finding 4: a /live/ post with Expect: 100-continue gets 100, then the example\'s answer, and no log line blames the example', async () => {
		const { port, stdout, stderr } = server();
		const sid = sidOf(await send(port, HANDSHAKE));
		const connection = await open(port);
		try {
			connection.socket.write(
				`POST ${HANDSHAKE}&sid=${sid} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: 2\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n`,
			);
			await expect.poll(() => connection.received(), { message: 'finding 4: 100 Continue' }).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\n/);
			connection.socket.write('40');
			await connection.closedWithin(5000);
			const final = parseResponses(connection.received().replace(/^HTTP\/1\.1 100 Continue\r\n\r\n/, ''))[0];
			expect(final?.status, `finding 4: ${final?.body}`).toBe(200);
			expect(final?.body).toBe('ok');
		} finally {
			connection.socket.destroy();
		}
		expect(`${stdout()}${stderr()}`, 'finding 4: a log line blames the example').not.toMatch(/did not answer/);
	});
});

function sidOf(answer: RawResponse): string | undefined {
	try {
		return JSON.parse(answer.body.slice(1)).sid;
	} catch {
		return undefined;
	}
}

/** A valid demo token for guard-only, minted as the playground page does. */
async function mint(port: number, publicOrigin: string): Promise<string> {
	const answer = await send(port, '/api/tokens', { origin: publicOrigin, 'content-type': 'application/json' }, 'POST', MINT_BODY);
	expect(answer.status, `minting a token: ${answer.body}`).toBe(200);
	return JSON.parse(answer.body).token;
}

/** The example pids /api/health shows; absent counts as null. */
function pids(answer: RawResponse): Array<number | null> {
	return (JSON.parse(answer.body).examples as Array<{ pid?: number | null }>).map((example) => example.pid ?? null);
}

/** A normal request on an open connection: its status, or 0 if the server closed it unanswered. */
async function statusOn(connection: RawConnection, port: number): Promise<number> {
	if (!connection.closed) connection.socket.write(`GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`);
	await connection.closedWithin(5000);
	return parseResponses(connection.received())[0]?.status ?? 0;
}

/** Sends `start`, then `byte` every 500 ms; true if the server closed the connection within `ms`. */
async function trickle(port: number, start: string, byte: string, ms: number): Promise<boolean> {
	const connection = await open(port);
	try {
		if (start) connection.socket.write(start);
		const deadline = Date.now() + ms;
		while (!connection.closed && Date.now() < deadline) {
			if (await connection.closedWithin(Math.min(500, deadline - Date.now()))) break;
			if (byte) connection.socket.write(byte);
		}
		return connection.closed;
	} finally {
		connection.socket.destroy();
	}
}

function stringValues(values: Record<string, string | number>): Record<string, string> {
	return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, String(value)]));
}
