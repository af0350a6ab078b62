import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { freePort, startPlayground, type StartedPlayground } from '../../scripts/start-playground.mjs';
import { REPO_ROOT } from './playground-page.ts';
import { killMarked, processesWithMarker } from './processes.ts';
import { answering, exchange, open, parseResponses, send, sleep, upgrade, type RawConnection, type RawResponse } from './raw-http.ts';

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

function sidOf(answer: RawResponse): string | undefined {
	try {
		return JSON.parse(answer.body.slice(1)).sid;
	} catch {
		return undefined;
	}
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
