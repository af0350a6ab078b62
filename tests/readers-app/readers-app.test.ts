import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COPYABLE_PAGE_IDS, COPYABLE_PAGES, NESTJS_MAJORS } from '../../site/lib/readers-app.ts';
import { fixtureDir, sampleApp } from './install-cache.ts';
import { expectedOutcomes, READERS_GATEWAY, replayInReadersApp, replayOutcomesOf, REPLAYS, turnOnRecovery } from './readers-app.ts';

const RECOVERY_OPTION = '  connectionStateRecovery: { maxDisconnectionDuration: 120_000 },';

describe('turnOnRecovery', () => {
	for (const major of NESTJS_MAJORS) {
		it(`adds the option to the NestJS ${major} fixture's gateway decorator, and changes nothing else`, () => {
			const gateway = readFileSync(join(fixtureDir(sampleApp(major)), READERS_GATEWAY), 'utf8');
			const changed = turnOnRecovery(gateway);
			assert.equal(changed, gateway.replace('@WebSocketGateway({\n', `@WebSocketGateway({\n${RECOVERY_OPTION}\n`));
			assert.notEqual(changed, gateway);
		});
	}

	it('refuses a gateway with no @WebSocketGateway({ line, naming the file', () => {
		assert.throws(() => turnOnRecovery('@WebSocketGateway()\nexport class EventsGateway {}\n'), /events\.gateway\.ts: context line not found/);
	});
});

describe('replayInReadersApp', () => {
	it("keeps the example's refusal alone: the reader's app has no missed packet to show before it", () => {
		assert.deepEqual(replayInReadersApp('replay-no-token', ['wire:message:{"text":"x"}', 'connect_error:Unauthorized {"code":"TOKEN_MISSING"}']), [
			'connect_error:Unauthorized {"code":"TOKEN_MISSING"}',
		]);
	});

	it('turns a replay the example lets in into a restored session', () => {
		assert.deepEqual(replayInReadersApp('replay-no-token', ['wire:message:{"text":"x"}', 'message:{"text":"x"}', 'connected', 'ack:{"id":"alice"}']), [
			'connected',
			'session:restored',
		]);
	});

	it('refuses to guess from an example that connects and is then disconnected', () => {
		assert.throws(() => replayInReadersApp('replay-other-user', ['connected', 'disconnect:io server disconnect']), /replay-other-user/);
	});
});

describe("the replays' expectations, from the examples' behaviour files", () => {
	const restored = ['connected', 'session:restored'];

	for (const id of ['recommended', 'cookie-sessions', 'several-nodes'] as const) {
		it(`${id}: refused without a token and with another user's, restored with Alice's own`, () => {
			const expected = expectedOutcomes({ expiry: true, replays: replayOutcomesOf(id) });
			assert.deepEqual(expected['replay-no-token'], ['connect_error:Unauthorized {"code":"TOKEN_MISSING"}']);
			assert.deepEqual(expected['replay-other-user'], ['connect_error:Unauthorized {"code":"SESSION_MISMATCH"}']);
			assert.deepEqual(expected['recovery-fresh'], restored);
		});
	}

	for (const id of ['middleware', 'io-adapter'] as const) {
		it(`${id}: every replay connects to Alice's session, as its example's rows show`, () => {
			const expected = expectedOutcomes({ expiry: false, replays: replayOutcomesOf(id) });
			for (const replay of REPLAYS) assert.deepEqual(expected[replay], restored, replay);
		});
	}

	it('covers every copyable page for socket.io', () => {
		for (const id of COPYABLE_PAGE_IDS.filter((each) => COPYABLE_PAGES[each].platform !== 'ws')) assert.doesNotThrow(() => replayOutcomesOf(id), id);
	});

	it('adds no replay expectation when the check makes no replay', () => {
		const expected = expectedOutcomes({ expiry: false });
		for (const replay of REPLAYS) assert.equal(expected[replay], undefined);
	});
});
