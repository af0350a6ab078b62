import { WsException } from '@nestjs/websockets';

export const MAX_MESSAGE_LENGTH = 500;

/** Validates the body of a `message` event and returns its text. */
export function messageText(body: unknown): string {
	const text: unknown = (body as { text?: unknown } | null)?.text;
	if (typeof text !== 'string' || text.length === 0 || text.length > MAX_MESSAGE_LENGTH) {
		throw new WsException(`text must be a string of 1 to ${MAX_MESSAGE_LENGTH} characters`);
	}
	return text;
}
