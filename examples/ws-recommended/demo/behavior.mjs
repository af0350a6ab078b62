// Runs an example's documented behaviour (behavior.json) against the real app. The demo and
// the test matrix both use it. Same file in every example.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { startApp } from './app-process.mjs';
import { runScenario } from './scenarios.mjs';

export async function readBehavior(dir = new URL('..', import.meta.url)) {
	return JSON.parse(await readFile(new URL('behavior.json', dir), 'utf8'));
}

/** A fresh secret per run: whoever runs the scenarios signs their own tokens. */
export function freshJwtSettings() {
	return { secret: randomBytes(32).toString('base64url'), issuer: 'nestjs-ws-auth-demo', audience: 'chat' };
}

/**
 * Starts the app with the variant's environment and runs its scenarios in order, yielding
 * `{ id, documented, observed }` for each. The clients send their token as the variant's
 * `transport` says (see runScenario; the handshake's `auth` when it says nothing). A variant
 * documented to crash the server (`exits`) gets a fresh process per scenario, and
 * `server:exited` or `server:running` is appended to what the client saw.
 */
export async function* observeVariant(variant, { dir, jwt = freshJwtSettings(), env = {} } = {}) {
	const appEnv = { JWT_SECRET: jwt.secret, JWT_ISSUER: jwt.issuer, JWT_AUDIENCE: jwt.audience, ...env, ...variant.env };
	let app;
	try {
		for (const [id, documented] of Object.entries(variant.scenarios)) {
			app ??= await startApp({ dir, env: appEnv });
			const observed = await runScenario(id, { url: app.url, ...jwt, transport: variant.transport });
			if (variant.exits) {
				const state = await Promise.race([app.exited.then(() => 'exited'), delay(2000, 'running')]);
				observed.push(`server:${state}`);
				await app.stop();
				app = undefined;
			}
			yield { id, documented: documented.outcomes, observed };
		}
	} finally {
		await app?.stop();
	}
}

function delay(ms, value) {
	return new Promise((resolve) => setTimeout(resolve, ms, value));
}
