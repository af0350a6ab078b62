// The io-adapter example's WsAuthIoAdapter adds its middleware once per namespace, even when two
// gateways share that namespace.
//
// Nest calls the adapter's create() for the first gateway (the server) and again for every
// gateway with a `namespace` option, including a second gateway on a namespace that already has
// one; socket.io's server.of() then returns the same Namespace, so a plain use() in create()
// would run the token check (and the user lookup) twice per connection. Gateways without a
// namespace share the server that the first one created, without another create().
//
// The example app itself has one gateway on /admin (and two on "/", which never reach a second
// create()), so this test builds a small Nest app with the example's compiled adapter (dist/, as
// `npm run build` makes it) and two gateways on one namespace. The gateway classes are decorated
// by calling Nest's decorators as functions: they need no constructor injection.
import { expect, test } from '@playwright/test';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { WebSocketGateway } from '@nestjs/websockets';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { io } from 'socket.io-client';
import { exampleDir } from './example-dir.ts';

const dist = (file: string) => pathToFileURL(join(exampleDir('io-adapter'), 'dist', file)).href;

test('two gateways on one namespace: the adapter checks each connection once', async () => {
	const { WsAuthIoAdapter } = await import(dist('ws-auth/ws-auth-io.adapter.js'));
	const { WsAuthService } = await import(dist('ws-auth/ws-auth.service.js'));

	// Stands in for WsAuthService: counts the checks, per namespace, and lets everyone in.
	const checks: string[] = [];
	const auth = {
		async authenticate(token: unknown) {
			checks.push(String(token));
			return { user: { id: 'alice', roles: ['member'] }, expiresAt: Date.now() + 60_000 };
		},
	};

	class FirstAdminGateway {}
	class SecondAdminGateway {}
	class FirstRootGateway {}
	class SecondRootGateway {}
	WebSocketGateway({ namespace: 'admin' })(FirstAdminGateway);
	WebSocketGateway({ namespace: 'admin' })(SecondAdminGateway);
	WebSocketGateway()(FirstRootGateway);
	WebSocketGateway()(SecondRootGateway);
	class TwoGatewaysModule {}
	Module({
		providers: [FirstAdminGateway, SecondAdminGateway, FirstRootGateway, SecondRootGateway, { provide: WsAuthService, useValue: auth }],
	})(TwoGatewaysModule);

	const app = await NestFactory.create(TwoGatewaysModule, { logger: false });
	app.useWebSocketAdapter(new WsAuthIoAdapter(app));
	await app.listen(0, '127.0.0.1');
	const { port } = app.getHttpServer().address() as AddressInfo;
	try {
		for (const namespace of ['/admin', '/']) {
			const socket = io(`http://127.0.0.1:${port}${namespace}`, { auth: { token: namespace }, reconnection: false, forceNew: true });
			try {
				await new Promise<void>((resolve, reject) => {
					socket.once('connect', resolve);
					socket.once('connect_error', reject);
				});
			} finally {
				socket.close();
			}
			expect(checks.filter((token) => token === namespace), `checks for one connection to ${namespace}`).toHaveLength(1);
		}
	} finally {
		await app.close();
	}
});
