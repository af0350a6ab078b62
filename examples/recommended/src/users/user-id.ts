/**
 * Whether a value a client sent can be a user id (the admin's `revoke`, the demo login): a string
 * of letters, digits, `_` and `-`, at most 64 long. Checked before it reaches a lookup or a room
 * name, so that neither sees arbitrary input.
 */
export function isUserId(value: unknown): value is string {
	return typeof value === 'string' && /^[\w-]{1,64}$/.test(value);
}
