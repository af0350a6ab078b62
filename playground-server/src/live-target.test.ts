// Which example a /live/ request reaches, by protocol. Run with `npm run test:unit`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Example, LiveProtocol } from './examples.ts';
import { HttpError } from './http-errors.ts';
import { LiveExample, livePath } from './live-example.ts';
import { livePort } from './live-target.ts';

/** An example as loadExamples gives it, never started: its supervisor's state is set by hand. */
function liveExample(slug: string, protocol: LiveProtocol, port: number | null): LiveExample {
	const example = { slug, title: slug, dir: '', env: {}, documented: [], scenarios: [], protocol } as unknown as Example;
	const live = new LiveExample(example, { secret: '', issuer: '', audience: '' }, {}, { verbose: false });
	const [{ supervisor }] = live.nodes as [LiveExample['nodes'][number]];
	supervisor.port = port;
	supervisor.state = port === null ? 'starting' : 'running';
	return live;
}

const live = new Map([
	['guard-only', liveExample('guard-only', 'socket.io', 1001)],
	['ws-recommended', liveExample('ws-recommended', 'ws', 1002)],
	['ws-guard-only', liveExample('ws-guard-only', 'ws', null)],
]);

/** The HttpError livePort throws: its status, message and headers. */
function refusal(run: () => unknown): HttpError {
	try {
		run();
	} catch (error) {
		assert.ok(error instanceof HttpError, String(error));
		return error;
	}
	assert.fail('expected a refusal');
}

test('each example is reached at the path of its protocol', () => {
	assert.equal(livePort(live, { approach: 'guard-only' }, 'socket.io'), 1001);
	assert.equal(livePort(live, { approach: 'ws-recommended' }, 'ws'), 1002);
	assert.equal(livePath({ slug: 'ws-recommended', protocol: 'ws' }), '/live/ws-recommended/ws');
	assert.equal(livePath({ slug: 'guard-only', protocol: 'socket.io' }), '/live/guard-only/socket.io/');
	assert.equal(livePath({ slug: 'several-nodes', protocol: 'socket.io' }, 'b'), '/live/several-nodes/b/socket.io/');
});

test('an example is not reachable with the other protocol: 404, naming its path', () => {
	const socketIoAtWs = refusal(() => livePort(live, { approach: 'guard-only' }, 'ws'));
	assert.equal(socketIoAtWs.statusCode, 404);
	assert.match(socketIoAtWs.message, /speaks socket\.io.*\/live\/guard-only\/socket\.io\//);
	const wsAtSocketIo = refusal(() => livePort(live, { approach: 'ws-recommended' }, 'socket.io'));
	assert.equal(wsAtSocketIo.statusCode, 404);
	assert.match(wsAtSocketIo.message, /plain WebSocket.*\/live\/ws-recommended\/ws\./);
	// A node of an example that has none: the protocol is what is wrong first.
	assert.match(refusal(() => livePort(live, { approach: 'ws-recommended', node: 'a' }, 'socket.io')).message, /\/live\/ws-recommended\/ws/);
});

test('an unknown approach is a 404; an example that is not running a 503 with Retry-After', () => {
	const unknown = refusal(() => livePort(live, { approach: 'nope' }, 'ws'));
	assert.equal(unknown.statusCode, 404);
	assert.match(unknown.message, /Unknown approach "nope"; expected one of guard-only, ws-recommended, ws-guard-only/);
	const starting = refusal(() => livePort(live, { approach: 'ws-guard-only' }, 'ws'));
	assert.equal(starting.statusCode, 503);
	assert.match(starting.message, /ws-guard-only example is starting/);
	assert.deepEqual(starting.headers, { 'Retry-After': '2' });
});
