// The outcome vocabulary: how what a socket.io client sees is written in behavior.json. The
// scenario runner and the playground (in the browser) both write outcomes with these, so this
// file imports nothing. Same file in every example.
export const outcome = {
	connected: () => 'connected',
	/** `data` is socket.io's `err.data`, set by a middleware refusal; transport errors have none. */
	connectError: (message, data) => `connect_error:${message}${data === undefined ? '' : ` ${JSON.stringify(data)}`}`,
	disconnect: (reason) => `disconnect:${reason}`,
	exception: (payload) => `exception:${payload?.message}`,
	ack: (reply) => `ack:${JSON.stringify(reply ?? null)}`,
	timeout: () => 'timeout',
	/** A broadcast received. */
	message: (payload) => `message:${JSON.stringify(payload)}`,
	reconnectAttempt: () => 'reconnect_attempt',
};
