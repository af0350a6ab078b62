/** REDIS_URL: the Redis every node of the app shares (default: a local one). */
export function redisUrlFromEnv(value = process.env.REDIS_URL): string {
	const url = value || 'redis://127.0.0.1:6379';
	if (!/^rediss?:\/\//.test(url)) throw new Error(`REDIS_URL must start with redis:// or rediss://, got "${url}"`);
	return url;
}
