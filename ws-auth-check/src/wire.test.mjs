// tapWire and sessionOf against a real socket.io server: what they read is what socket.io
// writes, so a change of socket.io's wire shows here.
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { once } from 'node:events';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Server } from 'socket.io';
import { io } from 'socket.io-client';
import { sessionOf, tapWire } from './wire.mjs';

/**
 * A server whose middleware refuses `auth.token !== 'ok'`, and whose `send` event broadcasts to
 * every socket; connectionStateRecovery as asked (skipMiddlewares: false: socket.io's own hole).
 * @param {boolean} recovery
 */
async function start(recovery) {
	const http = createServer();
	const server = new Server(http, recovery ? { connectionStateRecovery: { skipMiddlewares: false } } : {});
	server.use((socket, next) => next(socket.handshake.auth.token === 'ok' ? undefined : new Error('Unauthorized')));
	server.on('connection', (socket) => socket.on('send', (text, ack) => {
		// A string, so that without recovery the last argument is a string that is no offset.
		server.emit('message', text);
		ack();
	}));
	http.listen(0, '127.0.0.1');
	await once(http, 'listening');
	const url = `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (http.address()).port}`;
	return { url, close: () => new Promise((resolve) => server.close(() => resolve(undefined))) };
}

/** @param {string} url @param {Record<string, unknown>} auth */
function open(url, auth) {
	const socket = io(url, { auth, transports: ['websocket'], forceNew: true, reconnection: false });
	/** @type {string[]} */
	const seen = [];
	tapWire(socket, (step) => seen.push(step));
	socket.on('connect', () => seen.push('connected'));
	socket.on('connect_error', () => seen.push('refused'));
	const settled = new Promise((resolve) => socket.once('connect', () => resolve(undefined)).once('connect_error', () => resolve(undefined)));
	return { socket, seen, session: sessionOf(socket), settled };
}

test('with recovery: the session is read, and a replay\'s missed packet shows on the wire before the refusal', { timeout: 10_000 }, async () => {
	const server = await start(true);
	try {
		const alice = open(server.url, { token: 'ok' });
		await alice.settled;
		await alice.socket.emitWithAck('send', 'before the drop');
		await sleep(50);
		assert.match(String(alice.session.pid), /^[\w-]{20}$/);
		assert.equal(typeof alice.session.offset, 'string');
		// Connected, her events are hers: nothing on the wire.
		assert.deepEqual(alice.seen, ['connected']);

		alice.socket.io.engine.close();
		const sender = open(server.url, { token: 'ok' });
		await sender.settled;
		await sleep(50); // the server has seen Alice's transport close
		await sender.socket.emitWithAck('send', 'while away');
		const attacker = open(server.url, { pid: alice.session.pid, offset: alice.session.offset });
		await attacker.settled;
		assert.deepEqual(attacker.seen, ['wire:message:"while away"', 'refused']);
		for (const socket of [alice.socket, sender.socket, attacker.socket]) socket.close();
	} finally {
		await server.close();
	}
});

test('without recovery: no pid, so no offset either, and nothing on the wire', { timeout: 10_000 }, async () => {
	const server = await start(false);
	try {
		const alice = open(server.url, { token: 'ok' });
		await alice.settled;
		// 'hello' is the last argument of the event she receives: no offset without a pid.
		await alice.socket.emitWithAck('send', 'hello');
		await sleep(50);
		assert.deepEqual(alice.session, { pid: undefined, offset: undefined });
		const refused = open(server.url, { pid: 'x'.repeat(20), offset: '1' });
		await refused.settled;
		assert.deepEqual(refused.seen, ['refused']);
		for (const socket of [alice.socket, refused.socket]) socket.close();
	} finally {
		await server.close();
	}
});
