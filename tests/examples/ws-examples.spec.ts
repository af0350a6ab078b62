import { expect, test } from '@playwright/test';
import { connect } from 'node:net';
import WebSocket from 'ws';
import { WS_APPROACH_SLUGS } from '../../examples/approaches.mjs';
import { freePort } from '../../scripts/start-playground.mjs';
import { behaviorMatrix } from './behavior-matrix.ts';
import { exampleDir } from './example-dir.ts';
import { withExampleApp, type Jwt } from './example-app.ts';

// The plain WebSocket (@nestjs/platform-ws) examples: their behaviour files, played with a `ws`
// client, and what those files cannot say.
behaviorMatrix('ws-guard-only');
behaviorMatrix('ws-recommended');

const { tokenFor } = await import(`${exampleDir('ws-recommended')}/demo/tokens.mjs`);
const { runScenario } = await import(`${exampleDir('ws-recommended')}/demo/scenarios.mjs`);

/** The raw bytes a server answers to an upgrade request for `path` written by hand, until it closes the connection. */
function rawUpgrade(url: string, path = '/?room=lobby'): Promise<string> {
	const { hostname, port } = new URL(url);
	return new Promise((resolve, reject) => {
		const socket = connect(Number(port), hostname, () => {
			const lines = [
				`GET ${path} HTTP/1.1`,
				`Host: ${hostname}:${port}`,
				'Upgrade: websocket',
				'Connection: Upgrade',
				'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
				'Sec-WebSocket-Version: 13',
			];
			socket.write(`${lines.join('\r\n')}\r\n\r\n`);
		});
		let answer = '';
		socket.setEncoding('latin1').on('data', (chunk) => (answer += chunk));
		socket.once('close', () => resolve(answer));
		socket.once('error', reject);
		socket.setTimeout(5000, () => socket.destroy(new Error(`no close after 5 s; got ${JSON.stringify(answer)}`)));
	});
}

test('ws-recommended: a refused upgrade is an HTTP answer and a closed connection, with no 101 and no frame', async () => {
	await withExampleApp('ws-recommended', {}, async (app) => {
		const answer = await rawUpgrade(app.url);
		expect(answer).toMatch(/^HTTP\/1\.1 401 Unauthorized\r\n/);
		expect(answer).not.toContain('101');
		// The body names the refusal, and is all there is: ws ends the connection after it.
		expect(answer.split('\r\n\r\n').slice(1).join('')).toBe('TOKEN_MISSING');
	});
});

test('ws-recommended: the token in an Authorization header works as the subprotocol does', async () => {
	await withExampleApp('ws-recommended', {}, async (app, jwt: Jwt) => {
		const target = { url: app.url, ...jwt, transport: 'header' };
		expect(await runScenario('valid', target)).toEqual(['open', 'reply:{"id":"alice","name":"Alice","roles":["member"]}']);
		expect(await runScenario('expired', target)).toEqual(['http:401 TOKEN_EXPIRED']);
		expect(await runScenario('no-token', target)).toEqual(['http:401 TOKEN_MISSING']);
	});
});

// ws answers the first protocol offered unless told otherwise: with `bearer` in second place, that
// would be a protocol of the client's choosing, and a proxy would log whatever it is.
test('ws-recommended answers the `bearer` subprotocol, never another one the client offers', async () => {
	await withExampleApp('ws-recommended', {}, async (app, jwt: Jwt) => {
		const token = tokenFor('valid', jwt);
		for (const protocols of [['bearer', token], ['chat', 'bearer', token]]) {
			const socket = new WebSocket(app.url.replace(/^http/, 'ws'), protocols);
			await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
			expect(socket.protocol).toBe('bearer');
			socket.terminate();
		}
	});
});

// ws buffers a message whole before Nest parses it, and allows 100 MiB of it by default.
test('ws-recommended: a message of MAX_MESSAGE_BYTES is answered, one byte more closes the socket with 1009', async () => {
	const { MAX_MESSAGE_BYTES } = await import(`${exampleDir('ws-recommended')}/dist/ws-auth/ws-auth.adapter.js`);
	await withExampleApp('ws-recommended', {}, async (app, jwt: Jwt) => {
		const socket = new WebSocket(`${app.url.replace(/^http/, 'ws')}/?room=big`, ['bearer', tokenFor('valid', jwt)]);
		await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
		/** `whoami`, padded to exactly `bytes` bytes. */
		const whoami = (bytes: number) => {
			const frame = JSON.stringify({ event: 'whoami', data: { pad: '' } });
			return frame.replace('"pad":""', `"pad":"${'x'.repeat(bytes - frame.length)}"`);
		};
		const reply = new Promise((resolve) => socket.once('message', (data) => resolve(JSON.parse(data.toString()).event)));
		socket.send(whoami(MAX_MESSAGE_BYTES));
		expect(await reply).toBe('whoami');
		const closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve(`${code} ${reason}`.trim())));
		socket.send(whoami(MAX_MESSAGE_BYTES + 1));
		expect(await closed).toBe('1009');
	});
});

for (const slug of WS_APPROACH_SLUGS) {
	test(`${slug}: an upgrade to a path no gateway serves is dropped without an answer`, async () => {
		await withExampleApp(slug, {}, async (app) => {
			expect(await rawUpgrade(app.url, '/elsewhere')).toBe('');
		});
	});
}

// What the pages say a browser sees, seen by a browser: its WebSocket API reports neither the
// status nor the body of a refused upgrade, only an error and close code 1006; a close frame's
// code and reason it does report.
test('ws-recommended in a browser: a refused upgrade is an error and close 1006, never open; expiry is close 4401 TOKEN_EXPIRED', async ({ page }) => {
	const port = await freePort();
	const origin = `http://127.0.0.1:${port}`;
	await withExampleApp('ws-recommended', { PORT: String(port), ALLOWED_ORIGINS: origin }, async (app, jwt: Jwt) => {
		// Any page of the allowed origin: the app's own 404 is one.
		await page.goto(`${origin}/a-page`);
		const seen = (token: string | undefined, waitMs: number) =>
			page.evaluate(
				({ url, token, waitMs }) =>
					new Promise<string[]>((resolve) => {
						const events: string[] = [];
						const socket = new WebSocket(url, token === undefined ? [] : ['bearer', token]);
						socket.onopen = () => events.push(`open ${socket.protocol}`);
						socket.onerror = () => events.push('error');
						socket.onclose = ({ code, reason }) => {
							events.push(`close ${code} ${reason}`.trim());
							resolve(events);
						};
						setTimeout(() => resolve([...events, 'still open']), waitMs);
					}),
				{ url: `${app.url.replace(/^http/, 'ws')}/?room=browser`, token, waitMs },
			);
		expect(await seen(undefined, 3000)).toEqual(['error', 'close 1006']);
		expect(await seen(tokenFor('expired', jwt), 3000)).toEqual(['error', 'close 1006']);
		expect(await seen(tokenFor('expiring', jwt), 5000)).toEqual(['open bearer', 'close 4401 TOKEN_EXPIRED']);
	});
});

// A fault behind the check: the user store fails. A 401 would tell the client its token is bad and
// send the user to log in again, which cannot help; a crash would drop everyone. The example's own
// module, in this process, with its UserLookup swapped for a store the test takes down and back up.
test('ws-recommended: while the user store fails, an upgrade gets 500 INTERNAL, and the same token opens once it is back', async () => {
	const dist = `${exampleDir('ws-recommended')}/dist`;
	const { Test } = await import('@nestjs/testing');
	const { AppModule } = await import(`${dist}/app.module.js`);
	const { UserLookup } = await import(`${dist}/ws-auth/user-lookup.js`);
	const { WsAuthAdapter } = await import(`${dist}/ws-auth/ws-auth.adapter.js`);
	const { freshJwtSettings } = await import(`${exampleDir('ws-recommended')}/demo/behavior.mjs`);
	const jwt: Jwt = freshJwtSettings();
	let storeUp = false;
	const store = {
		findById: async (id: string) => {
			if (!storeUp) throw new Error('connect ECONNREFUSED (the user store is down)');
			return id === 'alice' ? { id, roles: ['member'] } : undefined;
		},
	};
	// The settings are read when the module is compiled and the adapter made; then put back.
	const settings = { JWT_SECRET: jwt.secret, JWT_ISSUER: jwt.issuer, JWT_AUDIENCE: jwt.audience, ALLOWED_ORIGINS: '' };
	const saved = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));
	Object.assign(process.env, settings);
	let app;
	try {
		const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).overrideProvider(UserLookup).useValue(store).compile();
		app = moduleRef.createNestApplication({ logger: false });
		app.useWebSocketAdapter(new WsAuthAdapter(app));
	} finally {
		for (const [name, value] of Object.entries(saved)) {
			if (value === undefined) delete process.env[name];
			else process.env[name] = value;
		}
	}
	try {
		await app.listen(0, '127.0.0.1');
		const target = { url: await app.getUrl(), ...jwt };
		expect(await runScenario('valid', target)).toEqual(['http:500 INTERNAL']);
		// Answered again, not crashed, and still a refusal: not a socket for a user it could not look up.
		expect(await runScenario('valid', target)).toEqual(['http:500 INTERNAL']);
		storeUp = true;
		expect(await runScenario('valid', target)).toEqual(['open', 'reply:{"id":"alice","roles":["member"]}']);
	} finally {
		await app.close();
	}
});
