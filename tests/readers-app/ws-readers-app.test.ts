import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { COPYABLE_PAGE_IDS, COPYABLE_PAGES } from '../../site/lib/readers-app.ts';
import { fixtureDir, sampleApp } from './install-cache.ts';
import { behaviorOf } from './readers-app.ts';
import { WS_SAMPLE_APPS } from './readers.ts';
import { expectedWsOutcomes, validInWsReadersApp, WS_CHECKS } from './ws-readers-app.ts';

const WS_PAGES = COPYABLE_PAGE_IDS.filter((id) => COPYABLE_PAGES[id].platform === 'ws');

describe("the ws check's expectations, from the examples' behaviour files", () => {
	it('ws-recommended: refused at the upgrade with the reason, open with the right token wherever it is, closed with 4401 at expiry', () => {
		assert.deepEqual(expectedWsOutcomes(behaviorOf('ws-recommended')), {
			'no-token': ['http:401 TOKEN_MISSING'],
			expired: ['http:401 TOKEN_EXPIRED'],
			'bad-signature': ['http:401 TOKEN_INVALID'],
			valid: ['open', 'protocol:bearer', 'reply:1', 'reply:2', 'reply:3'],
			header: ['open'],
			origin: ['http:403 ORIGIN_NOT_ALLOWED'],
			expiry: ['open', 'close:4401 TOKEN_EXPIRED'],
		});
	});

	for (const id of WS_PAGES) {
		it(`${id}: every check has an expectation`, () => {
			assert.deepEqual(Object.keys(expectedWsOutcomes(behaviorOf(COPYABLE_PAGES[id].example))).sort(), [...WS_CHECKS].sort());
		});
	}

	it('names a scenario the behaviour file does not record', () => {
		const { variants } = behaviorOf('ws-recommended');
		const { origin: _left, ...scenarios } = variants[0].scenarios;
		assert.throws(() => expectedWsOutcomes({ variants: [{ scenarios }] }), /no origin scenario/);
	});

	it("turns the example's valid socket into the sample gateway's answers", () => {
		assert.deepEqual(validInWsReadersApp(['open', 'reply:{"id":"alice"}']), ['open', 'protocol:bearer', 'reply:1', 'reply:2', 'reply:3']);
	});

	it('refuses to guess from an example that does not keep the valid socket open', () => {
		assert.throws(() => validInWsReadersApp(['http:401 TOKEN_INVALID']), /valid/);
		assert.throws(() => validInWsReadersApp(['open', 'close:1011 not authenticated']), /valid/);
	});
});

describe("the readers' ws apps", () => {
	const locked = (fixture: string): Record<string, { version?: string }> =>
		JSON.parse(readFileSync(join(fixtureDir(fixture), 'package-lock.json'), 'utf8')).packages;

	// The page says it was tested on the NestJS versions of nest<major>/'s lockfile (site/lib/versions.ts).
	for (const { fixture, major } of WS_SAMPLE_APPS) {
		it(`${fixture} locks every package it shares with ${sampleApp(major)} at the same version`, () => {
			const ws = locked(fixture);
			const io = locked(sampleApp(major));
			const shared = Object.keys(ws).filter((path) => path.startsWith('node_modules/') && path in io);
			assert.ok(shared.includes('node_modules/@nestjs/core'), 'no @nestjs/core in both');
			for (const path of shared) assert.equal(ws[path].version, io[path].version, path);
		});
	}
});
