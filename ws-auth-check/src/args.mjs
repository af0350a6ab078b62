// The command line: options, their checks, and the usage text. Every mistake is a UsageError
// with one line saying what is wrong, so the CLI can print it and exit 2 before any socket opens.
import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { LOCAL_DOCS_URL, WAITS_MS } from './facts.mjs';

/** Read when --secret is not given, so that CI can keep the secret out of the process list. */
export const SECRET_ENV = 'WS_AUTH_CHECK_SECRET';
/** Read when --docs-url is not given, so that a CI job or a shell can set the guide's address once. */
export const DOCS_URL_ENV = 'WS_AUTH_CHECK_DOCS_URL';

const PROTOCOLS = /** @type {const} */ (['socket.io', 'ws']);
/** Where each --protocol's client can put its token; the first is the default. */
const TOKEN_PLACES = Object.freeze({
	'socket.io': /** @type {const} */ (['auth', 'query', 'header', 'cookie']),
	// What a browser can send first: its WebSocket API sets no header but Sec-WebSocket-Protocol.
	ws: /** @type {const} */ (['protocol', 'header', 'query', 'cookie']),
});
export const SUB_TYPES = /** @type {const} */ (['string', 'number']);
/**
 * Claims ws-auth-check sets itself from its options, which --claims cannot change and which
 * cannot name the user: a token's times, --issuer and --audience.
 */
const OWN_CLAIMS = ['exp', 'iat', 'nbf', 'iss', 'aud'];
/** The claim that names the user unless --user-claim says otherwise, as in most logins. */
export const DEFAULT_USER_CLAIM = 'sub';
export const ALGORITHMS = /** @type {const} */ (['HS256', 'RS256', 'ES256']);

export class UsageError extends Error {}

export const MAX_TIMEOUT_SCALE = 20;

/**
 * @typedef {object} Config
 * @property {'socket.io' | 'ws'} protocol a socket.io server, or a plain WebSocket one (NestJS's WsAdapter)
 * @property {URL} url the server's origin; with --protocol ws, its ws: or wss: URL, with the gateway's path
 * @property {string | undefined} path socket.io's `path` option; undefined with --protocol ws
 * @property {string[]} namespaces the first is where every scenario runs; `namespace` tries the
 *   others; none with --protocol ws
 * @property {'auth' | 'query' | 'header' | 'cookie' | 'protocol'} tokenIn one of TOKEN_PLACES[protocol]
 * @property {string} cookieName the cookie that carries the token with --token-in cookie
 * @property {string} event the event that answers with the user ("whoami")
 * @property {string} broadcastEvent the event Alice sends to the room ("message"; "send" with --protocol ws)
 * @property {string} receiveEvent the event the room receives ("message", or --receive-event)
 * @property {string | undefined} origin a foreign origin for the `origin` scenario
 * @property {boolean} json
 * @property {string | undefined} docsUrl the guide's site without a trailing slash, which the
 *   report's links start with; undefined when not given, and the report gives the pages' paths
 * @property {number} scale what every wait is multiplied by
 * @property {import('./tokens.mjs').Signing} signing
 */

// No default here for the options whose default depends on --protocol, or that --protocol ws
// refuses: readArgs must see whether they were given.
const OPTIONS = /** @type {const} */ ({
	protocol: { type: 'string', default: 'socket.io' },
	url: { type: 'string' },
	secret: { type: 'string' },
	'private-key': { type: 'string' },
	alg: { type: 'string' },
	issuer: { type: 'string' },
	audience: { type: 'string' },
	sub: { type: 'string', default: 'alice' },
	'unknown-sub': { type: 'string' },
	'sub-type': { type: 'string', default: 'string' },
	'user-claim': { type: 'string', default: DEFAULT_USER_CLAIM },
	claims: { type: 'string' },
	'other-sub': { type: 'string' },
	namespace: { type: 'string', multiple: true },
	'token-in': { type: 'string' },
	cookie: { type: 'string', default: 'access_token' },
	event: { type: 'string', default: 'whoami' },
	'broadcast-event': { type: 'string' },
	'receive-event': { type: 'string' },
	origin: { type: 'string' },
	path: { type: 'string' },
	'timeout-scale': { type: 'string', default: '1' },
	json: { type: 'boolean', default: false },
	'docs-url': { type: 'string' },
	help: { type: 'boolean', short: 'h', default: false },
});

export const USAGE = `Usage: ws-auth-check --url <url> (--secret <secret> | --private-key <pem file>) [options]

Audits a socket.io server, or with --protocol ws a plain WebSocket server (NestJS's WsAdapter),
from the outside for the authentication holes documented by the NestJS WebSocket authentication
guide. Opens a bounded number of connections, one at a time.

Target
  --url <url>                socket.io: the server's origin, e.g. http://127.0.0.1:3000 (http,
                             https, ws, wss); no path here: use --path and --namespace. ws: the
                             gateway's URL, with its path if it has one, e.g. ws://127.0.0.1:3000/chat.
  --protocol <protocol>      socket.io (default), or ws: a plain WebSocket server that speaks
                             NestJS WsAdapter's JSON { event, data } frames (@nestjs/platform-ws).
                             The socket.io-only options below are refused with ws.
  --path <path>              socket.io's \`path\` option (default /socket.io). A server mounted
                             under a prefix, e.g. /live/recommended/socket.io. socket.io only.
  --namespace <ns>           Repeatable. Every scenario runs on the first (default /); the
                             \`namespace\` scenario tries each other one without a token. socket.io only.
  --origin <origin>          A foreign origin for the \`origin\` scenario (skipped without it),
                             e.g. https://evil.example.

Tokens
  --secret <secret>          The HS256 secret the server verifies with (--secret=<secret> if it
                             starts with "-"). Or set ${SECRET_ENV}. Never printed.
  --private-key <pem file>   Sign with this private key instead (PKCS#8, PKCS#1 or SEC1 PEM).
  --alg <alg>                HS256 (with --secret), RS256 or ES256 (with --private-key; read from
                             the key when omitted).
  --issuer <iss>             \`iss\` claim of every token (none when omitted).
  --audience <aud>           \`aud\` claim of every token (none when omitted).
  --sub <id>                 The valid user's id (default alice).
  --sub-type <type>          string (default) or number: the id as your login writes it, e.g.
                             --sub 1 --sub-type number for { "sub": 1 }. Applies to every id below.
  --user-claim <name>        The claim your server finds the user by (default sub), e.g. username:
                             --sub john then signs { "username": "john", "sub": "john" }, and the
                             ids below go there too. \`sub\` keeps the same id, unless --claims
                             sets it, e.g. '{"sub":1}' (then the same in every token).
  --unknown-sub <id>         A user id the server does not know (default nobody, or 2147483647
                             with --sub-type number).
  --claims <json>            More claims for every token, as your login adds them, e.g.
                             '{"role":"member"}'. Not exp, iat, nbf, iss or aud, nor the
                             --user-claim (sub by default; with another one, sub is allowed).
  --other-sub <id>           A second user the server knows, for replay-other-user (skipped
                             without it): does that user's valid token take over --sub's session?
                             socket.io only.
  --token-in <place>         Where the client puts its token. socket.io: auth (default;
                             io(url, { auth: { token } })), query (?token=...), header
                             (Authorization: Bearer ...), or cookie (a Cookie header, as a browser
                             sends a cookie with the handshake). ws: protocol (default;
                             Sec-WebSocket-Protocol: bearer, <token>, what a browser can send),
                             header, query or cookie.
  --cookie <name>            The cookie's name with --token-in cookie (default access_token).

Events
  --event <name>             An event the server answers with the user (default whoami): with an
                             acknowledgement, or with --protocol ws a frame of the same event;
                             an object whose id, sub or --user-claim is --sub, or that id itself.
  --broadcast-event <name>   An event that broadcasts to the sender's room (default message; send
                             with --protocol ws). Used by leak, recovery and the replay scenarios.
  --receive-event <name>     The event the room receives, when the server broadcasts under
                             another name than the one it was sent (default: --broadcast-event;
                             message with --protocol ws).

Output
  --json                     Print one JSON document instead of text.
  --docs-url <url>           The guide's site, for full links to its pages (paths alone without it),
                             e.g. ${LOCAL_DOCS_URL}, where \`npm start\` in the guide's repository
                             serves it. Or set ${DOCS_URL_ENV}.
  --timeout-scale <n>        Multiply every wait by n (default 1, at most 20), for slow servers or CI.
  -h, --help                 Print this help.

Exit codes: 0 no FAIL, 1 at least one FAIL, 2 nothing audited (usage error, or server unreachable).`;

/**
 * Reads the command line. Returns `{ help: true }` for --help, or the audit's settings.
 * @param {string[]} argv the arguments after the script
 * @param {NodeJS.ProcessEnv} [env]
 * @returns {{ help: true } | ({ help: false } & Config)}
 */
export function readArgs(argv, env = process.env) {
	let values;
	try {
		({ values } = parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }));
	} catch (error) {
		throw new UsageError(parseErrorMessage(/** @type {Error & { code?: string }} */ (error)));
	}
	if (values.help) return { help: true };

	const protocol = /** @type {Config['protocol']} */ (values.protocol);
	if (!PROTOCOLS.includes(protocol)) throw new UsageError(`--protocol must be one of ${PROTOCOLS.join(', ')}, got "${protocol}"`);
	const ws = protocol === 'ws';
	if (values.url === undefined) throw new UsageError('missing --url (the server to audit, e.g. --url http://127.0.0.1:3000)');
	if (ws) refuseSocketIoOptions(values);
	const url = ws ? webSocketUrl(values.url) : socketIoUrl(values.url);
	const path = ws ? undefined : values.path ?? '/socket.io';
	if (path !== undefined && !path.startsWith('/')) throw new UsageError(`--path must start with "/", got "${path}"`);
	const namespaces = ws ? [] : values.namespace ?? ['/'];
	for (const namespace of namespaces) {
		if (!namespace.startsWith('/')) throw new UsageError(`--namespace must start with "/", got "${namespace}"`);
	}
	const tokenIn = tokenPlaceOf(values['token-in'], protocol);
	const scale = Number(values['timeout-scale']);
	if (values['timeout-scale'].trim() === '' || !Number.isFinite(scale) || scale <= 0) {
		throw new UsageError(`--timeout-scale must be a positive number, got "${values['timeout-scale']}"`);
	}
	// A bound on the whole run's time (about 25 s at 1), which also keeps every wait within what
	// a timer can hold.
	if (scale > MAX_TIMEOUT_SCALE) throw new UsageError(`--timeout-scale must be at most ${MAX_TIMEOUT_SCALE}, got ${scale}`);
	for (const name of /** @type {const} */ (['sub', 'unknown-sub', 'other-sub', 'user-claim', 'event', 'broadcast-event', 'receive-event', 'cookie'])) {
		if (values[name] === '') throw new UsageError(`--${name} must not be empty`);
	}
	const subType = /** @type {import('./tokens.mjs').Signing['subType']} */ (values['sub-type']);
	if (!SUB_TYPES.includes(subType)) throw new UsageError(`--sub-type must be one of ${SUB_TYPES.join(', ')}, got "${subType}"`);
	const unknownSub = values['unknown-sub'] ?? (subType === 'number' ? '2147483647' : 'nobody');
	if (subType === 'number') {
		for (const [name, id] of /** @type {const} */ ([['sub', values.sub], ['unknown-sub', unknownSub], ['other-sub', values['other-sub']]])) {
			if (id !== undefined && !/^-?\d+$/.test(id)) throw new UsageError(`--sub-type number needs whole numbers: --${name} is "${id}"`);
		}
	}
	if (values.sub === unknownSub) throw new UsageError('--unknown-sub must differ from --sub');
	// Another user's session takeover needs another user, one the server knows.
	if (values['other-sub'] === values.sub) throw new UsageError('--other-sub must differ from --sub');
	if (values['other-sub'] === unknownSub) throw new UsageError('--other-sub must differ from --unknown-sub (a user the server does not know)');
	const userClaim = userClaimOf(values['user-claim']);
	// The guide's examples' events: socket.io clients send `message`, which the room receives as
	// `message`; plain WebSocket clients send `send`, which WsAdapter answers as `send`, and the
	// room receives `message`.
	const broadcastEvent = values['broadcast-event'] ?? (ws ? 'send' : 'message');

	return {
		help: false,
		protocol,
		url,
		path,
		namespaces,
		tokenIn,
		cookieName: values.cookie,
		event: values.event,
		broadcastEvent,
		receiveEvent: values['receive-event'] ?? (ws ? 'message' : broadcastEvent),
		origin: values.origin === undefined ? undefined : foreignOrigin(values.origin),
		json: values.json,
		docsUrl: docsUrlOf(values['docs-url'], env),
		scale,
		signing: {
			...signingKey(values, env),
			sub: values.sub,
			unknownSub,
			otherSub: values['other-sub'],
			subType,
			userClaim,
			claims: extraClaims(values.claims, userClaim),
			issuer: values.issuer,
			audience: values.audience,
			lifetimeMs: WAITS_MS.tokenLifetime * scale,
		},
	};
}

/**
 * The claim --user-claim names, taken as it is: any JSON object key, even one with dots or
 * slashes (an identity provider's namespaced claim, `https://example.com/username`, is one claim,
 * not a path). Not one of the claims this tool sets from other options: the user would vanish
 * from every token, or the token would be refused for another reason than its user.
 * @param {string} name
 */
function userClaimOf(name) {
	if (OWN_CLAIMS.includes(name)) {
		throw new UsageError(`--user-claim cannot be ${name}: ws-auth-check sets ${OWN_CLAIMS.join(', ')} itself (the token's times, --issuer and --audience)`);
	}
	return name;
}

/**
 * The claims --claims adds to every token: a JSON object, without the claims this tool sets.
 * `sub` is refused while it names the user (it is --sub then); with another --user-claim, it is
 * the login's own `sub`, which --claims may fix for every token.
 * @param {string | undefined} text
 * @param {string} userClaim
 * @returns {Record<string, unknown>}
 */
function extraClaims(text, userClaim) {
	if (text === undefined) return {};
	let claims;
	try {
		claims = JSON.parse(text);
	} catch {
		throw new UsageError(`--claims must be a JSON object, e.g. '{"username":"alice"}', got ${text}`);
	}
	if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) throw new UsageError(`--claims must be a JSON object, got ${text}`);
	const refused = userClaim === DEFAULT_USER_CLAIM ? [DEFAULT_USER_CLAIM, ...OWN_CLAIMS] : OWN_CLAIMS;
	const own = Object.keys(claims).filter((name) => refused.includes(name));
	if (own.length > 0) {
		// A login that signs `sub` and another claim the server finds users by: --user-claim.
		const other = own.includes(DEFAULT_USER_CLAIM) ? ' (if your server finds users by another claim, give it with --user-claim; --claims may then set sub)' : '';
		throw new UsageError(`--claims cannot set ${own.join(', ')}: use --sub, --sub-type, --issuer and --audience${other}`);
	}
	// The same name in every token would undo --unknown-sub and --other-sub.
	if (userClaim !== DEFAULT_USER_CLAIM && Object.hasOwn(claims, userClaim)) {
		throw new UsageError(`--claims cannot set ${userClaim}, the claim --user-claim names: it carries --sub, --unknown-sub or --other-sub`);
	}
	return claims;
}

/** @param {Error & { code?: string }} error */
function parseErrorMessage(error) {
	// parseArgs' own messages are long and suggest "--" for positionals: say what is wrong, briefly.
	const option = /'(-[^' ]+)/.exec(error.message)?.[1];
	switch (error.code) {
		case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
			return `unknown option ${option ?? error.message}`;
		case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
			// Also what parseArgs says of a value that starts with "-" (a base64url secret may).
			return option ? `${option} needs a value (one that starts with "-" is written ${option}=<value>)` : error.message;
		case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
			return `unexpected argument ${/'([^']*)'/.exec(error.message)?.[1] ?? ''}`.trim();
		default:
			return error.message;
	}
}

/**
 * Options that mean something to socket.io only: refused with --protocol ws rather than ignored,
 * so that nobody takes them for audited.
 * @param {{ path?: string, namespace?: string[], 'other-sub'?: string }} values
 */
function refuseSocketIoOptions(values) {
	if (values.path !== undefined) throw new UsageError("--path is socket.io's: with --protocol ws, give the gateway's path in --url, e.g. --url ws://127.0.0.1:3000/chat");
	if (values.namespace !== undefined) throw new UsageError("--namespace is socket.io's: a plain WebSocket server (--protocol ws) has no namespaces; give the gateway's path in --url");
	if (values['other-sub'] !== undefined) {
		throw new UsageError("--other-sub is for the replay scenarios, which need socket.io's connection state recovery: a plain WebSocket server (--protocol ws) skips them");
	}
}

/**
 * Where the token goes: --token-in, or the protocol's default. A place of the other protocol's
 * says which protocol it belongs to.
 * @param {string | undefined} place
 * @param {Config['protocol']} protocol
 * @returns {Config['tokenIn']}
 */
function tokenPlaceOf(place, protocol) {
	/** @type {readonly string[]} */
	const places = TOKEN_PLACES[protocol];
	if (place === undefined) return /** @type {Config['tokenIn']} */ (places[0]);
	if (places.includes(place)) return /** @type {Config['tokenIn']} */ (place);
	const other = PROTOCOLS.find((candidate) => candidate !== protocol && /** @type {readonly string[]} */ (TOKEN_PLACES[candidate]).includes(place));
	if (other !== undefined) throw new UsageError(`--token-in ${place} is for --protocol ${other}: with --protocol ${protocol}, give one of ${places.join(', ')}`);
	throw new UsageError(`--token-in must be one of ${places.join(', ')}, got "${place}"`);
}

/** @param {string} text */
function urlOf(text) {
	let url;
	try {
		url = new URL(text);
	} catch {
		throw new UsageError(`--url is not a URL: "${text}"`);
	}
	if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol)) {
		throw new UsageError(`--url must be http, https, ws or wss, got "${url.protocol}"`);
	}
	return url;
}

/** @param {string} text */
function socketIoUrl(text) {
	const url = urlOf(text);
	// socket.io-client reads a URL's path as the namespace: a path here would silently audit
	// another namespace than the one the user thinks.
	if (url.pathname !== '/' || url.search || url.hash) {
		throw new UsageError(
			`--url must be the server's origin only (${url.origin}); give the socket.io path with --path and namespaces with --namespace (a plain WebSocket server at a path: add --protocol ws)`,
		);
	}
	return url;
}

/** `href`, not `search` and `hash`, which are empty for a bare "?" or "#". */
const hasQueryOrFragment = (/** @type {URL} */ url) => /[?#]/.test(url.href);

/**
 * A plain WebSocket gateway's URL, as ws: or wss: (http and https are read as them), with its
 * path: a gateway may listen at one. No query or fragment: the tool writes the query itself (the
 * room, and the token with --token-in query).
 * @param {string} text
 */
function webSocketUrl(text) {
	const url = urlOf(text);
	if (hasQueryOrFragment(url)) throw new UsageError(`--url with --protocol ws may have a path, not a query or a fragment: ${url.origin}${url.pathname}`);
	url.protocol = url.protocol === 'https:' || url.protocol === 'wss:' ? 'wss:' : 'ws:';
	return url;
}

/**
 * The guide's site from --docs-url, else from WS_AUTH_CHECK_DOCS_URL, else none. Kept without its
 * trailing slash: every page's path starts with one.
 * @param {string | undefined} option
 * @param {NodeJS.ProcessEnv} env
 * @returns {string | undefined}
 */
function docsUrlOf(option, env) {
	// An empty variable counts as unset, so that `WS_AUTH_CHECK_DOCS_URL= ws-auth-check …` turns
	// a setting of the shell or the CI job off for one run.
	const [name, text] = option === undefined ? [DOCS_URL_ENV, env[DOCS_URL_ENV] || undefined] : ['--docs-url', option];
	if (text === undefined) return undefined;
	let url;
	try {
		url = new URL(text);
	} catch {
		throw new UsageError(`${name} is not a URL: "${text}"`);
	}
	if (!['http:', 'https:'].includes(url.protocol)) throw new UsageError(`${name} must be http or https, got "${url.protocol}"`);
	// Every page's path is appended to it: a query or a fragment would end up in the middle of each
	// link.
	if (hasQueryOrFragment(url)) {
		throw new UsageError(`${name} must be the guide's address without a query or a fragment, e.g. ${url.origin}${url.pathname}`);
	}
	return url.href.replace(/\/+$/, '');
}

/** @param {string} text */
function foreignOrigin(text) {
	try {
		const { origin } = new URL(text);
		if (origin !== 'null') return origin;
	} catch {
		// reported below, with the value
	}
	throw new UsageError(`--origin must be an origin such as https://evil.example, got "${text}"`);
}

/**
 * The signing key and algorithm: an HS256 secret, or a private key whose type fits the algorithm.
 * @param {{ secret?: string, 'private-key'?: string, alg?: string }} values
 * @param {NodeJS.ProcessEnv} env
 * @returns {Pick<import('./tokens.mjs').Signing, 'alg' | 'key'>}
 */
function signingKey(values, env) {
	const alg = values.alg;
	if (alg !== undefined && !ALGORITHMS.includes(/** @type {any} */ (alg))) {
		throw new UsageError(`--alg must be one of ${ALGORITHMS.join(', ')}, got "${alg}"`);
	}
	const keyFile = values['private-key'];
	const secret = values.secret ?? (keyFile === undefined ? env[SECRET_ENV] : undefined);
	if (secret !== undefined && keyFile !== undefined) throw new UsageError('give --secret or --private-key, not both');
	if (secret !== undefined) {
		if (secret === '') throw new UsageError('--secret must not be empty');
		if (alg !== undefined && alg !== 'HS256') throw new UsageError(`--alg ${alg} signs with a private key: give --private-key, not --secret`);
		return { alg: 'HS256', key: new TextEncoder().encode(secret) };
	}
	if (keyFile === undefined) throw new UsageError(`missing --secret or --private-key (or set ${SECRET_ENV})`);
	if (alg === 'HS256') throw new UsageError('--alg HS256 signs with a secret: give --secret, not --private-key');
	let pem;
	try {
		pem = readFileSync(keyFile, 'utf8');
	} catch (error) {
		throw new UsageError(`cannot read --private-key ${keyFile}: ${/** @type {NodeJS.ErrnoException} */ (error).code ?? 'unreadable'}`);
	}
	let key;
	try {
		key = createPrivateKey(pem);
	} catch {
		throw new UsageError(`--private-key ${keyFile} is not a PEM private key`);
	}
	const fits = key.asymmetricKeyType === 'rsa' ? 'RS256' : key.asymmetricKeyType === 'ec' && key.asymmetricKeyDetails?.namedCurve === 'prime256v1' ? 'ES256' : undefined;
	if (fits === undefined) throw new UsageError(`--private-key ${keyFile} is neither an RSA key (RS256) nor a P-256 key (ES256)`);
	if (alg !== undefined && alg !== fits) throw new UsageError(`--alg ${alg} does not fit --private-key ${keyFile}, a key for ${fits}`);
	return { alg: fits, key };
}
