import { SetMetadata } from '@nestjs/common';

export const ROLES_KEY = 'roles';

/** Marks a message handler as reserved for users with one of these roles. */
export const Roles = (...roles: string[]) => SetMetadata(ROLES_KEY, roles);
