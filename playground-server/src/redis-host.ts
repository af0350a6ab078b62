// Forked by redis.ts: runs one cluster example's throwaway Redis, through that example's own
// startRedis() (argv[2] is its demo/redis-server.mjs), in a process of its own. Two reasons:
// startRedis may first install redis-server with apt-get, synchronously, which would freeze the
// server for as long; and when the server is gone without stopping it (kill -9, a crash), the IPC
// channel closes, this process exits, and startRedis's exit hook kills redis-server with it.
// Tells the server `{ url }` once Redis accepts connections, or `{ failed: <error message> }`.
import { pathToFileURL } from 'node:url';

/** Resolves once the message is on its way: exiting before then would lose it. */
const send = (message: { url: string } | { failed: string }) =>
	new Promise<void>((resolve) => (process.connected && process.send ? process.send(message, () => resolve()) : resolve()));

const { startRedis } = await import(pathToFileURL(process.argv[2] ?? '').href);
type Redis = { url: string; stop(): Promise<void> };
let redis: Redis | undefined;
let stopping = false;
// Told to stop while Redis is still starting: it stops once started (startRedis cannot be
// interrupted, and the redis-server it spawned must not be left behind).
const stop = () => {
	stopping = true;
	if (redis) void redis.stop().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
// Ctrl+C in a terminal reaches the whole process group, this process included.
process.once('SIGINT', stop);
process.once('disconnect', stop);
const started: Redis = await startRedis().catch(async (error: unknown) => {
	await send({ failed: error instanceof Error ? error.message : String(error) });
	return process.exit(1);
});
redis = started;
if (stopping) stop();
else await send({ url: started.url });
