import { Controller, Get, Inject, NotFoundException } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import { SocketCounterGateway } from './socket-counter.gateway.js';

/** GET /stats: what the tests and the benchmark measure. Only served with EXPOSE_STATS=1. */
@Controller('stats')
export class StatsController {
	constructor(
		@Inject(APP_CONFIG) private readonly config: AppConfig,
		private readonly counter: SocketCounterGateway,
	) {}

	@Get()
	stats() {
		if (!this.config.exposeStats) throw new NotFoundException();
		// With --expose-gc, measure what is retained rather than what is merely not yet collected.
		globalThis.gc?.();
		const { rss, heapUsed } = process.memoryUsage();
		// Timers pending in the process (socket.io's and the expiry timers): a leak is a count that grows.
		const timers = process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
		return { ...this.counter.snapshot(), timers, memory: { rss, heapUsed } };
	}
}
