// Preloaded into every example the playground starts (`node --import`). Plain JavaScript syntax.
//
// 1. Writes the child's pid to PLAYGROUND_PID_FILE at once, so the supervisor can stop a child
//    that never printed its "listening on" line (startApp only hands out the process after it).
// 2. Exits when the playground server is gone without having stopped it (kill -9, a crash):
//    the child is then re-parented, and an orphaned example must not keep its port.
import { writeFileSync } from 'node:fs';

const parent = process.ppid;
if (process.env.PLAYGROUND_PID_FILE) writeFileSync(process.env.PLAYGROUND_PID_FILE, String(process.pid));
setInterval(() => {
	if (process.ppid !== parent) process.exit(0);
}, 1000).unref();
