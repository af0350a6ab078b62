import { Logger } from '@nestjs/common';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import type { Server, ServerOptions } from 'socket.io';
import { WsAuthIoAdapter } from './ws-auth-io.adapter.js';

const logger = new Logger('Redis');

// #region adapter
/**
 * WsAuthIoAdapter with the Redis Streams adapter, in one class: Nest takes one WebSocket adapter,
 * so authentication and clustering must live in the same one. WsAuthIoAdapter authenticates every
 * namespace in create(); this class only adds socket.io's `adapter` option in createIOServer(),
 * which is where the NestJS docs' RedisIoAdapter puts it too. Every node runs it with the same
 * REDIS_URL: broadcasts, fetchSockets() and disconnectSockets() then reach the sockets of every
 * node.
 *
 * Why the Streams adapter and not @socket.io/redis-adapter (Pub/Sub): it supports connection
 * state recovery, which SERVER_OPTIONS turns on, and it resumes its stream after a short Redis
 * outage instead of losing what was sent meanwhile.
 */
export class RedisAuthIoAdapter extends WsAuthIoAdapter {
	private redis?: ReturnType<typeof createClient>;

	/**
	 * Connect before app.listen(): Nest creates the socket.io server when the app starts. Fails
	 * if Redis cannot be reached now, rather than starting a node that cannot reach the others;
	 * once connected, the client reconnects by itself whenever the connection drops.
	 */
	async connectToRedis(url: string): Promise<void> {
		let connected = false;
		const client = createClient({
			url,
			socket: { reconnectStrategy: (retries, cause) => (connected ? Math.min(retries * 50, 500) : cause) },
		});
		// Without an 'error' listener, an error while reconnecting would end the process.
		client.on('error', (error: Error) => logger.warn(`${url}: ${error.message}`));
		try {
			await client.connect();
		} catch (error) {
			throw new Error(`Cannot reach Redis at ${url} (REDIS_URL): ${(error as Error).message}`);
		}
		connected = true;
		this.redis = client;
	}

	createIOServer(port: number, options?: ServerOptions): Server {
		if (!this.redis) throw new Error('RedisAuthIoAdapter: call connectToRedis() before app.listen()');
		return super.createIOServer(port, { ...options, adapter: createAdapter(this.redis) } as ServerOptions);
	}

	/** Nest calls this when the app closes (enableShutdownHooks): the open client would keep the process alive. */
	async dispose(): Promise<void> {
		await super.dispose();
		await this.redis?.close();
	}
}
// #endregion adapter
