import type { ProcessState } from './live-example.ts';

/**
 * /api/health's verdict on every process the playground runs:
 * - ok (200): every one runs;
 * - partial (200): every one that can run here runs; the others lack what they need on this
 *   machine (a cluster's Redis), which waiting will not change, and nothing else depends on them;
 * - starting (503): some are starting for the first time;
 * - degraded (503): some crashed and wait for their restart, or stopped.
 */
export type HealthStatus = 'ok' | 'partial' | 'starting' | 'degraded';

export function overallStatus(processes: Array<{ state: ProcessState; restarts: number }>): HealthStatus {
	const able = processes.filter(({ state }) => state !== 'unavailable');
	if (able.every(({ state }) => state === 'running')) return able.length === processes.length ? 'ok' : 'partial';
	return able.some(({ state, restarts }) => state === 'starting' && restarts === 0) ? 'starting' : 'degraded';
}

export const healthCode = (status: HealthStatus) => (status === 'ok' || status === 'partial' ? 200 : 503);
