// Turns observations into verdicts and writes them: one line per scenario, or one JSON document.
// Nothing here sees the secret or the tokens, so neither can be printed.
import { DEFAULT_USER_CLAIM } from './args.mjs';
import { LOCAL_DOCS_URL, SCENARIO_IDS, SCENARIOS, learnMoreOf } from './facts.mjs';
import { verdictOf } from './verdicts.mjs';

/**
 * @typedef {object} Result
 * @property {string} id
 * @property {string} namespace
 * @property {import('./verdicts.mjs').Verdict} verdict
 * @property {string[]} outcome what the client saw, in the guide's vocabulary (empty when skipped)
 * @property {string} why
 * @property {string} page the guide's page about the fix, as a path on its site
 * @property {string} [learnMore] the page's full link, only when the guide's site is known (--docs-url)
 * @property {string} [note] what this run adds: why a scenario was skipped, what the server lacked
 */

/**
 * @typedef {{ pass: number, warn: number, fail: number, skip: number,
 *   connections: number, events: number, durationMs: number }} Summary
 */

/**
 * The JSON report's `docs`: the guide's site, or null and the note that says how to give it.
 * @typedef {{ url: string, note?: undefined } | { url: null, note: string }} Docs
 */

/**
 * @param {import('./scenarios.mjs').Observation} observation
 * @param {string} sub the valid user, whose identity a "whoami" answer must carry
 * @param {string} [docsUrl] the guide's site (Config's `docsUrl`); without it, no `learnMore`
 * @param {string} [userClaim] the claim that names the user (--user-claim), which such an answer may carry
 * @returns {Result}
 */
export function resultOf({ id, namespace, outcomes, note }, sub, docsUrl, userClaim) {
	const scenario = SCENARIOS.find((candidate) => candidate.id === id);
	if (!scenario) throw new RangeError(`unknown scenario "${id}"`);
	return {
		id,
		namespace,
		verdict: outcomes === undefined ? 'SKIP' : verdictOf(id, outcomes, sub, userClaim),
		outcome: outcomes ?? [],
		why: scenario.why,
		page: scenario.page,
		...(docsUrl === undefined ? {} : { learnMore: learnMoreOf(scenario, docsUrl) }),
		...(note === undefined ? {} : { note }),
	};
}

/**
 * @param {readonly Result[]} results
 * @param {{ connections: number, events: number }} sent
 * @param {number} durationMs
 * @returns {Summary}
 */
export function summaryOf(results, sent, durationMs) {
	const count = (/** @type {string} */ verdict) => results.filter((result) => result.verdict === verdict).length;
	return {
		pass: count('PASS'),
		warn: count('WARN'),
		fail: count('FAIL'),
		skip: count('SKIP'),
		connections: sent.connections,
		events: sent.events,
		durationMs: Math.round(durationMs),
	};
}

/** The longest a step of an outcome is shown in text: a server may answer with a whole document. */
const STEP_WIDTH = 120;
/** The scenario column fits the longest id, so the columns after it line up. */
const ID_WIDTH = Math.max(...SCENARIO_IDS.map((id) => id.length));

/**
 * One line: verdict, scenario, namespace, what the client saw, why it matters, where to read more.
 * @param {Result} result
 */
export function formatLine(result) {
	const steps = result.outcome.map((step) => (step.length > STEP_WIDTH ? `${step.slice(0, STEP_WIDTH - 1)}…` : step));
	const seen = result.verdict === 'SKIP' ? '-' : steps.length === 0 ? 'nothing observed' : steps.join(' → ');
	const note = result.note === undefined ? '' : ` (${result.note})`;
	return `${result.verdict.padEnd(4)}  ${result.id.padEnd(ID_WIDTH)} ${result.namespace.padEnd(8)} ${seen}  |  ${result.why}${note} ${result.learnMore ?? result.page}`;
}

/**
 * @param {import('./args.mjs').Config} config
 */
export function formatHeader(config) {
	const { alg, sub, userClaim } = config.signing;
	// The claim only when it is not `sub`: the usual header stays as the guide's pages show it.
	const user = userClaim === DEFAULT_USER_CLAIM ? sub : `${sub} in claim ${userClaim}`;
	const token = `token in ${config.tokenIn}, ${alg}, user ${user}`;
	if (config.protocol === 'ws') return `ws-auth-check: ${config.url.href} (plain WebSocket, JSON { event, data } frames; ${token})`;
	return `ws-auth-check: ${config.url.origin} (path ${config.path}, namespaces ${config.namespaces.join(', ')}; ${token})`;
}

/**
 * Without the guide's site, the report's pages are bare paths: one sentence says how to get full
 * links, worded for the text (after the summary) and the JSON (`docs.note`) alike. A link to
 * 127.0.0.1 would be dead wherever the guide is not running.
 * @param {string | undefined} docsUrl
 * @returns {Docs}
 */
export function docsOf(docsUrl) {
	if (docsUrl !== undefined) return { url: docsUrl };
	return {
		url: null,
		note: `Pages are paths on the guide's site: give --docs-url <url> for full links (\`npm start\` in the guide's repository serves the guide on ${LOCAL_DOCS_URL}).`,
	};
}

/**
 * @param {Summary} summary
 * @param {readonly Result[]} results
 * @param {string} [docsUrl] the guide's site; without it, a last line says how to give it
 */
export function formatSummary(summary, results, docsUrl) {
	const seconds = (summary.durationMs / 1000).toFixed(1);
	const line =
		`Summary: ${summary.pass} PASS, ${summary.warn} WARN, ${summary.fail} FAIL, ${summary.skip} SKIP. ` +
		`Sent ${summary.connections} connection attempts and ${summary.events} events, one connection attempt at a time, in ${seconds} s.`;
	// Every attack "passes" against a server that refuses everyone: say so rather than reassure.
	const aliceRefused = results.some((result) => result.id === 'valid' && result.verdict === 'FAIL');
	const lines = [line];
	if (aliceRefused) lines.push('valid FAILed: until a valid user gets in, the PASS lines above prove nothing.');
	const { note } = docsOf(docsUrl);
	if (note !== undefined) lines.push(note);
	return lines.join('\n');
}

/**
 * @param {readonly Result[]} results
 * @param {Summary} summary
 * @param {string} [docsUrl] the guide's site, or undefined
 */
export function formatJson(results, summary, docsUrl) {
	return JSON.stringify({ results, summary, docs: docsOf(docsUrl) }, null, 2);
}
