import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addToImports, applyChange, type ChangeLine } from './apply-change.ts';

const add = (text: string): ChangeLine => ({ kind: 'add', text });
const remove = (text: string): ChangeLine => ({ kind: 'remove', text });
const context = (text: string): ChangeLine => ({ kind: 'context', text });

const MAIN = `import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';

async function bootstrap() {
  const app = await NestFactory.create(AppModule);
  await app.listen(process.env.PORT ?? 3000);
}
bootstrap();
`;

describe('applyChange', () => {
	it('inserts added lines after a context line', () => {
		const out = applyChange(MAIN, [
			context('  const app = await NestFactory.create(AppModule);'),
			add('  app.useWebSocketAdapter(new WsAuthIoAdapter(app));'),
		]);
		assert.equal(
			out,
			MAIN.replace(
				'create(AppModule);\n',
				'create(AppModule);\n  app.useWebSocketAdapter(new WsAuthIoAdapter(app));\n',
			),
		);
	});

	it('inserts added lines before the first context line when nothing is matched yet', () => {
		const out = applyChange(MAIN, [
			add("import { WsAuthIoAdapter } from './ws-auth/auth-io.adapter';"),
			context(''),
			context('async function bootstrap() {'),
		]);
		assert.equal(
			out,
			MAIN.replace('\nasync function', "import { WsAuthIoAdapter } from './ws-auth/auth-io.adapter';\n\nasync function"),
		);
	});

	it('puts added lines right before the first context line, with no blank line shown', () => {
		const out = applyChange(MAIN, [add("import { WsAuthIoAdapter } from './ws-auth/auth-io.adapter';"), context("import { AppModule } from './app.module';")]);
		assert.equal(out, MAIN.replace("import { AppModule }", "import { WsAuthIoAdapter } from './ws-auth/auth-io.adapter';\nimport { AppModule }"));
	});

	it('after a gap (a blank context line), places added lines by the line below them', () => {
		const FASTIFY = MAIN.replace('NestFactory.create(AppModule);', 'NestFactory.create<NestFastifyApplication>(\n    AppModule,\n    new FastifyAdapter(),\n  );');
		const change = [
			context("import { NestFactory } from '@nestjs/core';"),
			add("import { WsAuthIoAdapter } from './ws-auth/ws-auth-io.adapter.js';"),
			context(''),
			add('  app.useWebSocketAdapter(new WsAuthIoAdapter(app));'),
			context('  await app.listen(process.env.PORT ?? 3000);'),
		];
		for (const file of [MAIN, FASTIFY]) {
			const expected = file
				.replace("'@nestjs/core';\n", "'@nestjs/core';\nimport { WsAuthIoAdapter } from './ws-auth/ws-auth-io.adapter.js';\n")
				.replace('  await app.listen', '  app.useWebSocketAdapter(new WsAuthIoAdapter(app));\n  await app.listen');
			assert.equal(applyChange(file, change), expected);
		}
	});

	it('throws when added lines after a gap have no line below them to be placed by', () => {
		assert.throws(() => applyChange(MAIN, [context('bootstrap();'), context(''), add('x();')]), /nothing to place them by|no context or removed line/);
	});

	it('replaces a line (remove + add) and keeps indentation as given', () => {
		const out = applyChange(MAIN, [
			context('async function bootstrap() {'),
			remove('  const app = await NestFactory.create(AppModule);'),
			add('  const app = await NestFactory.create(AppModule, { bufferLogs: true });'),
		]);
		assert.equal(out, MAIN.replace('create(AppModule);', 'create(AppModule, { bufferLogs: true });'));
	});

	it('matches by trimmed equality, so indentation in the diff may differ from the file', () => {
		const out = applyChange(MAIN, [context('await app.listen(process.env.PORT ?? 3000);'), add('  console.log(1);')]);
		assert.match(out, /3000\);\n  console\.log\(1\);\n\}/);
	});

	it('skips any number of lines between context lines', () => {
		const gateway = [
			'@WebSocketGateway({',
			'  cors: {',
			"    origin: '*',",
			'  },',
			'})',
			'export class EventsGateway {',
			'  @WebSocketServer()',
			'  server: Server;',
			'',
			'  @SubscribeMessage(\'events\')',
			'}',
			'',
		].join('\n');
		const out = applyChange(gateway, [
			context('@WebSocketGateway({'),
			remove('export class EventsGateway {'),
			add('export class EventsGateway implements OnGatewayInit {'),
			context('  server: Server;'),
			add(''),
			add('  afterInit() {}'),
		]);
		assert.equal(
			out,
			gateway
				.replace('export class EventsGateway {', 'export class EventsGateway implements OnGatewayInit {')
				.replace('  server: Server;\n', '  server: Server;\n\n  afterInit() {}\n'),
		);
	});

	it('throws naming the line and the file when a context line is missing', () => {
		assert.throws(
			() => applyChange(MAIN, [context('app.enableShutdownHooks();'), add('x')], 'src/main.ts'),
			(error: Error) => error.message.includes('src/main.ts') && error.message.includes('app.enableShutdownHooks();'),
		);
	});

	it('throws when a removed line is missing, and does not look behind the cursor', () => {
		assert.throws(
			() => applyChange(MAIN, [context('bootstrap();'), remove("import { NestFactory } from '@nestjs/core';")], 'src/main.ts'),
			/src\/main\.ts: line to remove not found after line 8: "import \{ NestFactory \} from '@nestjs\/core';"/,
		);
	});

	it('keeps CRLF line endings and a missing final newline', () => {
		const crlf = 'a\r\nb\r\nc';
		assert.equal(applyChange(crlf, [context('b'), add('b2')]), 'a\r\nb\r\nb2\r\nc');
	});

	it('throws when added lines have nothing to be placed by', () => {
		assert.throws(() => applyChange(MAIN, [add('x')], 'src/main.ts'), /src\/main\.ts: the change adds lines but has no context/);
	});
});

describe('addToImports', () => {
	const entry = 'WsAuthModule.forRoot({ userLookup: DemoUserLookup }),';
	it('adds the entry first in a one-line imports array', () => {
		assert.equal(
			addToImports('@Module({\n  imports: [AuthModule, UsersModule, EventsModule],\n})\n', entry),
			`@Module({\n  imports: [${entry} AuthModule, UsersModule, EventsModule],\n})\n`,
		);
	});
	it('adds it on a line of its own, indented like the next, in an array over several lines', () => {
		assert.equal(addToImports('@Module({\n  imports: [\n    EventsModule,\n  ],\n})\n', entry), `@Module({\n  imports: [\n    ${entry}\n    EventsModule,\n  ],\n})\n`);
	});
	it('throws naming the file when the module has no imports array', () => {
		assert.throws(() => addToImports('@Module({ providers: [] })\n', entry, 'src/app.module.ts'), /src\/app\.module\.ts: no `imports: \[` array/);
	});
});
