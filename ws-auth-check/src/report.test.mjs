import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LOCAL_DOCS_URL, SCENARIO_IDS } from './facts.mjs';
import { readArgs } from './args.mjs';
import { docsOf, formatHeader, formatJson, formatLine, formatSummary, resultOf, summaryOf } from './report.mjs';

/** A guide served under a base path, which every link must keep. */
const DOCS_URL = 'https://guide.example/ws-auth';

const leak = resultOf({ id: 'leak', namespace: '/', outcomes: ['connected', 'message:{"from":"Alice","text":"hello from Alice"}'] }, 'alice');
const valid = resultOf({ id: 'valid', namespace: '/', outcomes: ['connected', 'ack:{"id":"alice"}'] }, 'alice');
const skipped = resultOf({ id: 'origin', namespace: '/', note: 'skipped: give --origin' }, 'alice');

test('a result has the JSON shape, with the verdict and the page about the fix', () => {
	assert.deepEqual(leak, {
		id: 'leak',
		namespace: '/',
		verdict: 'FAIL',
		outcome: ['connected', 'message:{"from":"Alice","text":"hello from Alice"}'],
		why: leak.why,
		page: '/approaches/recommended/',
	});
	assert.match(leak.why, /\.$/);
	assert.deepEqual(skipped.outcome, []);
	assert.equal(skipped.verdict, 'SKIP');
	assert.equal(skipped.note, 'skipped: give --origin');
});

test('with a docs URL, a result also has the page\'s full link, under the site\'s base path', () => {
	const linked = resultOf({ id: 'leak', namespace: '/', outcomes: ['connected'] }, 'alice', DOCS_URL);
	assert.equal(linked.page, '/approaches/recommended/');
	assert.equal(linked.learnMore, 'https://guide.example/ws-auth/approaches/recommended/');
	const section = resultOf({ id: 'replay-expired', namespace: '/', outcomes: [] }, 'alice', 'http://127.0.0.1:4321');
	assert.equal(section.learnMore, 'http://127.0.0.1:4321/approaches/recommended/#connection-state-recovery-and-authentication');
});

test('every scenario has a why and a page, a full link only with a docs URL', () => {
	for (const id of SCENARIO_IDS) {
		const result = resultOf({ id, namespace: '/', outcomes: [] }, 'alice');
		assert.ok(result.why.length > 20, id);
		assert.match(result.page, /^\/(approaches|guides)\/[a-z-]+\/(#[a-z-]+)?$/, id);
		assert.ok(!('learnMore' in result), id);
		assert.equal(resultOf({ id, namespace: '/', outcomes: [] }, 'alice', DOCS_URL).learnMore, `${DOCS_URL}${result.page}`, id);
	}
	assert.throws(() => resultOf({ id: 'race', namespace: '/', outcomes: [] }, 'alice'), RangeError);
});

test('one line per scenario: verdict, id, namespace, outcomes, why, page', () => {
	const line = formatLine(leak);
	assert.ok(!line.includes('\n'));
	assert.match(line, /^FAIL {2}leak {14}\/ +connected → message:\{"from":"Alice","text":"hello from Alice"\} {2}\| {2}A room .*\. \/approaches\/recommended\/$/);
	assert.match(formatLine(skipped), /^SKIP {2}origin .* - {2}\| .*\(skipped: give --origin\) \/guides\/cookie-sessions\/$/);
	const linked = formatLine(resultOf({ id: 'leak', namespace: '/', outcomes: ['connected'] }, 'alice', DOCS_URL));
	assert.match(linked, /\| {2}A room .*\. https:\/\/guide\.example\/ws-auth\/approaches\/recommended\/$/);
	const long = formatLine(resultOf({ id: 'valid', namespace: '/', outcomes: ['connected', `ack:"${'x'.repeat(500)}"`] }, 'alice'));
	assert.ok(long.length < 400, 'a long answer is shortened');
	assert.match(long, /…/);
});

test('the summary counts verdicts and what was sent', () => {
	const summary = summaryOf([valid, leak, skipped], { connections: 17, events: 9 }, 12345.6);
	assert.deepEqual(summary, { pass: 1, warn: 0, fail: 1, skip: 1, connections: 17, events: 9, durationMs: 12346 });
	assert.equal(
		formatSummary(summary, [valid, leak, skipped], DOCS_URL),
		'Summary: 1 PASS, 0 WARN, 1 FAIL, 1 SKIP. Sent 17 connection attempts and 9 events, one connection attempt at a time, in 12.3 s.',
	);
	const refused = resultOf({ id: 'valid', namespace: '/', outcomes: ['connect_error:websocket error'] }, 'alice');
	assert.match(formatSummary(summary, [refused], DOCS_URL), /\nvalid FAILed: .* prove nothing\.$/);
});

test('without a docs URL, the report says once how to get full links; with one, it says nothing', () => {
	const summary = summaryOf([valid, leak], { connections: 2, events: 1 }, 1000);
	const { note } = docsOf(undefined);
	assert.equal(
		note,
		'Pages are paths on the guide\'s site: give --docs-url <url> for full links (`npm start` in the guide\'s repository serves the guide on http://127.0.0.1:4321).',
	);
	assert.ok(note?.includes(LOCAL_DOCS_URL));
	const lines = formatSummary(summary, [valid, leak]).split('\n');
	assert.deepEqual(lines, [lines[0], note]);
	assert.match(lines[0], /^Summary: /);
	// After the warning that the PASS lines prove nothing, which matters more.
	const refused = resultOf({ id: 'valid', namespace: '/', outcomes: ['connect_error:websocket error'] }, 'alice');
	assert.match(formatSummary(summary, [refused]).split('\n')[2], /^Pages are paths/);
	assert.ok(!formatSummary(summary, [valid, leak], DOCS_URL).includes('\n'));
});

test('JSON: the results and summary, and the docs URL or how to give it', () => {
	const summary = summaryOf([leak], { connections: 2, events: 1 }, 1000);
	assert.deepEqual(JSON.parse(formatJson([leak], summary)), { results: [leak], summary, docs: { url: null, note: docsOf(undefined).note } });
	const linked = resultOf({ id: 'leak', namespace: '/', outcomes: ['connected'] }, 'alice', DOCS_URL);
	const report = JSON.parse(formatJson([linked], summary, DOCS_URL));
	assert.deepEqual(report.docs, { url: DOCS_URL });
	assert.equal(report.results[0].learnMore, `${DOCS_URL}/approaches/recommended/`);
	assert.equal(report.results[0].page, '/approaches/recommended/');
});

// The published CLI runs where the guide is not: no link may point at a local address it does not serve.
test('without a docs URL, nothing in the report links to 127.0.0.1 but the note that names it', () => {
	const results = SCENARIO_IDS.map((id) => resultOf({ id, namespace: '/', outcomes: ['connected'] }, 'alice'));
	const summary = summaryOf(results, { connections: 1, events: 1 }, 1);
	const note = docsOf(undefined).note ?? '';
	for (const result of results) assert.ok(!formatLine(result).includes('127.0.0.1'), result.id);
	assert.ok(!formatSummary(summary, results).replace(note, '').includes('127.0.0.1'));
	const { docs, ...rest } = JSON.parse(formatJson(results, summary));
	assert.ok(!JSON.stringify(rest).includes('127.0.0.1'));
	assert.equal(docs.note, note);
});

test('the header names the user, and the claim that carries her id when it is not sub', () => {
	/** @param {string[]} argv */
	const headerOf = (argv) => {
		const config = readArgs(['--url', 'http://127.0.0.1:3000', '--secret', 's', ...argv], {});
		if (config.help) assert.fail('not help');
		return formatHeader(config);
	};
	assert.equal(headerOf([]), 'ws-auth-check: http://127.0.0.1:3000 (path /socket.io, namespaces /; token in auth, HS256, user alice)');
	assert.match(headerOf(['--sub', 'john', '--user-claim', 'username']), /, HS256, user john in claim username\)$/);
});

test('with --protocol ws, the header gives the gateway\'s URL and where the token goes, and no socket.io path or namespaces', () => {
	const config = readArgs(['--protocol', 'ws', '--url', 'http://127.0.0.1:3000/chat', '--secret', 's', '--token-in', 'cookie'], {});
	if (config.help) assert.fail('not help');
	assert.equal(formatHeader(config), 'ws-auth-check: ws://127.0.0.1:3000/chat (plain WebSocket, JSON { event, data } frames; token in cookie, HS256, user alice)');
});

test('with --user-claim, an answer that names the user by that claim is the user', () => {
	const answered = { id: 'valid', namespace: '/', outcomes: ['connected', 'ack:{"sub":1,"username":"john"}'] };
	assert.equal(resultOf(answered, 'john', undefined, 'username').verdict, 'PASS');
	assert.equal(resultOf(answered, 'john').verdict, 'WARN');
});
