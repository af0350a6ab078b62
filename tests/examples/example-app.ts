import { exampleDir } from './example-dir.ts';

export type Jwt = { secret: string; issuer: string; audience: string };
export type ExampleApp = { url: string; output(): string; stop(): Promise<void> };

/**
 * Starts examples/<slug> with a fresh JWT secret (and the demo's issuer and audience) plus `env`,
 * as its own demo does (demo/app-process.mjs, demo/behavior.mjs), runs `play`, and stops the app
 * whatever happens. For the specs that check a variant beyond what behavior.json can say.
 */
export async function withExampleApp(slug: string, env: Record<string, string>, play: (app: ExampleApp, jwt: Jwt) => Promise<void>): Promise<void> {
	const dir = exampleDir(slug);
	const { startApp } = await import(`${dir}/demo/app-process.mjs`);
	const { freshJwtSettings } = await import(`${dir}/demo/behavior.mjs`);
	const jwt: Jwt = freshJwtSettings();
	const app: ExampleApp = await startApp({ dir, env: { JWT_SECRET: jwt.secret, JWT_ISSUER: jwt.issuer, JWT_AUDIENCE: jwt.audience, ...env } });
	try {
		await play(app, jwt);
	} finally {
		await app.stop();
	}
}
