import { Module } from '@nestjs/common';
import { SocketCounterGateway } from './socket-counter.gateway.js';
import { StatsController } from './stats.controller.js';

@Module({
	controllers: [StatsController],
	providers: [SocketCounterGateway],
})
export class StatsModule {}
