/** One line per event, prefixed with the part of the playground it comes from. */
export function logger(scope: string) {
	const prefix = `[${scope}]`;
	return {
		info: (message: string) => console.log(`${prefix} ${message}`),
		warn: (message: string) => console.warn(`${prefix} ${message}`),
		error: (message: string) => console.error(`${prefix} ${message}`),
	};
}

export type Logger = ReturnType<typeof logger>;
