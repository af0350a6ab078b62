/**
 * Named regions in example source files: `// #region name` … `// #endregion name`.
 *
 * Pages never paste code: they show a region of a tested file. Everything here throws on a
 * marker that is missing, unclosed or duplicated, so renaming or deleting a region in an
 * example fails the site build instead of silently showing the wrong lines.
 *
 * Plain TypeScript with no Astro or Vite imports: the tests import it directly.
 */

const MARKER = /^\s*(?:\/\/|#|\/\*|<!--)\s*#(region|endregion)\b[ \t]*([\w-]*)/;

export interface RegionBounds {
	/** 0-based index of the `#region` line. */
	start: number;
	/** 0-based index of the `#endregion` line. */
	end: number;
}

export class RegionError extends Error {
	override name = 'RegionError';
}

/** Every region of a file by name. Throws on a duplicated, unclosed, unnamed or stray marker. */
export function findRegions(source: string, file = 'source'): Map<string, RegionBounds> {
	const lines = source.split('\n');
	const open = new Map<string, number>();
	const regions = new Map<string, RegionBounds>();
	lines.forEach((line, index) => {
		const match = MARKER.exec(line);
		if (!match) return;
		const [, kind, name] = match;
		const where = `${file}:${index + 1}`;
		if (!name) throw new RegionError(`${where}: #${kind} needs a name`);
		if (kind === 'region') {
			if (open.has(name) || regions.has(name)) throw new RegionError(`${where}: region "${name}" is defined twice`);
			open.set(name, index);
		} else {
			const start = open.get(name);
			if (start === undefined) throw new RegionError(`${where}: #endregion ${name} without a matching #region`);
			open.delete(name);
			regions.set(name, { start, end: index });
		}
	});
	for (const [name, start] of open) {
		throw new RegionError(`${file}:${start + 1}: region "${name}" is never closed`);
	}
	return regions;
}

/**
 * The code of one region, without marker lines (nested regions' markers too) and with the
 * common indentation removed, exactly as a page shows it.
 */
export function extractRegion(source: string, name: string, file = 'source'): string {
	const bounds = findRegions(source, file).get(name);
	if (!bounds) throw new RegionError(`${file}: no region "${name}"`);
	const body = source.split('\n').slice(bounds.start + 1, bounds.end);
	return dedent(body.filter((line) => !MARKER.test(line))).join('\n');
}

/** The whole file as a page shows it: every marker line removed, trailing newline trimmed. */
export function withoutMarkers(source: string, file = 'source'): string {
	findRegions(source, file); // validate: a broken marker fails the build even for whole files
	return source
		.split('\n')
		.filter((line) => !MARKER.test(line))
		.join('\n')
		.replace(/\n+$/, '');
}

/**
 * 1-based line numbers, in `code` as shown, of the lines that contain any of `needles`.
 * Used to highlight where authentication lives; throws if a needle matches nothing, so a
 * highlight cannot silently disappear when the example changes.
 */
export function linesMatching(code: string, needles: readonly string[], file = 'source'): number[] {
	const lines = code.split('\n');
	const found = new Set<number>();
	for (const needle of needles) {
		const hits = lines.flatMap((line, index) => (line.includes(needle) ? [index + 1] : []));
		if (hits.length === 0) throw new RegionError(`${file}: nothing to highlight, "${needle}" is not in the snippet`);
		hits.forEach((hit) => found.add(hit));
	}
	return [...found].sort((a, b) => a - b);
}

function dedent(lines: string[]): string[] {
	const indents = lines.filter((line) => line.trim() !== '').map((line) => /^[\t ]*/.exec(line)![0]);
	if (indents.length === 0) return lines;
	let common = indents[0];
	for (const indent of indents) {
		while (!indent.startsWith(common)) common = common.slice(0, -1);
	}
	return lines.map((line) => (line.startsWith(common) ? line.slice(common.length) : line.trimStart()));
}
