// How a scenario went, from the outcomes alone: the guide's decision table, for a socket.io
// client's outcomes and for a plain WebSocket client's (--protocol ws, the @nestjs/platform-ws
// examples). It is defined here, and the site's tables read it too (`verdictOf` in
// site/lib/outcomes.ts), adding only the rules for what this tool cannot observe from outside:
// the `race` scenario and `server:exited` (a crashed server, which the site sees from the process).
import { parseOutcome } from './outcomes.mjs';

/** @typedef {'safe' | 'partial' | 'unsafe' | 'broken'} SiteVerdict */
/** @typedef {'PASS' | 'WARN' | 'FAIL' | 'SKIP'} Verdict */

/**
 * Whether a "whoami" reply identifies the user the valid token names. The site's examples answer
 * with the user (`{ id: 'alice', ... }`); a server that answers with its JWT claims
 * (`{ sub }`) or with the bare id is understood too, and a numeric id (`{ id: 1 }`) is --sub 1.
 * With --user-claim, the claim that names the user counts as well: a server that finds users by
 * `username` may answer with its claims (`{ sub: 1, username: 'john' }`) or with a user record
 * whose own id is another (`{ userId: 1, username: 'john' }`).
 * @param {unknown} reply
 * @param {string} sub
 * @param {string} [userClaim] --user-claim
 */
export function identifies(reply, sub, userClaim = 'sub') {
	const isSub = (/** @type {unknown} */ id) => (typeof id === 'string' || typeof id === 'number') && String(id) === sub;
	return isSub(reply) || (isRecord(reply) && (isSub(reply.id) || isSub(reply.sub) || (Object.hasOwn(reply, userClaim) && isSub(reply[userClaim]))));
}

/**
 * Kinds only a plain WebSocket client records (ws-scenario-engine.mjs): outcomes with one of
 * them are a plain WebSocket server's, judged by its own rules.
 * @type {ReadonlySet<string>}
 */
export const WS_KINDS = new Set(['open', 'http', 'close', 'reply', 'error', 'frame']);

/**
 * The site's verdict for a scenario's outcomes. `origin` is an attacker's connection, so it
 * falls under the table's last rule, like `no-token`.
 * @param {string} scenario a scenario id
 * @param {readonly string[]} outcomes
 * @param {string} [sub] whose identity a "whoami" answer must carry (the site's Alice)
 * @param {string} [userClaim] the claim that names her (--user-claim), which such an answer may carry too
 * @returns {SiteVerdict}
 */
export function siteVerdictOf(scenario, outcomes, sub = 'alice', userClaim = 'sub') {
	const seen = outcomes.map(parseOutcome);
	if (seen.some((o) => WS_KINDS.has(o.kind))) return plainWebSocketVerdictOf(scenario, seen, sub, userClaim);
	const has = (/** @type {string} */ kind) => seen.some((o) => o.kind === kind);
	const isAlice = (/** @type {import('./outcomes.mjs').Outcome} */ o) => o.kind === 'ack' && identifies(o.reply, sub, userClaim);
	const connected = has('connected');
	const disconnected = has('disconnect');
	// An event packet on the wire before CONNECT: whatever follows, the client has read it.
	const leaked = has('wire');
	switch (scenario) {
		case 'valid':
			if (seen.some(isAlice)) return 'safe';
			// Alice refused is not a hole, it is an app that does not work.
			return connected ? 'partial' : 'broken';
		case 'leak':
			return has('message') || leaked ? 'unsafe' : connected ? 'partial' : 'safe';
		case 'expiry':
			if (seen.some((o, index) => index > 0 && isAlice(o))) return disconnected ? 'partial' : 'unsafe';
			return disconnected ? 'safe' : 'partial';
		case 'retry':
			return has('reconnect_attempt') ? 'partial' : connected && !disconnected ? 'unsafe' : 'safe';
		case 'recovery': {
			// What happens once the connection has dropped and socket.io brings it back with a
			// token that has expired meanwhile.
			const drop = seen.findIndex((o) => o.kind === 'disconnect');
			if (drop === -1) return connected ? 'partial' : 'broken';
			const after = seen.slice(drop + 1);
			if (after.some(isAlice) || after.some((o) => o.kind === 'wire')) return 'unsafe';
			if (after.some((o) => o.kind === 'connect_error')) return 'safe';
			// Back in, then thrown out again: connected for a while without a valid token.
			if (after.some((o) => o.kind === 'disconnect')) return 'partial';
			return 'unsafe';
		}
		case 'recovery-fresh':
			// Alice's own session, her token fresh: she should get it back, with what she missed.
			if (!connected) return 'broken';
			if (!seen.some(isAlice)) return 'unsafe';
			return has('message') ? 'safe' : 'partial';
		default:
			// Every other scenario is an attacker's connection: refused before connect is what you
			// want, with nothing on the wire before it.
			if (leaked) return 'unsafe';
			if (!connected) return has('connect_error') || has('timeout') ? 'safe' : 'partial';
			if (has('ack')) return 'unsafe';
			return disconnected ? 'partial' : 'unsafe';
	}
}

/**
 * The same decision table for a plain WebSocket client, which sees the wire itself: refused at
 * the upgrade (an HTTP status, no socket) is what you want; a socket that opens for an attacker
 * is a gap if the server closes it, and a hole if it stays open or answers it.
 * @param {string} scenario
 * @param {import('./outcomes.mjs').Outcome[]} seen
 * @param {string} sub
 * @param {string} userClaim
 * @returns {SiteVerdict}
 */
function plainWebSocketVerdictOf(scenario, seen, sub, userClaim) {
	const has = (/** @type {string} */ kind) => seen.some((o) => o.kind === kind);
	const isAlice = (/** @type {import('./outcomes.mjs').Outcome} */ o) => o.kind === 'reply' && identifies(o.reply, sub, userClaim);
	const open = has('open');
	const closed = has('close');
	switch (scenario) {
		case 'valid':
			return seen.some(isAlice) ? 'safe' : open ? 'partial' : 'broken';
		case 'leak':
			return has('message') ? 'unsafe' : open ? 'partial' : 'safe';
		case 'expiry':
			// The client asks only once its token has expired: any answer as Alice came after.
			if (seen.some(isAlice)) return closed ? 'partial' : 'unsafe';
			return closed ? 'safe' : 'partial';
		default:
			if (!open) return 'safe';
			if (has('reply') || has('message')) return 'unsafe';
			return closed ? 'partial' : 'unsafe';
	}
}

/** @type {Readonly<Record<SiteVerdict, Verdict>>} */
export const VERDICT_OF_SITE_VERDICT = Object.freeze({ safe: 'PASS', partial: 'WARN', unsafe: 'FAIL', broken: 'FAIL' });

/**
 * The tool's verdict: safe → PASS, partial → WARN, unsafe or broken → FAIL.
 * @param {string} scenario
 * @param {readonly string[]} outcomes
 * @param {string} [sub]
 * @param {string} [userClaim]
 * @returns {Verdict}
 */
export function verdictOf(scenario, outcomes, sub, userClaim) {
	return VERDICT_OF_SITE_VERDICT[siteVerdictOf(scenario, outcomes, sub, userClaim)];
}

/** @param {unknown} value @returns {value is Record<string, unknown>} */
function isRecord(value) {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
