// Forked by redis.ts: runs one cluster example's throwaway Redis, through that example's own
// startRedis() (argv[2] is its demo/redis-server.mjs), in a process of its own. Two reasons:
// startRedis may first install redis-server with apt-get, synchronously, which would freeze the
// server for as long; and when the server is gone without stopping it (kill -9, a crash), the IPC
// channel closes, this process exits, and startRedis's exit hook kills redis-server with it.
// Tells the server `{ url }` once Redis accepts connections, or `{ failed: <error message> }`.
//
// A redis-server that exits by itself is started again on the same port, where the nodes'
// clients reconnect by themselves; each time, the server is told `{ restarted: <count> }`. After
// MAX_RESTARTS this process exits with 1 and the server reports Redis stopped: something is
// wrong that restarting does not mend.
import { pathToFileURL } from 'node:url';

const MAX_RESTARTS = 5;
const RESTART_DELAY_MS = 250;

type Message = { url: string } | { failed: string } | { restarted: number };
type Redis = { url: string; port: number; exited: Promise<number | null>; stop(): Promise<void> };

/** Resolves once the message is on its way: exiting before then would lose it. */
const send = (message: Message) =>
	new Promise<void>((resolve) => (process.connected && process.send ? process.send(message, () => resolve()) : resolve()));

const { startRedis } = (await import(pathToFileURL(process.argv[2] ?? '').href)) as {
	startRedis(options?: { port?: number }): Promise<Redis>;
};
let redis: Redis | undefined;
let stopping = false;
// Told to stop while Redis is starting (or starting again): it stops once started (startRedis
// cannot be interrupted, and the redis-server it spawned must not be left behind).
const stop = () => {
	stopping = true;
	if (redis) void redis.stop().finally(() => process.exit(0));
};
process.once('SIGTERM', stop);
// Ctrl+C in a terminal reaches the whole process group, this process included.
process.once('SIGINT', stop);
process.once('disconnect', stop);

const fail = async (error: unknown): Promise<never> => {
	await send({ failed: error instanceof Error ? error.message : String(error) });
	return process.exit(1);
};

/** Starts redis-server again on its port whenever it exits without being asked to. */
function restartWhenItExits(current: Redis, restarts: number): void {
	void current.exited.then(async (code) => {
		if (stopping) return;
		redis = undefined;
		console.error(`redis-server on port ${current.port} exited (${code ?? 'killed'}) without being asked to`);
		if (restarts >= MAX_RESTARTS) await fail(`redis-server exited ${restarts + 1} times; not starting it again`);
		await new Promise((resolve) => setTimeout(resolve, RESTART_DELAY_MS));
		redis = await startRedis({ port: current.port }).catch(fail);
		if (stopping) return stop();
		await send({ restarted: restarts + 1 });
		restartWhenItExits(redis, restarts + 1);
	});
}

redis = await startRedis().catch(fail);
if (stopping) stop();
else {
	await send({ url: redis.url });
	restartWhenItExits(redis, 0);
}
