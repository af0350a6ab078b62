import { SendBudget, type SocketLimits } from './relay-limits.ts';

/** A long-polling session whose answer waits this long to be read, or that has not polled for this long, is refused further posts. */
export const POLL_STALL_MS = 10_000;
/** A session silent this long is forgotten (engine.io closes it after its ping interval and timeout, 45 s by default). */
const FORGET_AFTER_MS = 120_000;
/** At most this many sessions remembered at once, the longest silent forgotten first. */
const MAX_SESSIONS = 20_000;

/** engine.io's long-polling payload separates packets with a record separator (protocol v4). */
const PACKET_SEPARATOR = '\x1e';

interface PollingSession {
	budget: SendBudget;
	/** Since when a poll (GET) has waited in the example for something to answer. */
	pollingSince: number | null;
	/** Since when the example's answer to a poll has waited for the client to read it. */
	undeliveredSince: number | null;
	/** When the client last finished reading an answer (or when the session was first seen). */
	readAt: number;
	seenAt: number;
}

export type PostVerdict = { ok: true } | { ok: false; status: 409 | 429; message: string };

/**
 * The long-polling side of the per-socket limits. With polling, what a client has not read waits in
 * the example (engine.io's write buffer), where this server cannot see it. Two rules keep it bounded:
 * - a session posts at most its SendBudget (messages counted per packet, as over a WebSocket);
 * - a session that stops reading (an answer waiting POLL_STALL_MS for the client, or no poll for
 *   that long) may post nothing more, its pongs included, so engine.io closes it at its next ping
 *   timeout instead of buffering for a client that answers pings it never read.
 * engine.io allows one poll at a time per session (a second one closes it), so one of each suffices.
 * A session is remembered once the example answers a request for it with 200: made-up sids cost nothing.
 */
export class PollingSessions {
	readonly #limits: SocketLimits;
	readonly #sessions = new Map<string, PollingSession>();

	constructor(limits: SocketLimits) {
		this.#limits = limits;
	}

	/** Whether a POST of `body` on session `sid` goes to the example. */
	post(sid: string, body: string, now = performance.now()): PostVerdict {
		const session = this.#touch(sid, now);
		if (!session) return { ok: true };
		const stall = POLL_STALL_MS / 1000;
		if (session.undeliveredSince !== null && now - session.undeliveredSince > POLL_STALL_MS) {
			return { ok: false, status: 409, message: `This session has left the server's answer unread for ${stall} s, so it may not send. Reconnect.` };
		}
		if (session.pollingSince === null && session.undeliveredSince === null && now - session.readAt > POLL_STALL_MS) {
			return { ok: false, status: 409, message: `This session has not polled for ${stall} s, so it may not send. Reconnect.` };
		}
		if (!session.budget.take(body.split(PACKET_SEPARATOR).length, Buffer.byteLength(body), now)) {
			const { messagesPerSecond, bytesPerSecond } = this.#limits;
			return { ok: false, status: 429, message: `This session sends too fast: at most ${messagesPerSecond} messages and ${bytesPerSecond} bytes a second.` };
		}
		return { ok: true };
	}

	/** A poll of session `sid` went to the example. */
	pollStarted(sid: string, now = performance.now()) {
		const session = this.#touch(sid, now);
		if (session) session.pollingSince = now;
	}

	/** The example answered a request of session `sid` (a poll, or a post); 200 means the session exists there. */
	answered(sid: string, status: number, poll: boolean, now = performance.now()) {
		let session = this.#touch(sid, now);
		if (!session && status === 200) session = this.#add(sid, now);
		if (!session || !poll) return;
		session.pollingSince = null;
		session.undeliveredSince = now;
	}

	/** A poll is over: its answer was read by the client (`read`), or the client went away. */
	pollEnded(sid: string, read: boolean, now = performance.now()) {
		const session = this.#sessions.get(sid);
		if (!session) return;
		session.pollingSince = null;
		session.undeliveredSince = null;
		if (read) session.readAt = now;
	}

	get size(): number {
		return this.#sessions.size;
	}

	#add(sid: string, now: number): PollingSession {
		for (const [old, session] of this.#sessions) {
			if (this.#sessions.size < MAX_SESSIONS && now - session.seenAt < FORGET_AFTER_MS) break;
			this.#sessions.delete(old);
		}
		const session = { budget: new SendBudget(this.#limits, now), pollingSince: null, undeliveredSince: null, readAt: now, seenAt: now };
		this.#sessions.set(sid, session);
		return session;
	}

	#touch(sid: string, now: number): PollingSession | undefined {
		const session = this.#sessions.get(sid);
		if (!session) return undefined;
		// Re-inserted, so that the Map's order is the order of last use.
		this.#sessions.delete(sid);
		this.#sessions.set(sid, session);
		session.seenAt = now;
		return session;
	}
}
