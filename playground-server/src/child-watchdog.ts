// Preloaded into every example the playground starts (`node --import`). Plain JavaScript syntax.
// Exits when the playground server is gone without having stopped it (kill -9, a crash): the
// child is then re-parented, and an orphaned example must not keep its port.
const parent = process.ppid;
setInterval(() => {
	if (process.ppid !== parent) process.exit(0);
}, 1000).unref();
