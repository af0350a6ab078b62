import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { type AuthUser, UserLookup } from './user-lookup.js';
import type { UserId } from './ws-auth.config.js';

export interface DemoUser extends AuthUser {
	name: string;
}

// DEMO ONLY: two hard-coded users, so that the example runs without a database.
const USERS: ReadonlyMap<string, DemoUser> = new Map([
	['alice', { id: 'alice', name: 'Alice', roles: ['member'] }],
	['bob', { id: 'bob', name: 'Bob', roles: ['member', 'admin'] }],
]);

/**
 * A UserLookup that stands in for a database: replace it with one that asks your user store.
 * Lookups are asynchronous and take USER_LOOKUP_MS milliseconds (default 25), which makes
 * the races of the weaker approaches visible.
 */
@Injectable()
export class DemoUserLookup extends UserLookup {
	private readonly latencyMs = lookupLatency(process.env.USER_LOOKUP_MS);

	async findById(id: UserId): Promise<DemoUser | undefined> {
		await sleep(this.latencyMs);
		return USERS.get(String(id));
	}
}

function lookupLatency(raw: string | undefined): number {
	if (raw === undefined || raw === '') return 25;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < 0) {
		throw new Error(`USER_LOOKUP_MS must be a non-negative integer, got "${raw}"`);
	}
	return value;
}
