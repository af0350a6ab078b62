import type { LiveProtocol } from './examples.ts';
import { HttpError } from './http-errors.ts';
import { livePath, type LiveExample } from './live-example.ts';

/** What a /live/ request names: an approach, and on a cluster one of its nodes. */
export interface LiveParams {
	approach: string;
	node?: string;
}

/**
 * The loopback port of the example (or node) a /live/ request is for, or the refusal: 404 for an
 * unknown approach or node, or for an example that speaks the other protocol (a socket.io example
 * has no /ws, a plain WebSocket one no /socket.io/); 503 while it is not running. Both relays ask
 * it, socket.io's (live-proxy.ts) and the plain WebSocket one (ws-relay.ts).
 */
export function livePort(live: Map<string, LiveExample>, { approach, node: name }: LiveParams, protocol: LiveProtocol): number {
	const found = live.get(approach);
	if (!found) throw new HttpError(404, `Unknown approach "${approach}"; expected one of ${[...live.keys()].join(', ')}.`);
	const { example } = found;
	const { slug } = example;
	const paths = () => found.nodes.map((candidate) => livePath(example, candidate.name)).join(' or ');
	if (example.protocol !== protocol) {
		const speaks = example.protocol === 'ws' ? 'plain WebSocket (@nestjs/platform-ws), not socket.io' : 'socket.io, not plain WebSocket';
		throw new HttpError(404, `The ${slug} example speaks ${speaks}: connect to ${paths()}.`);
	}
	const node = found.node(name);
	if (!node) {
		throw new HttpError(404, `${name === undefined ? `The ${slug} example runs on several nodes` : `The ${slug} example has no node "${name}"`}: connect to ${paths()}.`);
	}
	// The state /api/health reports for this node.
	const state = found.nodeState(node.supervisor);
	// Waiting does not help: this machine lacks what the example needs (/api/health says what).
	if (state === 'unavailable') throw new HttpError(503, `The ${slug} example cannot run on this server: it needs a Redis, and none could be started.`);
	const { port } = node.supervisor;
	if (state !== 'running' || !port) {
		const what = node.name ? `${slug} example's node ${node.name.toUpperCase()}` : `${slug} example`;
		throw new HttpError(503, `The ${what} is ${state}; try again in a moment.`, { 'Retry-After': '2' });
	}
	return port;
}
