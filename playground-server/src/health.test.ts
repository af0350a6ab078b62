// The overall status /api/health answers with. Run with `npm run test:unit`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { healthCode, overallStatus } from './health.ts';

const running = { state: 'running', restarts: 0 } as const;

test('ok when everything runs; partial (still 200) when the rest cannot run on this machine', () => {
	assert.equal(overallStatus([running, running]), 'ok');
	assert.equal(overallStatus([running, { state: 'unavailable', restarts: 0 }, { state: 'unavailable', restarts: 0 }]), 'partial');
	assert.equal(healthCode('ok'), 200);
	assert.equal(healthCode('partial'), 200);
});

test('starting while something starts for the first time; degraded after a crash; both 503', () => {
	assert.equal(overallStatus([running, { state: 'starting', restarts: 0 }]), 'starting');
	assert.equal(overallStatus([running, { state: 'starting', restarts: 2 }]), 'degraded');
	assert.equal(overallStatus([running, { state: 'backoff', restarts: 1 }]), 'degraded');
	// A cluster's Redis that stopped: its nodes run, but no longer reach each other.
	assert.equal(overallStatus([{ state: 'stopped', restarts: 0 }, running, running]), 'degraded');
	assert.equal(overallStatus([{ state: 'unavailable', restarts: 0 }, { state: 'backoff', restarts: 1 }]), 'degraded');
	assert.equal(healthCode('starting'), 503);
	assert.equal(healthCode('degraded'), 503);
});
