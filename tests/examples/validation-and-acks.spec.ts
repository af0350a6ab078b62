// What the "Validation, the current user and acknowledgements" guide says, on the guard-only
// example's VALIDATION and ACK_DECORATOR variants (README: Settings): what a client with a valid
// token receives for a `message` whose body fails validation, through each pipe; what @WsUser()
// gives the handlers; and how a handler's @Ack() answers. The outcome vocabulary keeps only an
// exception's message, so these check the whole payloads on the running example.
import { expect, test } from '@playwright/test';
import { io, type Socket } from 'socket.io-client';
import { withExampleApp, type ExampleApp } from './example-app.ts';
import { exampleDir } from './example-dir.ts';

const dir = exampleDir('guard-only');
const { startApp } = await import(`${dir}/demo/app-process.mjs`);
const { tokenFor } = await import(`${dir}/demo/tokens.mjs`);

/** Starts the variant, connects Alice with a valid token, and runs `play`. */
async function withVariant(env: Record<string, string>, play: (alice: Socket, app: ExampleApp) => Promise<void>) {
	await withExampleApp('guard-only', env, async (app, jwt) => {
		const alice = io(app.url, { auth: { token: tokenFor('valid', jwt) }, reconnection: false, forceNew: true });
		try {
			await new Promise<void>((resolve, reject) => {
				alice.once('connect', resolve);
				alice.once('connect_error', reject);
			});
			await play(alice, app);
		} finally {
			alice.close();
		}
	});
}

/** Emits with an acknowledgement and reports the acknowledgement (or `timeout`) and every `exception` event. */
async function send(socket: Socket, event: string, body: unknown): Promise<{ ack: unknown; exceptions: unknown[] }> {
	const exceptions: unknown[] = [];
	const onException = (payload: unknown) => exceptions.push(payload);
	socket.on('exception', onException);
	const ack = await socket.timeout(1000).emitWithAck(event, body).catch(() => 'timeout');
	// An exception event would come right after the refusal; the ack timeout above is longer already.
	socket.off('exception', onException);
	return { ack, exceptions };
}

// class-validator's messages for ChatMessageDto, in the order it reports them.
const NOT_A_STRING = 'text must be shorter than or equal to 500 characters; text must be a string';
const EMPTY = 'text should not be empty';

test('VALIDATION=global: a body that fails ValidationPipe reaches the client as "Internal server error", with no acknowledgement', async () => {
	await withVariant({ VALIDATION: 'global' }, async (alice, app) => {
		for (const body of [{ text: 42 }, { text: '' }]) {
			expect(await send(alice, 'message', body)).toEqual({
				ack: 'timeout',
				exceptions: [{ status: 'error', message: 'Internal server error', cause: { pattern: 'message', data: body } }],
			});
		}
		// Nor does the server log say why: an HttpException is an IntrinsicException, which
		// BaseWsExceptionFilter does not log (a TypeError, for one, it does: guards-and-filters.spec.ts).
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(app.output()).not.toMatch(/BadRequest|must be a string|ERROR/);
		expect(await send(alice, 'message', { text: 'hello' })).toEqual({ ack: { ok: true }, exceptions: [] });
	});
});

test('VALIDATION=global-ws-exception: WsValidationPipe sends class-validator’s messages in the exception event; still no acknowledgement', async () => {
	await withVariant({ VALIDATION: 'global-ws-exception' }, async (alice) => {
		for (const [body, message] of [
			[{ text: 42 }, NOT_A_STRING],
			[{ text: '' }, EMPTY],
		] as const) {
			expect(await send(alice, 'message', body)).toEqual({ ack: 'timeout', exceptions: [{ status: 'error', message, cause: { pattern: 'message', data: body } }] });
		}
		expect(await send(alice, 'message', { text: 'hello' })).toEqual({ ack: { ok: true }, exceptions: [] });
	});
});

test('VALIDATION=gateway: the pipe and the ack filter bound to the gateway answer the acknowledgement with the messages', async () => {
	await withVariant({ VALIDATION: 'gateway' }, async (alice) => {
		expect(await send(alice, 'message', { text: 42 })).toEqual({ ack: { error: NOT_A_STRING }, exceptions: [] });
		expect(await send(alice, 'message', { text: '' })).toEqual({ ack: { error: EMPTY }, exceptions: [] });
		expect(await send(alice, 'message', { text: 'hello' })).toEqual({ ack: { ok: true }, exceptions: [] });
	});
});

for (const validation of ['global', 'gateway']) {
	test(`VALIDATION=${validation}: @WsUser() gives the handlers the user the guard authenticated`, async () => {
		await withVariant({ VALIDATION: validation }, async (alice) => {
			const received = new Promise((resolve) => alice.once('message', resolve));
			expect((await send(alice, 'whoami', {})).ack).toEqual({ id: 'alice', name: 'Alice', roles: ['member'] });
			await send(alice, 'message', { text: 'hello' });
			expect(await received).toEqual({ from: 'Alice', text: 'hello' });
		});
	});
}

test('ACK_DECORATOR=1: the handler answers with @Ack(); its return value is not sent; a refusal before it leaves the ack unanswered', async () => {
	await withVariant({ ACK_DECORATOR: '1' }, async (alice, app) => {
		// The acknowledgement comes first, the broadcast (Alice is in the room too) after it.
		const seen: string[] = [];
		alice.on('message', ({ text }) => seen.push(`message:${text}`));
		// A callback, not emitWithAck: it runs when the packet arrives, not a microtask later.
		alice.timeout(1000).emit('message', { text: 'hello' }, (error: Error | null, reply: unknown) => seen.push(error ? 'timeout' : `ack:${JSON.stringify(reply)}`));
		await expect.poll(() => seen).toEqual(['ack:{"received":true,"length":5}', 'message:hello']);
		// Without a callback, @Ack() gives undefined and the broadcast still happens.
		alice.emit('message', { text: 'no callback' });
		await expect.poll(() => seen.at(-1)).toBe('message:no callback');
		// A throw before ack() is called: Nest's exception event, and no acknowledgement.
		expect(await send(alice, 'message', { text: 42 })).toEqual({
			ack: 'timeout',
			exceptions: [{ status: 'error', message: 'text must be a string of 1 to 500 characters', cause: { pattern: 'message', data: { text: 42 } } }],
		});
		// The guard runs before the handler: a client without a token never reaches ack().
		const stranger = io(app.url, { reconnection: false, forceNew: true });
		try {
			await new Promise<void>((resolve) => stranger.once('connect', () => resolve()));
			expect(await send(stranger, 'message', { text: 'hello' })).toEqual({
				ack: 'timeout',
				exceptions: [{ status: 'error', message: 'Unauthorized', cause: { pattern: 'message', data: { text: 'hello' } } }],
			});
		} finally {
			stranger.close();
		}
	});
});

test('an unknown VALIDATION, or two variants that each replace the chat gateway, stop the app at start-up', async () => {
	await expect(startApp({ dir, env: { VALIDATION: 'typo' }, timeoutMs: 10_000 })).rejects.toThrow(/VALIDATION must be one of global, global-ws-exception, gateway/);
	await expect(startApp({ dir, env: { VALIDATION: 'gateway', ACK_DECORATOR: '1' }, timeoutMs: 10_000 })).rejects.toThrow(
		/VALIDATION, ACK_DECORATOR each replace the chat gateway/,
	);
});
