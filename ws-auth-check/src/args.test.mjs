import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { DOCS_URL_ENV, SECRET_ENV, USAGE, UsageError, readArgs } from './args.mjs';

const dir = mkdtempSync(join(tmpdir(), 'ws-auth-check-args-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const TARGET = ['--url', 'http://127.0.0.1:3000'];

/** @param {string[]} argv */
const read = (argv, env = {}) => readArgs(argv, env);

test('defaults match the guide\'s examples', () => {
	const config = read([...TARGET, '--secret', 's']);
	assert.equal(config.help, false);
	if (config.help) return;
	assert.equal(config.url.origin, 'http://127.0.0.1:3000');
	assert.deepEqual(
		{ protocol: config.protocol, path: config.path, namespaces: config.namespaces, tokenIn: config.tokenIn, event: config.event, broadcastEvent: config.broadcastEvent, receiveEvent: config.receiveEvent, origin: config.origin, json: config.json, scale: config.scale, docsUrl: config.docsUrl },
		{ protocol: 'socket.io', path: '/socket.io', namespaces: ['/'], tokenIn: 'auth', event: 'whoami', broadcastEvent: 'message', receiveEvent: 'message', origin: undefined, json: false, scale: 1, docsUrl: undefined },
	);
	assert.deepEqual(
		{ alg: config.signing.alg, sub: config.signing.sub, unknownSub: config.signing.unknownSub, otherSub: config.signing.otherSub, userClaim: config.signing.userClaim },
		{ alg: 'HS256', sub: 'alice', unknownSub: 'nobody', otherSub: undefined, userClaim: 'sub' },
	);
});

test('every option is read', () => {
	const config = read([
		...TARGET, '--secret', 's', '--issuer', 'I', '--audience', 'A', '--sub', 'u1', '--unknown-sub', 'u0', '--other-sub', 'u2',
		'--namespace', '/', '--namespace', '/admin', '--token-in', 'header', '--event', 'me', '--broadcast-event', 'chat',
		'--origin', 'https://evil.example/page', '--json', '--timeout-scale', '2.5', '--path', '/live/recommended/socket.io',
	]);
	if (config.help) assert.fail('not help');
	assert.deepEqual(config.namespaces, ['/', '/admin']);
	assert.equal(config.origin, 'https://evil.example');
	assert.equal(config.scale, 2.5);
	assert.equal(config.signing.lifetimeMs, 5000);
	assert.equal(config.path, '/live/recommended/socket.io');
	assert.deepEqual([config.signing.issuer, config.signing.audience, config.signing.sub, config.signing.unknownSub, config.signing.otherSub], ['I', 'A', 'u1', 'u0', 'u2']);
	assert.deepEqual([config.tokenIn, config.event, config.broadcastEvent, config.receiveEvent, config.json], ['header', 'me', 'chat', 'chat', true]);
});

test('--help wins, and documents every option', () => {
	assert.deepEqual(read(['--help']), { help: true });
	assert.deepEqual(read(['-h', '--url', 'nonsense']), { help: true });
	for (const option of ['--url', '--protocol', '--secret', '--issuer', '--audience', '--sub', '--unknown-sub', '--other-sub', '--user-claim', '--namespace', '--token-in', '--event', '--broadcast-event', '--origin', '--private-key', '--alg', '--json', '--timeout-scale', '--path', '--docs-url', DOCS_URL_ENV, '--help']) {
		assert.ok(USAGE.includes(option), option);
	}
});

// The option column is as wide as the longest option: a longer one, or a description that starts
// a column early or late, would break the alignment every other line keeps.
test('--help: every description starts in the column of the first one', () => {
	const lines = USAGE.split('\n').filter((line) => line.startsWith('  '));
	const column = /^ {2}--url <url> +/.exec(lines[0])?.[0].length;
	assert.ok(column !== undefined && lines.length > 30, 'the options are found');
	for (const line of lines) {
		// An option and its padding, or padding alone (a description's next line).
		assert.match(line.slice(0, column), /^ {2}(-\S+(,? \S+)*)? +$/, line);
		assert.notEqual(line[column], ' ', line);
	}
});

test('a secret that starts with "-" is given as --secret=<secret>', () => {
	const config = read([...TARGET, '--secret=-abc']);
	if (config.help) assert.fail('not help');
	assert.deepEqual(config.signing.key, new TextEncoder().encode('-abc'));
});

test('the secret may come from the environment', () => {
	const config = read(TARGET, { [SECRET_ENV]: 'from-env' });
	if (config.help) assert.fail('not help');
	assert.deepEqual(config.signing.key, new TextEncoder().encode('from-env'));
});

/**
 * @param {string[]} argv
 * @param {Record<string, string>} [env]
 */
function docsUrlOf(argv, env) {
	const config = read([...TARGET, '--secret', 's', ...argv], env);
	if (config.help) assert.fail('not help');
	return config.docsUrl;
}

test('--docs-url: the guide\'s site, without its trailing slash, a base path kept', () => {
	assert.equal(docsUrlOf([]), undefined);
	assert.equal(docsUrlOf(['--docs-url', 'https://guide.example']), 'https://guide.example');
	assert.equal(docsUrlOf(['--docs-url', 'https://guide.example/']), 'https://guide.example');
	assert.equal(docsUrlOf(['--docs-url=http://127.0.0.1:4321/']), 'http://127.0.0.1:4321');
	assert.equal(docsUrlOf(['--docs-url', 'https://Example.ORG/nestjs/ws-auth/']), 'https://example.org/nestjs/ws-auth');
});

test('--docs-url from the environment; the option wins; an empty variable is unset', () => {
	assert.equal(docsUrlOf([], { [DOCS_URL_ENV]: 'https://env.example/guide/' }), 'https://env.example/guide');
	assert.equal(docsUrlOf(['--docs-url', 'https://option.example'], { [DOCS_URL_ENV]: 'https://env.example' }), 'https://option.example');
	// The option wins before the variable is read: a broken one does not stop a run that gives it.
	assert.equal(docsUrlOf(['--docs-url', 'https://option.example'], { [DOCS_URL_ENV]: 'not a url' }), 'https://option.example');
	assert.equal(docsUrlOf([], { [DOCS_URL_ENV]: '' }), undefined);
	assert.throws(() => docsUrlOf([], { [DOCS_URL_ENV]: 'guide.example' }), (error) => error instanceof UsageError && /^WS_AUTH_CHECK_DOCS_URL is not a URL: "guide.example"$/.test(error.message));
	assert.throws(
		() => docsUrlOf([], { [DOCS_URL_ENV]: 'https://guide.example/?lang=en' }),
		(error) => error instanceof UsageError && /^WS_AUTH_CHECK_DOCS_URL must be the guide's address without a query/.test(error.message),
	);
});

test('a private key gives its algorithm', () => {
	const rsa = join(dir, 'rsa.pem');
	const ec = join(dir, 'ec.pem');
	writeFileSync(rsa, generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));
	writeFileSync(ec, generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }));
	for (const [file, alg] of [[rsa, 'RS256'], [ec, 'ES256']]) {
		const config = read([...TARGET, '--private-key', file]);
		if (config.help) assert.fail('not help');
		assert.equal(config.signing.alg, alg);
		const explicit = read([...TARGET, '--private-key', file, '--alg', alg]);
		if (explicit.help) assert.fail('not help');
		assert.equal(explicit.signing.alg, alg);
	}
	assert.throws(() => read([...TARGET, '--private-key', rsa, '--alg', 'ES256']), /does not fit/);
});

const notKey = join(dir, 'not-a-key.pem');
writeFileSync(notKey, 'hello');

const USAGE_ERRORS = [
	[['--url', 'http://x', '--secret', 's', '--frobnicate'], /^unknown option --frobnicate$/],
	[['--secret', 's'], /^missing --url/],
	[['--url'], /^--url needs a value/],
	[[...TARGET, '--secret', '-starts-with-a-dash'], /^--secret needs a value \(one that starts with "-" is written --secret=<value>\)$/],
	[TARGET, /^missing --secret or --private-key/],
	[[...TARGET, '--secret', 's', '--alg', 'HS512'], /^--alg must be one of HS256, RS256, ES256/],
	[[...TARGET, '--secret', 's', '--alg', 'RS256'], /give --private-key/],
	[[...TARGET, '--secret', 's', '--token-in', 'body'], /^--token-in must be one of auth, query, header, cookie/],
	[[...TARGET, '--secret', 's', '--token-in', 'protocol'], /^--token-in protocol is for --protocol ws: with --protocol socket.io, give one of auth, query, header, cookie$/],
	[[...TARGET, '--secret', 's', '--protocol', 'wss'], /^--protocol must be one of socket.io, ws, got "wss"$/],
	[[...TARGET, '--secret', 's', '--protocol', 'ws', '--token-in', 'auth'], /^--token-in auth is for --protocol socket.io: with --protocol ws, give one of protocol, header, query, cookie$/],
	[[...TARGET, '--secret', 's', '--protocol', 'ws', '--token-in', 'body'], /^--token-in must be one of protocol, header, query, cookie, got "body"$/],
	// socket.io's options mean nothing to a plain WebSocket server: refused, not ignored.
	[[...TARGET, '--secret', 's', '--protocol', 'ws', '--path', '/socket.io'], /^--path is socket\.io's: with --protocol ws, give the gateway's path in --url/],
	[[...TARGET, '--secret', 's', '--protocol', 'ws', '--namespace', '/'], /^--namespace is socket\.io's: a plain WebSocket server \(--protocol ws\) has no namespaces/],
	[[...TARGET, '--secret', 's', '--protocol', 'ws', '--other-sub', 'bob'], /^--other-sub is for the replay scenarios, .* a plain WebSocket server \(--protocol ws\) skips them$/],
	[['--url', 'ws://host/chat?v=2', '--secret', 's', '--protocol', 'ws'], /^--url with --protocol ws may have a path, not a query or a fragment: ws:\/\/host\/chat$/],
	[['--url', 'ws://host/chat#top', '--secret', 's', '--protocol', 'ws'], /^--url with --protocol ws may have a path, not a query or a fragment/],
	[['--url', 'ws://host/chat?', '--secret', 's', '--protocol', 'ws'], /^--url with --protocol ws may have a path, not a query or a fragment/],
	[['--url', 'ftp://host/chat', '--secret', 's', '--protocol', 'ws'], /^--url must be http, https, ws or wss/],
	[[...TARGET, '--secret', 's', '--token-in', 'cookie', '--cookie', ''], /^--cookie must not be empty$/],
	[[...TARGET, '--secret', 's', '--sub-type', 'uuid'], /^--sub-type must be one of string, number/],
	[[...TARGET, '--secret', 's', '--sub-type', 'number'], /^--sub-type number needs whole numbers: --sub is "alice"$/],
	[[...TARGET, '--secret', 's', '--sub-type', 'number', '--sub', '1', '--other-sub', 'bob'], /^--sub-type number needs whole numbers: --other-sub is "bob"$/],
	[[...TARGET, '--secret', 's', '--claims', '[1]'], /^--claims must be a JSON object/],
	[[...TARGET, '--secret', 's', '--claims', '{oops'], /^--claims must be a JSON object/],
	[[...TARGET, '--secret', 's', '--claims', '{"sub":"x","aud":"y"}'], /^--claims cannot set sub, aud/],
	// sub names the user unless --user-claim says another: --sub gives it then, not --claims.
	[[...TARGET, '--secret', 's', '--user-claim', 'sub', '--claims', '{"sub":1}'], /^--claims cannot set sub: .* \(if your server finds users by another claim, give it with --user-claim; --claims may then set sub\)$/],
	[[...TARGET, '--secret', 's', '--user-claim', 'username', '--claims', '{"sub":1,"aud":"y"}'], /^--claims cannot set aud: use --sub, --sub-type, --issuer and --audience$/],
	[[...TARGET, '--secret', 's', '--user-claim', 'username', '--claims', '{"username":"john"}'], /^--claims cannot set username, the claim --user-claim names: it carries --sub, --unknown-sub or --other-sub$/],
	[[...TARGET, '--secret', 's', '--user-claim', ''], /^--user-claim must not be empty$/],
	[[...TARGET, '--secret', 's', '--user-claim'], /^--user-claim needs a value/],
	...['exp', 'iat', 'nbf', 'iss', 'aud'].map((name) => [[...TARGET, '--secret', 's', '--user-claim', name], new RegExp(`^--user-claim cannot be ${name}: ws-auth-check sets exp, iat, nbf, iss, aud itself`)]),
	[[...TARGET, '--secret', 's', '--timeout-scale', 'fast'], /^--timeout-scale must be a positive number/],
	[[...TARGET, '--secret', 's', '--timeout-scale', '0'], /^--timeout-scale must be a positive number/],
	[[...TARGET, '--secret', 's', '--timeout-scale', '1e9'], /^--timeout-scale must be at most 20, got 1000000000/],
	[[...TARGET, '--private-key', join(dir, 'missing.pem')], /^cannot read --private-key .*ENOENT/],
	[[...TARGET, '--private-key', notKey], /is not a PEM private key/],
	[[...TARGET, '--secret', 's', '--private-key', notKey], /not both/],
	[['--url', 'not a url', '--secret', 's'], /^--url is not a URL/],
	[['--url', 'ftp://host', '--secret', 's'], /^--url must be http, https, ws or wss/],
	[['--url', 'http://host/live/recommended/', '--secret', 's'], /origin only.*\(a plain WebSocket server at a path: add --protocol ws\)$/],
	[[...TARGET, '--secret', 's', '--namespace', 'admin'], /^--namespace must start with/],
	[[...TARGET, '--secret', 's', '--path', 'socket.io'], /^--path must start with/],
	[[...TARGET, '--secret', 's', '--origin', 'evil'], /^--origin must be an origin/],
	[[...TARGET, '--secret', 's', 'extra'], /^unexpected argument extra$/],
	[[...TARGET, '--secret', 's', '--docs-url'], /^--docs-url needs a value/],
	[[...TARGET, '--secret', 's', '--docs-url', ''], /^--docs-url is not a URL: ""$/],
	[[...TARGET, '--secret', 's', '--docs-url', 'guide.example/docs'], /^--docs-url is not a URL: "guide.example\/docs"$/],
	[[...TARGET, '--secret', 's', '--docs-url', 'ftp://guide.example'], /^--docs-url must be http or https, got "ftp:"$/],
	[[...TARGET, '--secret', 's', '--docs-url', 'https://guide.example/docs/?lang=en'], /^--docs-url must be the guide's address without a query or a fragment, e\.g\. https:\/\/guide\.example\/docs\/$/],
	[[...TARGET, '--secret', 's', '--docs-url', 'https://guide.example/#top'], /^--docs-url must be the guide's address without a query or a fragment/],
	[[...TARGET, '--secret', 's', '--docs-url', 'https://guide.example/?'], /^--docs-url must be the guide's address without a query or a fragment/],
	[[...TARGET, '--secret', 's', '--other-sub', ''], /^--other-sub must not be empty$/],
	[[...TARGET, '--secret', 's', '--other-sub', 'alice'], /^--other-sub must differ from --sub$/],
	[[...TARGET, '--secret', 's', '--other-sub', 'nobody'], /^--other-sub must differ from --unknown-sub/],
];

for (const [argv, message] of USAGE_ERRORS) {
	test(`usage error: ${argv.join(' ')}`, () => {
		assert.throws(() => read(/** @type {string[]} */ (argv)), (error) => error instanceof UsageError && message.test(error.message) && !error.message.includes('\n'));
	});
}

test('--sub-type number: numeric ids, a numeric default for --unknown-sub; --claims and --cookie are kept', () => {
	const config = read([...TARGET, '--secret', 's', '--sub', '1', '--sub-type', 'number', '--other-sub', '2', '--claims', '{"username":"alice"}', '--token-in', 'cookie']);
	assert.equal(config.help, false);
	if (config.help) return;
	assert.deepEqual([config.signing.sub, config.signing.unknownSub, config.signing.otherSub, config.signing.subType], ['1', '2147483647', '2', 'number']);
	assert.deepEqual(config.signing.claims, { username: 'alice' });
	assert.deepEqual([config.tokenIn, config.cookieName], ['cookie', 'access_token']);
});

test('--user-claim: the claim that names the user, taken as it is; --claims may then fix sub', () => {
	/** @param {string[]} argv */
	const signingOf = (argv) => {
		const config = read([...TARGET, '--secret', 's', ...argv]);
		if (config.help) assert.fail('not help');
		return config.signing;
	};
	const nest = signingOf(['--user-claim', 'username', '--sub', 'john', '--other-sub', 'maria', '--claims', '{"sub":1,"role":"member"}']);
	assert.deepEqual([nest.userClaim, nest.sub, nest.unknownSub, nest.otherSub], ['username', 'john', 'nobody', 'maria']);
	assert.deepEqual(nest.claims, { sub: 1, role: 'member' });
	// An identity provider's namespaced claim is one name, dots and slashes included.
	assert.equal(signingOf(['--user-claim', 'https://example.com/username']).userClaim, 'https://example.com/username');
	assert.equal(signingOf(['--user-claim', 'sub']).userClaim, 'sub');
	// The ids are checked as before: --sub-type number applies to the user claim.
	const numeric = signingOf(['--user-claim', 'uid', '--sub-type', 'number', '--sub', '1']);
	assert.deepEqual([numeric.userClaim, numeric.subType, numeric.unknownSub], ['uid', 'number', '2147483647']);
	assert.throws(() => signingOf(['--user-claim', 'uid', '--sub-type', 'number']), (error) => error instanceof UsageError && /^--sub-type number needs whole numbers: --sub is "alice"$/.test(error.message));
});

test('--protocol ws: the defaults are the plain WebSocket examples\', and --url may carry the gateway\'s path', () => {
	/** @param {string[]} argv */
	const wsConfig = (argv) => {
		const config = read(['--secret', 's', '--protocol', 'ws', ...argv]);
		if (config.help) assert.fail('not help');
		return config;
	};
	const config = wsConfig(TARGET);
	assert.deepEqual(
		{ protocol: config.protocol, url: config.url.href, path: config.path, namespaces: config.namespaces, tokenIn: config.tokenIn, event: config.event, broadcastEvent: config.broadcastEvent, receiveEvent: config.receiveEvent },
		{ protocol: 'ws', url: 'ws://127.0.0.1:3000/', path: undefined, namespaces: [], tokenIn: 'protocol', event: 'whoami', broadcastEvent: 'send', receiveEvent: 'message' },
	);
	// http and https are read as ws and wss; a path is kept, as a gateway may listen at one.
	assert.equal(wsConfig(['--url', 'https://example.org/chat']).url.href, 'wss://example.org/chat');
	assert.equal(wsConfig(['--url', 'wss://example.org:8443/a/b/']).url.href, 'wss://example.org:8443/a/b/');
	assert.equal(wsConfig(['--url', 'ws://127.0.0.1:3000/ws']).url.href, 'ws://127.0.0.1:3000/ws');
	for (const place of ['protocol', 'header', 'query', 'cookie']) assert.equal(wsConfig([...TARGET, '--token-in', place]).tokenIn, place);
	// The room's event stays the examples' `message` unless --receive-event says otherwise.
	const events = wsConfig([...TARGET, '--event', 'me', '--broadcast-event', 'chat']);
	assert.deepEqual([events.event, events.broadcastEvent, events.receiveEvent], ['me', 'chat', 'message']);
	assert.equal(wsConfig([...TARGET, '--receive-event', 'chat']).receiveEvent, 'chat');
	assert.equal(wsConfig([...TARGET, '--token-in', 'cookie', '--cookie', 'session']).cookieName, 'session');
});

test('--receive-event: the room receives another event than the one sent', () => {
	const config = read([...TARGET, '--secret', 's', '--broadcast-event', 'addNewMessage', '--receive-event', 'message']);
	assert.equal(config.help, false);
	if (config.help) return;
	assert.deepEqual([config.broadcastEvent, config.receiveEvent], ['addNewMessage', 'message']);
});

test('usage errors never echo the secret', () => {
	for (const argv of [[...TARGET, '--secret', 'hunter2', '--alg', 'RS256'], [...TARGET, '--secret', 'hunter2', '--bogus']]) {
		assert.throws(() => read(argv), (error) => error instanceof UsageError && !error.message.includes('hunter2'));
	}
});
