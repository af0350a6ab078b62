import { expect, test } from '@playwright/test';
import { io } from 'socket.io-client';
import { startApp } from '../../examples/io-adapter/demo/app-process.mjs';
import { freshJwtSettings } from '../../examples/io-adapter/demo/behavior.mjs';
import { tokenFor } from '../../examples/io-adapter/demo/tokens.mjs';
import { behaviorMatrix } from './behavior-matrix.ts';
import { exampleDir } from './example-dir.ts';

behaviorMatrix('io-adapter');

test('allowRequest does see HTTP headers: a token sent as an Authorization header gets through', async () => {
	const jwt = freshJwtSettings();
	const app = await startApp({
		dir: exampleDir('io-adapter'),
		env: { JWT_SECRET: jwt.secret, JWT_ISSUER: jwt.issuer, JWT_AUDIENCE: jwt.audience, AUTH_HOOK: 'allowRequest' },
	});
	try {
		const outcome = (extraHeaders: Record<string, string>) =>
			new Promise<string>((resolve) => {
				const socket = io(app.url, { extraHeaders, reconnection: false, forceNew: true });
				const settle = (outcome: string) => {
					socket.close();
					resolve(outcome);
				};
				socket.once('connect', () => settle('connected'));
				socket.once('connect_error', (error) => settle(`connect_error:${error.message}`));
			});
		expect(await outcome({ authorization: `Bearer ${tokenFor('valid', jwt)}` })).toBe('connected');
		expect(await outcome({ authorization: `Bearer ${tokenFor('bad-signature', jwt)}` })).toBe('connect_error:xhr poll error');
	} finally {
		await app.stop();
	}
});

test('an unknown AUTH_HOOK stops the app with a message that lists the valid ones', async () => {
	const start = startApp({ dir: exampleDir('io-adapter'), env: { AUTH_HOOK: 'handshake' } });
	await expect(start).rejects.toThrow(/AUTH_HOOK must be create, createIOServer or allowRequest, got "handshake"/);
});
