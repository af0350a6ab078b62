// npm start: builds what is missing, starts every example as a supervised child process, and
// serves the site, the examples' socket.io endpoints and demo tokens on one port.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildExamples, buildSite } from './build-missing.ts';
import { loadConfig } from './config.ts';
import { loadExamples } from './examples.ts';
import { logger } from './log.ts';
import { createPlaygroundServer } from './app.ts';
import { LiveExample } from './live-example.ts';

const log = logger('playground');
const startedAt = performance.now();

async function main() {
	const config = loadConfig();
	const examples = await loadExamples(config.examplesDir, config.onlyExamples);
	if (examples.length === 0) throw new Error(`no examples found in ${config.examplesDir}`);
	let siteBuilt = existsSync(join(config.siteDir, 'index.html'));
	if (config.build) {
		buildExamples(examples);
		if (!config.siteDirGiven) siteBuilt = buildSite(config.siteDir);
	}

	const live = new Map<string, LiveExample>();
	for (const example of examples) {
		// A fresh secret per example and per run: tokens we mint work only against our own child.
		const jwt = { secret: randomBytes(32).toString('base64url'), issuer: 'nestjs-ws-auth-demo', audience: 'chat' };
		const env = {
			...example.env,
			JWT_SECRET: jwt.secret,
			JWT_ISSUER: jwt.issuer,
			JWT_AUDIENCE: jwt.audience,
			ALLOWED_ORIGINS: config.allowedOrigins.join(','),
		};
		live.set(example.slug, new LiveExample(example, jwt, env, { verbose: config.verbose }));
	}

	const { app, closeAll } = await createPlaygroundServer({ ...config, live, siteBuilt });
	await app.listen({ port: config.port, host: config.host }).catch((error: NodeJS.ErrnoException) => {
		if (error.code === 'EADDRINUSE') throw new Error(`port ${config.port} is in use: stop what runs there, or start with PORT=<another port> npm start`);
		throw error;
	});
	const url = `${config.publicOrigin}/`;
	log.info(`listening on http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${config.port}; starting ${examples.map((e) => e.slug).join(', ')}`);

	let stopping = false;
	let stoppingSince = 0;
	const shutdown = async (signal: string) => {
		if (stopping) {
			// Ctrl+C reaches us twice (from the terminal and from npm): only a later one means "now".
			if (Date.now() - stoppingSince < 2000) return;
			log.warn(`${signal} again: killing the examples now`);
			// A cluster's Redis goes by itself: its host process stops it when we are gone.
			for (const pid of [...live.values()].flatMap((example) => example.pids)) process.kill(pid, 'SIGKILL');
			process.exit(1);
		}
		stopping = true;
		stoppingSince = Date.now();
		log.info(`${signal}: stopping the examples`);
		closeAll();
		await Promise.all([...live.values()].map((example) => example.stop()));
		log.info('stopped');
		process.exit(0);
	};
	process.on('SIGINT', () => void shutdown('SIGINT'));
	process.on('SIGTERM', () => void shutdown('SIGTERM'));
	process.on('SIGHUP', () => void shutdown('SIGHUP'));

	for (const example of live.values()) example.start();
	const deadline = Date.now() + 120_000;
	while (!stopping && Date.now() < deadline && [...live.values()].some((example) => !example.settled)) {
		await new Promise((resolve) => setTimeout(resolve, 100));
	}
	if (stopping) return;
	const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
	const notRunning = [...live.values()].filter((example) => !example.settled).map(({ example }) => example.slug);
	if (notRunning.length) log.warn(`not running yet: ${notRunning.join(', ')} (see above); the others work`);
	for (const example of live.values()) {
		if (example.unavailable !== null) log.warn(`${example.example.slug} cannot run here: its Redis did not start (see above); the others work`);
	}
	console.log(
		[
			'',
			`  Playground ready in ${seconds} s:  ${url}${siteBuilt ? 'playground/' : ''}`,
			siteBuilt ? `  The guides: ${url}` : '  (the site is not built: run npm run build:site)',
			`  Health:     ${url}api/health`,
			'  Stop with Ctrl+C.',
			'',
		].join('\n'),
	);
}

main().catch((error: unknown) => {
	log.error(error instanceof Error ? error.message : String(error));
	process.exit(1);
});
