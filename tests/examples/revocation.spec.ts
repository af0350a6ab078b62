// Ending a user's sessions on demand (logout everywhere, a ban, a role change): in the recommended
// example every authenticated socket joins a room per user, and an admin's `revoke` closes them all.
import { expect, test } from '@playwright/test';
import { Manager, io, type Socket } from 'socket.io-client';
import { startApp } from '../../examples/recommended/demo/app-process.mjs';
import { freshJwtSettings } from '../../examples/recommended/demo/behavior.mjs';
import { tokenFor } from '../../examples/recommended/demo/tokens.mjs';
import { exampleDir } from './example-dir.ts';

const jwt = freshJwtSettings();
let app: Awaited<ReturnType<typeof startApp>>;

test.beforeAll(async () => {
	app = await startApp({ dir: exampleDir('recommended'), env: { JWT_SECRET: jwt.secret, JWT_ISSUER: jwt.issuer, JWT_AUDIENCE: jwt.audience } });
});
test.afterAll(async () => app?.stop());

/** What a socket sees from now on: exceptions and its disconnect reason. */
function watch(socket: Socket): string[] {
	const seen: string[] = [];
	socket.on('exception', (payload: { code?: string }) => seen.push(`exception:${payload.code}`));
	socket.on('disconnect', (reason) => seen.push(`disconnect:${reason}`));
	return seen;
}

function connected(socket: Socket): Promise<Socket> {
	return new Promise((resolve, reject) => {
		socket.once('connect', () => resolve(socket));
		socket.once('connect_error', reject);
	});
}

test("an admin's revoke closes every socket of that user, in every namespace, and no one else's", async () => {
	const alice = { auth: { token: tokenFor('valid', jwt) }, reconnection: false };
	// Two connections: one carrying "/" and "/admin" (socket.io multiplexes them), one with "/" only.
	const manager = new Manager(app.url, { reconnection: false });
	const aliceSockets = await Promise.all([
		connected(manager.socket('/', alice)),
		connected(manager.socket('/admin', alice)),
		connected(io(app.url, { ...alice, forceNew: true })),
	]);
	const bob = await connected(io(app.url, { auth: { token: tokenFor('admin', jwt) }, reconnection: false, forceNew: true }));
	const seen = aliceSockets.map(watch);
	const bobSeen = watch(bob);
	try {
		// A member may not revoke.
		const forbidden = new Promise((resolve) => aliceSockets[0]!.once('exception', resolve));
		aliceSockets[0]!.emit('revoke', { userId: 'bob' });
		expect(await forbidden).toMatchObject({ code: 'FORBIDDEN' });
		seen[0]!.length = 0;

		expect(await bob.timeout(2000).emitWithAck('revoke', { userId: 'alice' })).toEqual({ revoked: 3 });
		for (const [i, outcomes] of seen.entries()) {
			await expect.poll(() => outcomes, { message: `Alice's socket ${i}` }).toEqual(['exception:REVOKED', 'disconnect:io server disconnect']);
		}
		expect(bob.connected).toBe(true);
		expect(bobSeen).toEqual([]);
		// Nobody left to revoke; a malformed id is refused.
		expect(await bob.timeout(2000).emitWithAck('revoke', { userId: 'alice' })).toEqual({ revoked: 0 });
		const refused = new Promise((resolve) => bob.once('exception', resolve));
		bob.emit('revoke', { userId: { $ne: null } });
		expect(await refused).toMatchObject({ message: 'userId must be a user id' });
		// Closing sockets does not ban: with a token that is still valid she connects again.
		const again = await connected(io(app.url, { ...alice, forceNew: true }));
		again.close();
	} finally {
		for (const socket of [...aliceSockets, bob]) socket.close();
	}
});
