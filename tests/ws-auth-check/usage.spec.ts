// ws-auth-check's command line: usage errors exit 2 with one line and a hint, --help exits 0,
// an unreachable server exits 2 quickly with a clear message and no audit.
import { expect, test } from '@playwright/test';
import { createServer } from 'node:net';
import { runCli } from './run-cli.ts';

test.describe.configure({ mode: 'parallel' });

test('--help prints every option and exits 0', async () => {
	const run = await runCli(['--help']);
	expect(run.code).toBe(0);
	for (const option of ['--url', '--protocol', '--secret', '--private-key', '--alg', '--issuer', '--audience', '--sub', '--unknown-sub', '--other-sub', '--user-claim', '--namespace', '--token-in', '--event', '--broadcast-event', '--origin', '--path', '--json', '--docs-url', 'WS_AUTH_CHECK_DOCS_URL', '--timeout-scale', '--help']) {
		expect(run.stdout).toContain(option);
	}
});

/** The arguments, what the error line says, and the environment variables the run adds. */
const USAGE_ERRORS: [string[], RegExp, Record<string, string>?][] = [
	[['--url', 'http://127.0.0.1:3000', '--secret', 's', '--bogus'], /unknown option --bogus/],
	[['--secret', 's'], /missing --url/],
	[['--url', 'http://127.0.0.1:3000'], /missing --secret or --private-key/],
	[['--url', 'http://127.0.0.1:3000', '--secret', 's', '--alg', 'none'], /--alg must be one of/],
	[['--url', 'http://127.0.0.1:3000', '--secret', 's', '--token-in', 'body'], /--token-in must be one of/],
	[['--url', 'http://127.0.0.1:3000', '--secret', 's', '--timeout-scale', 'x'], /--timeout-scale must be a positive number/],
	[['--url', 'http://127.0.0.1:3000', '--private-key', '/nonexistent/key.pem'], /cannot read --private-key/],
	[['--url', 'localhost:3000', '--secret', 's'], /--url must be http, https, ws or wss/],
	[['--url', 'nope', '--secret', 's'], /--url is not a URL/],
	[['--url', 'http://127.0.0.1:3000', '--secret', 's', '--other-sub', 'alice'], /--other-sub must differ from --sub/],
	[['--url', 'http://127.0.0.1:3000', '--secret', 's', '--user-claim', 'exp'], /--user-claim cannot be exp/],
	[['--url', 'http://127.0.0.1:3000', '--secret', 's', '--user-claim', 'username', '--claims', '{"username":"john"}'], /--claims cannot set username, the claim --user-claim names/],
	[['--url', 'http://127.0.0.1:3000', '--secret', 's', '--docs-url', 'guide.example'], /--docs-url is not a URL: "guide\.example"/],
	[['--url', 'http://127.0.0.1:3000', '--secret', 's', '--protocol', 'websocket'], /--protocol must be one of socket\.io, ws, got "websocket"/],
	// socket.io's options mean nothing to a plain WebSocket server: refused, not ignored.
	[['--url', 'http://127.0.0.1:3000', '--secret', 's', '--protocol', 'ws', '--namespace', '/admin'], /--namespace is socket\.io's/],
	[['--url', 'http://127.0.0.1:3000', '--secret', 's', '--protocol', 'ws', '--path', '/socket.io'], /--path is socket\.io's: with --protocol ws, give the gateway's path in --url/],
	[['--url', 'http://127.0.0.1:3000', '--secret', 's', '--protocol', 'ws', '--token-in', 'auth'], /--token-in auth is for --protocol socket\.io/],
	[['--url', 'http://127.0.0.1:3000/chat?v=1', '--secret', 's', '--protocol', 'ws'], /--url with --protocol ws may have a path, not a query or a fragment/],
	[['--url', 'http://127.0.0.1:3000', '--secret', 's', '--docs-url', 'https://guide.example/?lang=en'], /--docs-url must be the guide's address without a query or a fragment/],
	[['--url', 'http://127.0.0.1:3000', '--secret', 's'], /WS_AUTH_CHECK_DOCS_URL must be http or https, got "file:"/, { WS_AUTH_CHECK_DOCS_URL: 'file:///guide' }],
];

for (const [args, message, env] of USAGE_ERRORS) {
	const variables = env ? `${Object.entries(env).map(([name, value]) => `${name}=${value}`).join(' ')} ` : '';
	test(`usage error exits 2: ${variables}${args.join(' ')}`, async () => {
		const run = await runCli(args, { env });
		expect(run.code).toBe(2);
		expect(run.stdout).toBe('');
		const [line, hint, ...rest] = run.stderr.trimEnd().split('\n');
		expect(line).toMatch(message);
		expect(hint).toContain('--help');
		expect(rest).toEqual([]);
	});
}

test('an unreachable server: exit 2, a clear message, quickly, nothing audited', async () => {
	// A port that was just free: nothing listens there.
	const probe = createServer();
	await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
	const { port } = probe.address() as { port: number };
	await new Promise<void>((resolve) => probe.close(() => resolve()));
	const run = await runCli(['--url', `http://127.0.0.1:${port}`, '--secret', 'do-not-print-me', '--json']);
	expect(run.code).toBe(2);
	expect(run.stdout).toBe('');
	expect(run.stderr).toMatch(new RegExp(`cannot reach http://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\); nothing was audited`));
	expect(run.stderr).not.toContain('do-not-print-me');
	expect(run.ms).toBeLessThan(10_000);
});
