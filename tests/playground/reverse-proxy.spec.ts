// playground-server/README.md, "Behind a reverse proxy", run as written: the playground with
// TRUST_PROXY=127.0.0.1 behind Debian's nginx with playground-server/nginx/playground.conf, over
// real TLS. Clients come from different loopback addresses (Linux routes all of 127/8 to
// loopback), so "one client" and "another client" are what nginx and the server really see.
import { expect, test } from '@playwright/test';
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { request } from 'node:https';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { io } from 'socket.io-client';
import { freePort, startPlayground, type StartedPlayground } from '../../scripts/start-playground.mjs';
import { startNginx, type Certificate, type StartedNginx } from './nginx.ts';
import { REPO_ROOT } from './playground-page.ts';
import { killMarked } from './processes.ts';
import { parseResponses, sleep, type RawResponse } from './raw-http.ts';

const CONF_PATH = 'playground-server/nginx/playground.conf';
const CONF = readFileSync(`${REPO_ROOT}${CONF_PATH}`, 'utf8');
/** nginx's cap on open connections per address: the file's limit_conn, the server's MAX_CONNECTIONS_PER_ADDRESS default. */
const CAP = 64;
const TOKENS_PER_MINUTE = 3;
const SOCKET_PATH = '/live/guard-only/socket.io';
const MINT_BODY = JSON.stringify({ approach: 'guard-only', scenario: 'valid' });

type Answer = Pick<RawResponse, 'status' | 'body'>;

test('the README shows nginx/playground.conf exactly as it is', () => {
	const readme = readFileSync(`${REPO_ROOT}playground-server/README.md`, 'utf8');
	const heading = '### Behind a reverse proxy\n';
	const start = readme.indexOf(heading);
	expect(start, 'the README has a section "Behind a reverse proxy"').toBeGreaterThan(-1);
	// Up to the next section ("## " or "### "; a single "#" starts a line of the nginx file too).
	const rest = readme.slice(start + heading.length);
	const next = rest.search(/^#{2,3} /m);
	const section = next === -1 ? rest : rest.slice(0, next);
	expect(/```nginx\n([\s\S]*?)```/.exec(section)?.[1], `the \`\`\`nginx block of "Behind a reverse proxy" is ${CONF_PATH}`).toBe(CONF);
});

test.describe('the playground behind nginx', () => {
	test.skip(process.platform !== 'linux', 'the clients bind 127.0.0.2 and up, which only Linux routes to loopback');

	const marker = `reverse-proxy-${randomUUID()}`;
	let playground: StartedPlayground | undefined;
	let nginx: StartedNginx | undefined;
	/** nginx's port, the page origin the server is told it is served at, and the certificate to trust. */
	let port: number;
	let publicOrigin: string;
	let ca: string;

	test.beforeAll(async () => {
		test.setTimeout(120_000);
		port = await freePort();
		publicOrigin = `https://playground.test:${port}`;
		playground = await startPlayground({
			env: {
				PLAYGROUND_EXAMPLES: 'guard-only',
				PLAYGROUND_TEST_MARKER: marker,
				TRUST_PROXY: '127.0.0.1',
				PUBLIC_ORIGIN: publicOrigin,
				TOKENS_PER_MINUTE: String(TOKENS_PER_MINUTE),
				// The cap test opens CAP sockets from one address; this limit is not its subject.
				CONNECTIONS_PER_MINUTE: String(CAP * 2),
			},
		});
		const upstream = playground.port;
		nginx = await startNginx(port, (certificate) => {
			ca = certificate.pem;
			return forTest(CONF, { port, upstream, certificate });
		});
	});

	test.afterAll(async () => {
		await nginx?.stop();
		await playground?.stop();
		// Whatever a failed start left behind: the server, an example.
		killMarked([marker]);
	});

	for (const transport of ['websocket', 'polling'] as const) {
		test(`socket.io over ${transport} through nginx: a valid token connects, and whoami answers`, async () => {
			const { token } = JSON.parse((await mint('127.0.0.2')).body);
			const socket = io(`https://127.0.0.1:${port}`, {
				path: SOCKET_PATH,
				transports: [transport],
				auth: { token },
				extraHeaders: { origin: publicOrigin },
				ca,
				reconnection: false,
				forceNew: true,
			});
			try {
				await new Promise((resolve, reject) => socket.once('connect', () => resolve(undefined)).once('connect_error', reject));
				expect(socket.io.engine.transport.name).toBe(transport);
				expect(await socket.timeout(5000).emitWithAck('whoami')).toMatchObject({ id: 'alice' });
			} finally {
				socket.close();
			}
		});
	}

	test('the rate limits count the address nginx saw: one address runs out, another still gets tokens', async () => {
		const first = await mintTimes('127.0.0.3', TOKENS_PER_MINUTE + 1);
		expect(first.map(({ status }) => status), 'tokens for 127.0.0.3').toEqual([...Array(TOKENS_PER_MINUTE).fill(200), 429]);
		// The server's refusal (a JSON message), not nginx's.
		expect(JSON.parse(first.at(-1)!.body).error).toMatch(/too many token requests/i);
		expect((await mint('127.0.0.4')).status, 'a token for 127.0.0.4, once 127.0.0.3 ran out').toBe(200);
	});

	test("a client's own X-Forwarded-For gives it no new allowance", async () => {
		// From 127.0.0.1, the address TRUST_PROXY names: a header arriving from there is believed.
		// Appended ($proxy_add_x_forwarded_for), nginx would pass "198.51.100.1, 127.0.0.1" and the
		// server would count each made-up address afresh; overwritten, it passes "127.0.0.1".
		const own = await mintTimes('127.0.0.1', TOKENS_PER_MINUTE);
		expect(own.map(({ status }) => status), 'tokens for 127.0.0.1').toEqual(Array(TOKENS_PER_MINUTE).fill(200));
		const spoofed = [];
		for (let i = 1; i <= 5; i++) spoofed.push((await mint('127.0.0.1', { 'x-forwarded-for': `198.51.100.${i}` })).status);
		expect(spoofed, 'tokens for 127.0.0.1 claiming to forward for 198.51.100.1-5').toEqual(Array(5).fill(429));
	});

	test(`nginx caps open connections per address at ${CAP}: the next one gets 429, another address still gets through`, async () => {
		const sockets: TLSSocket[] = [];
		try {
			const opened = await Promise.all(Array.from({ length: CAP }, () => openWebSocket('127.0.0.5', sockets)));
			expect(opened.filter(({ status }) => status !== 101), `the first ${CAP} WebSockets from 127.0.0.5 are open`).toEqual([]);
			const extra = await openWebSocket('127.0.0.5', sockets);
			expect(extra.status, `WebSocket ${CAP + 1} from 127.0.0.5`).toBe(429);
			// nginx's refusal (its HTML page), not the server's (a JSON message).
			expect(extra.body, `WebSocket ${CAP + 1} from 127.0.0.5`).toContain('<center>nginx');
			// Another address gets its own allowance, and nginx its connection to the server: the
			// server's own cap (which would count every connection as nginx's, 127.0.0.1) is off.
			const other = await openWebSocket('127.0.0.6', sockets);
			expect(other.status, `a WebSocket from 127.0.0.6 while 127.0.0.5 holds ${CAP}: ${other.body}`).toBe(101);
		} finally {
			for (const socket of sockets) socket.destroy();
		}
		// A cap on open connections, not a rate: closed, they make room again.
		await expect.poll(async () => (await send('/api/health', { from: '127.0.0.5' })).status, { message: 'GET /api/health from 127.0.0.5 once its WebSockets closed' }).toBe(200);
	});

	interface SendOptions {
		/** The client's address: the local address its connection is bound to. */
		from?: string;
		method?: string;
		headers?: Record<string, string>;
		body?: string;
	}

	/** One HTTPS request to nginx, trusting its test certificate. */
	function send(path: string, { from = '127.0.0.1', method = 'GET', headers = {}, body }: SendOptions = {}): Promise<Answer> {
		return new Promise((resolve, reject) => {
			const req = request({ host: '127.0.0.1', port, path, method, headers, localAddress: from, ca, agent: false, timeout: 10_000 }, (res) => {
				let text = '';
				res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
				res.on('end', () => resolve({ status: res.statusCode!, body: text }));
				res.on('error', reject);
			});
			req.on('timeout', () => req.destroy(new Error(`no answer to ${method} ${path} within 10 s`)));
			req.on('error', reject);
			req.end(body);
		});
	}

	/** POST /api/tokens from a page of the playground, as the page asks for a token. */
	function mint(from: string, headers: Record<string, string> = {}): Promise<Answer> {
		return send('/api/tokens', { from, method: 'POST', headers: { origin: publicOrigin, 'content-type': 'application/json', ...headers }, body: MINT_BODY });
	}

	/** `times` token requests from one address, one after the other. */
	async function mintTimes(from: string, times: number): Promise<Answer[]> {
		const answers = [];
		for (let i = 0; i < times; i++) answers.push(await mint(from));
		return answers;
	}

	/**
	 * A WebSocket handshake with socket.io's endpoint: the 101, or the whole refusal, with the
	 * connection left open in `sockets` (an open WebSocket is what the cap counts).
	 */
	async function openWebSocket(from: string, sockets: TLSSocket[]): Promise<RawResponse> {
		// TLS over a TCP connection of our own: tls.connect's options have no localAddress.
		const socket = tlsConnect({ socket: netConnect({ host: '127.0.0.1', port, localAddress: from }), host: '127.0.0.1', ca });
		sockets.push(socket);
		let received = '';
		socket.setEncoding('utf8').on('data', (chunk: string) => (received += chunk));
		await new Promise((resolve, reject) => socket.once('secureConnect', () => resolve(undefined)).once('error', reject));
		socket.write(
			[`GET ${SOCKET_PATH}/?EIO=4&transport=websocket HTTP/1.1`, `Host: 127.0.0.1:${port}`, `Origin: ${publicOrigin}`, 'Connection: Upgrade', 'Upgrade: websocket', 'Sec-WebSocket-Version: 13', 'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==', '', ''].join('\r\n'),
		);
		for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(20)) {
			const [response] = parseResponses(received);
			if (response && (response.status === 101 || socket.closed || whole(response, received))) return response;
		}
		throw new Error(`no answer to a WebSocket handshake from ${from}: ${JSON.stringify(received)}`);
	}
});

/** Whether a refusal has arrived to its end, framed by Content-Length or chunked. */
function whole(response: RawResponse, received: string): boolean {
	const length = response.headers['content-length'];
	return length === undefined ? received.endsWith('\r\n0\r\n\r\n') : response.body.length >= Number(length);
}

interface TestPlaces {
	/** nginx's port. */
	port: number;
	/** The playground's. */
	upstream: number;
	certificate: Certificate;
}

/**
 * The reader's file with what differs on a test machine: ports, certificate, and no IPv6 listener
 * (the machine may have no IPv6; the clients come over IPv4). Each text is replaced exactly once,
 * or this throws: an edit to the file that these no longer fit fails loudly, not quietly untested.
 */
function forTest(conf: string, { port, upstream, certificate }: TestPlaces): string {
	const replacements: Array<[string, string]> = [
		['listen 443 ssl;', `listen 127.0.0.1:${port} ssl;`],
		['listen [::]:443 ssl;', '# (no IPv6 listener in the test)'],
		['/etc/letsencrypt/live/your.host/fullchain.pem', certificate.certificate],
		['/etc/letsencrypt/live/your.host/privkey.pem', certificate.key],
		['proxy_pass http://127.0.0.1:4321;', `proxy_pass http://127.0.0.1:${upstream};`],
	];
	return replacements.reduce((text, [from, to]) => {
		const parts = text.split(from);
		if (parts.length !== 2) throw new Error(`${CONF_PATH}: expected "${from}" once, found it ${parts.length - 1} times`);
		return parts.join(to);
	}, conf);
}
