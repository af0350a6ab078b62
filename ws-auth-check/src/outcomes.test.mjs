// The outcome vocabulary, copied from the examples' (examples/recommended/demo/outcomes.mjs) so that
// the package stands alone: every outcome this tool writes is written as the examples write it,
// and read back as the site reads it. A kind added to one copy and not the other fails here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { frameOutcome as examplesFrameOutcome, outcome as examplesOutcome, parseOutcome as examplesParse } from '../../examples/recommended/demo/outcomes.mjs';
import { frameOutcome, outcome, parseOutcome } from './outcomes.mjs';

/** Arguments for each writer, the unusual ones included (no data, an empty body or reason). */
const SAMPLES = {
	connected: [[]],
	connectError: [['Unauthorized', undefined], ['Unauthorized', { code: 'TOKEN_EXPIRED' }], ['xhr poll error', undefined]],
	disconnect: [['io server disconnect']],
	exception: [[{ message: 'Forbidden resource' }], [undefined]],
	ack: [[{ id: 'alice' }], [undefined]],
	timeout: [[]],
	message: [[{ from: 'Alice', text: 'hi: there' }]],
	wire: [['message', { from: 'Bob' }], ['exception', undefined]],
	reconnectAttempt: [[]],
	open: [[]],
	http: [[401, 'TOKEN_MISSING'], [403, ''], [500, 'two words']],
	close: [[4401, 'TOKEN_EXPIRED'], [1006, '']],
	reply: [[{ ok: true }], [undefined]],
	error: [['socket hang up']],
	frame: [['hello'], ['{"event":"other","data":1}']],
};

test('every kind this tool writes, the examples write the same way', () => {
	assert.deepEqual(Object.keys(SAMPLES).sort(), Object.keys(outcome).sort(), 'a sample for every writer');
	for (const [name, calls] of Object.entries(SAMPLES)) {
		const examples = /** @type {Record<string, (...args: any[]) => string>} */ (examplesOutcome)[name];
		assert.equal(typeof examples, 'function', `the examples have no outcome.${name}`);
		for (const args of calls) {
			const written = /** @type {Record<string, (...args: any[]) => string>} */ (outcome)[name](...args);
			assert.equal(written, examples(...args), `outcome.${name}(${args.map((arg) => JSON.stringify(arg)).join(', ')})`);
			// Read back as the site reads it: the kind every verdict starts from.
			const read = parseOutcome(written);
			assert.notEqual(read.kind, 'unknown', written);
			assert.equal(read.kind, examplesParse(written).kind, written);
		}
	}
});

test('a plain WebSocket client\'s outcomes read back, with the parts the examples\' parser gives', () => {
	const READ = /** @type {const} */ ([
		['open', { kind: 'open' }],
		['http:401 TOKEN_MISSING', { kind: 'http', status: 401, body: 'TOKEN_MISSING' }],
		['http:403', { kind: 'http', status: 403, body: '' }],
		['close:4401 TOKEN_EXPIRED', { kind: 'close', code: 4401, reason: 'TOKEN_EXPIRED' }],
		['reply:{"id":"alice"}', { kind: 'reply', reply: { id: 'alice' } }],
		['error:socket hang up', { kind: 'error', message: 'socket hang up' }],
		['frame:a: b', { kind: 'frame', text: 'a: b' }],
	]);
	for (const [raw, parts] of READ) {
		assert.deepEqual(parseOutcome(raw), parts);
		// The examples' parser also keeps a reply's JSON as written; this copy does not need it.
		const { json: _json, ...site } = /** @type {{ json?: string }} */ (examplesParse(raw));
		assert.deepEqual(site, parts, raw);
	}
	// Outside the vocabulary, as the examples' parser says.
	for (const raw of ['http:abc', 'close:', 'open:now', 'teleported']) {
		assert.deepEqual(parseOutcome(raw), { kind: 'unknown', text: raw });
		assert.equal(examplesParse(raw).kind, 'unknown', raw);
	}
});

test('a plain WebSocket frame is sorted as the examples sort it', () => {
	const events = { receive: 'message', answered: ['whoami', 'send'] };
	const SORTED = /** @type {const} */ ([
		['{"event":"exception","data":{"status":"error","message":"Unauthorized"}}', 'exception:Unauthorized'],
		['{"event":"message","data":{"from":"Alice","text":"hi"}}', 'message:{"from":"Alice","text":"hi"}'],
		['{"event":"whoami","data":{"id":"alice"}}', 'reply:{"id":"alice"}'],
		['{"event":"send"}', 'reply:null'],
		['{"event":"other","data":1}', 'frame:{"event":"other","data":1}'],
		['[1,2]', 'frame:[1,2]'],
		['not json', 'frame:not json'],
	]);
	for (const [text, sorted] of SORTED) {
		assert.equal(frameOutcome(text, events), sorted, text);
		assert.equal(examplesFrameOutcome(text, events), sorted, text);
	}
});
