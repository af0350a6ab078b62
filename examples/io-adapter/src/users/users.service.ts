import { Inject, Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { APP_CONFIG, type AppConfig } from '../config/app-config.js';
import type { User } from './user.js';

const USERS: ReadonlyMap<string, User> = new Map([
	['alice', { id: 'alice', name: 'Alice', roles: ['member'] }],
	['bob', { id: 'bob', name: 'Bob', roles: ['member', 'admin'] }],
]);

/** Stands in for a database: lookups are asynchronous and take `USER_LOOKUP_MS`. */
@Injectable()
export class UsersService {
	constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

	async findById(id: string): Promise<User | undefined> {
		await sleep(this.config.userLookupMs);
		return USERS.get(id);
	}
}
