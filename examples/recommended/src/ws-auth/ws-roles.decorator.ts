import { SetMetadata } from '@nestjs/common';

export const WS_ROLES_KEY = 'roles';

/** Marks a message handler as reserved for users with one of these roles. */
export const WsRoles = (...roles: string[]) => SetMetadata(WS_ROLES_KEY, roles);
