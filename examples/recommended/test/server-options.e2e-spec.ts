import { Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import type { Namespace, Server, ServerOptions } from 'socket.io';
import { SERVER_OPTIONS } from '../src/config/server-options.js';

// Why every gateway of the examples passes SERVER_OPTIONS (src/config/server-options.ts): all
// gateways on one port share one socket.io server, and Nest creates it with the options of the
// gateway it sets up first. A namespaced gateway set up before the root one, without the options,
// leaves the server without connection state recovery.

@WebSocketGateway({ namespace: '/admin' })
class AdminGatewayWithoutOptions {
	@WebSocketServer() readonly namespace!: Namespace;
}

@WebSocketGateway(SERVER_OPTIONS)
class RootGatewayWithOptions {
	@WebSocketServer() readonly server!: Server;
}

async function serverOptionsWith(gateways: Array<new () => unknown>): Promise<{ app: INestApplication; recovery: ServerOptions['connectionStateRecovery'] | undefined }> {
	@Module({ providers: gateways })
	class GatewaysModule {}
	const moduleFixture = await Test.createTestingModule({ imports: [GatewaysModule] }).compile();
	const app = moduleFixture.createNestApplication({ logger: false });
	await app.init();
	const { server } = app.get(RootGatewayWithOptions);
	// The options the server was created with (socket.io keeps them in `opts`, typed private).
	const { opts } = server as unknown as { opts: Partial<ServerOptions> };
	return { app, recovery: opts.connectionStateRecovery };
}

describe('The socket.io server takes the options of the first gateway Nest sets up', () => {
	let app: INestApplication | undefined;
	afterEach(() => app?.close());

	it('has connection state recovery when the gateway with the options comes first', async () => {
		const found = await serverOptionsWith([RootGatewayWithOptions, AdminGatewayWithoutOptions]);
		app = found.app;
		// socket.io adds its defaults (skipMiddlewares: true) to what the gateway passed.
		assert.equal(found.recovery?.maxDisconnectionDuration, SERVER_OPTIONS.connectionStateRecovery.maxDisconnectionDuration);
	});

	it('has none when a gateway without them comes first, though the root gateway passes them', async () => {
		const found = await serverOptionsWith([AdminGatewayWithoutOptions, RootGatewayWithOptions]);
		app = found.app;
		assert.equal(found.recovery, undefined);
	});
});
