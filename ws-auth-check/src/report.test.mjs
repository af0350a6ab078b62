import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SCENARIO_IDS, SITE_URL } from './facts.mjs';
import { formatJson, formatLine, formatSummary, resultOf, summaryOf } from './report.mjs';

const leak = resultOf({ id: 'leak', namespace: '/', outcomes: ['connected', 'message:{"from":"Alice","text":"hello from Alice"}'] }, 'alice');
const valid = resultOf({ id: 'valid', namespace: '/', outcomes: ['connected', 'ack:{"id":"alice"}'] }, 'alice');
const skipped = resultOf({ id: 'origin', namespace: '/', note: 'skipped: give --origin' }, 'alice');

test('a result has the JSON shape, with the verdict and a link to the site', () => {
	assert.deepEqual(leak, {
		id: 'leak',
		namespace: '/',
		verdict: 'FAIL',
		outcome: ['connected', 'message:{"from":"Alice","text":"hello from Alice"}'],
		why: leak.why,
		learnMore: `${SITE_URL}/approaches/recommended/`,
	});
	assert.match(leak.why, /\.$/);
	assert.deepEqual(skipped.outcome, []);
	assert.equal(skipped.verdict, 'SKIP');
	assert.equal(skipped.note, 'skipped: give --origin');
});

test('every scenario has a why and a page', () => {
	for (const id of SCENARIO_IDS) {
		const result = resultOf({ id, namespace: '/', outcomes: [] }, 'alice');
		assert.ok(result.why.length > 20, id);
		assert.match(result.learnMore, new RegExp(`^${SITE_URL}/(approaches|guides)/[a-z-]+/(#[a-z-]+)?$`), id);
	}
	assert.throws(() => resultOf({ id: 'race', namespace: '/', outcomes: [] }, 'alice'), RangeError);
});

test('one line per scenario: verdict, id, namespace, outcomes, why, link', () => {
	const line = formatLine(leak);
	assert.ok(!line.includes('\n'));
	assert.match(line, /^FAIL {2}leak {14}\/ +connected → message:\{"from":"Alice","text":"hello from Alice"\} {2}\| {2}A room .*\. http:\/\/\S+\/approaches\/recommended\/$/);
	assert.match(formatLine(skipped), /^SKIP {2}origin .* - {2}\| .*\(skipped: give --origin\) http/);
	const long = formatLine(resultOf({ id: 'valid', namespace: '/', outcomes: ['connected', `ack:"${'x'.repeat(500)}"`] }, 'alice'));
	assert.ok(long.length < 400, 'a long answer is shortened');
	assert.match(long, /…/);
});

test('the summary counts verdicts and what was sent', () => {
	const summary = summaryOf([valid, leak, skipped], { connections: 17, events: 9 }, 12345.6);
	assert.deepEqual(summary, { pass: 1, warn: 0, fail: 1, skip: 1, connections: 17, events: 9, durationMs: 12346 });
	assert.equal(
		formatSummary(summary, [valid, leak, skipped]),
		'Summary: 1 PASS, 0 WARN, 1 FAIL, 1 SKIP. Sent 17 connection attempts and 9 events, one connection attempt at a time, in 12.3 s.',
	);
	const refused = resultOf({ id: 'valid', namespace: '/', outcomes: ['connect_error:websocket error'] }, 'alice');
	assert.match(formatSummary(summary, [refused]), /\nvalid FAILed: .* prove nothing\.$/);
	assert.deepEqual(JSON.parse(formatJson([leak], summary)), { results: [leak], summary });
});
