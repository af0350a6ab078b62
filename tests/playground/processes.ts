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

/**
 * The children of a process that run a program of this name. For what carries no readable
 * marker: redis-server writes its process title over its environment.
 */
export function childrenNamed(parent: number, name: string): number[] {
	if (!existsSync('/proc/self/stat')) return [];
	return readdirSync('/proc')
		.filter((entry) => /^\d+$/.test(entry))
		.filter((pid) => {
			try {
				// `<pid> (<name>) <state> <parent pid> …`; the name may contain spaces and parentheses.
				const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
				const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
				return stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')) === name && Number(ppid) === parent && state !== 'Z';
			} catch {
				return false;
			}
		})
		.map(Number);
}

export function alive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
