/**
 * A token bucket per client address: `capacity` requests at once, refilled at `perMinute`.
 * take() answers how many seconds to wait (0 = allowed), for a Retry-After header.
 */
export class RateLimiter {
	private readonly buckets = new Map<string, { tokens: number; updated: number }>();
	private readonly refillPerMs: number;
	readonly perMinute: number;
	private readonly capacity: number;
	private readonly maxClients: number;
	private readonly now: () => number;

	constructor(perMinute: number, { capacity = perMinute, maxClients = 10_000, now = Date.now } = {}) {
		this.perMinute = perMinute;
		this.capacity = capacity;
		this.maxClients = maxClients;
		this.now = now;
		this.refillPerMs = perMinute / 60_000;
	}

	take(client: string): number {
		const now = this.now();
		const bucket = this.buckets.get(client) ?? { tokens: this.capacity, updated: now };
		bucket.tokens = Math.min(this.capacity, bucket.tokens + (now - bucket.updated) * this.refillPerMs);
		bucket.updated = now;
		// Re-insert so that Map order is least recently seen first.
		this.buckets.delete(client);
		this.buckets.set(client, bucket);
		this.evict();
		if (bucket.tokens >= 1) {
			bucket.tokens -= 1;
			return 0;
		}
		return Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000);
	}

	private evict() {
		if (this.buckets.size <= this.maxClients) return;
		// Forget the least recently seen clients; a forgotten client starts with a full bucket,
		// so the map cannot be used to exhaust our memory.
		for (const key of this.buckets.keys()) {
			this.buckets.delete(key);
			if (this.buckets.size <= this.maxClients) break;
		}
	}
}
