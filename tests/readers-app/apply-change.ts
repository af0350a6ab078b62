/**
 * Applies a change shown on a page as a rendered diff (Expressive Code `diff` block: `+` lines to
 * add, `-` lines to remove, unchanged context lines) to a file of the reader's app, the way a
 * person does it by eye: find each context line in order, delete the removed lines, type the
 * added lines where they stand. Lines in between that the diff does not show are left alone, so
 * a change written against a `nest new` app applies to any app of that shape.
 */

export type ChangeLineKind = 'add' | 'remove' | 'context';

export interface ChangeLine {
	kind: ChangeLineKind;
	text: string;
}

/**
 * Returns `text` with `change` applied. Context and removed lines are found by trimmed equality
 * at or after a cursor that only moves forward (blank context lines are skipped); added lines go
 * right after the last matched line, or, before anything is matched, right before the first
 * matched line (above the blank lines the diff shows between them). A context or removed line that is not found throws, naming the line and `path`.
 * The file's line endings are kept; added lines are inserted exactly as given.
 */
export function applyChange(text: string, change: readonly ChangeLine[], path = 'the file'): string {
	const eol = text.includes('\r\n') ? '\r\n' : '\n';
	const endsWithEol = text.endsWith(eol);
	const lines = text.length === 0 ? [] : (endsWithEol ? text.slice(0, -eol.length) : text).split(eol);

	let cursor = 0; // the next line a context or removed line may match
	let insertAt: number | undefined; // where added lines go; undefined until a line is matched
	let pending: string[] = []; // added lines seen before any match
	let blanksAfterPending = 0; // blank context lines between those and the first match

	const find = (line: ChangeLine): number => {
		const wanted = line.text.trim();
		for (let i = cursor; i < lines.length; i++) {
			if (lines[i].trim() === wanted) return i;
		}
		const where = cursor === 0 ? '' : ` after line ${cursor}`;
		const what = line.kind === 'remove' ? 'line to remove' : 'context line';
		throw new Error(`${path}: ${what} not found${where}: ${JSON.stringify(line.text)}`);
	};
	const flushPending = (matched: number) => {
		// Above the blank lines the diff shows between the added lines and the matched one.
		let at = matched;
		while (blanksAfterPending > 0 && at > cursor && lines[at - 1].trim() === '') {
			at--;
			blanksAfterPending--;
		}
		lines.splice(at, 0, ...pending);
		const inserted = pending.length;
		pending = [];
		return inserted;
	};

	for (const line of change) {
		if (line.kind === 'add') {
			if (insertAt === undefined) {
				pending.push(line.text);
			} else {
				lines.splice(insertAt, 0, line.text);
				insertAt++;
				cursor = insertAt;
			}
			continue;
		}
		if (line.kind === 'context' && line.text.trim() === '') {
			if (insertAt === undefined && pending.length > 0) blanksAfterPending++;
			continue;
		}
		let index = find(line);
		if (insertAt === undefined) index += flushPending(index);
		if (line.kind === 'context') {
			cursor = index + 1;
			insertAt = index + 1;
		} else {
			lines.splice(index, 1);
			cursor = index;
			insertAt = index;
		}
	}
	if (pending.length > 0) {
		throw new Error(`${path}: the change adds lines but has no context or removed line to place them by`);
	}
	return lines.join(eol) + (endsWithEol ? eol : '');
}
