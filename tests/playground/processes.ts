import { existsSync, readdirSync, readFileSync } from 'node:fs';

/**
 * Every process whose environment has the marker: servers started by a test carry one, and
 * their children inherit it (Linux; elsewhere the tests' pid checks stand alone).
 */
export function processesWithMarker(marker: string): number[] {
	if (!existsSync('/proc/self/environ')) return [];
	return readdirSync('/proc')
		.filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid)
		.filter((pid) => {
			try {
				return readFileSync(`/proc/${pid}/environ`, 'latin1').includes(marker);
			} catch {
				return false;
			}
		})
		.map(Number);
}

/** Leaves no stray: a failed test may have left a server, npm or an example running. */
export function killMarked(these: string[]) {
	for (const marker of these) {
		for (const pid of processesWithMarker(marker)) {
			try {
				process.kill(pid, 'SIGKILL');
			} catch {
				// Gone already.
			}
		}
	}
}
