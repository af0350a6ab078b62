import { ChatGateway } from './chat/chat.gateway.js';
import { ConnectionCheckedChatGateway } from './chat/connection-checked-chat.gateway.js';

/**
 * The chat gateway, picked by CONNECTION_CHECK at start-up (README: Settings): unset, the example
 * as shipped; `1`, the variant that checks the token in handleConnection too.
 */
export function chatGatewayFromEnv(value = process.env.CONNECTION_CHECK || undefined) {
	if (value === undefined) return ChatGateway;
	if (value === '1') return ConnectionCheckedChatGateway;
	throw new Error(`CONNECTION_CHECK must be 1 or unset, got "${value}"`);
}
