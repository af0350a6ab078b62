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
 * right after the last matched line, or, where nothing is matched yet or a blank context line
 * stands before them (a gap: lines the diff does not show), right before the next matched line
 * (above the blank lines the diff shows between them), as a reader places a line by the one below
 * it. A context or removed line that is not found throws, naming the line and `path`.
 * The file's line endings are kept; added lines are inserted exactly as given.
 */
export function applyChange(text: string, change: readonly ChangeLine[], path = 'the file'): string {
	const eol = text.includes('\r\n') ? '\r\n' : '\n';
	const endsWithEol = text.endsWith(eol);
	const lines = text.length === 0 ? [] : (endsWithEol ? text.slice(0, -eol.length) : text).split(eol);

	let cursor = 0; // the next line a context or removed line may match
	let insertAt: number | undefined; // where added lines go; undefined until a line is matched
	let pending: string[] = []; // added lines placed by the next match: before any match, or after a gap
	let blanksAfterPending = 0; // blank context lines between those and the next match
	let afterGap = false; // a blank context line since the last match

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
			if (insertAt === undefined || afterGap) {
				pending.push(line.text);
			} else {
				lines.splice(insertAt, 0, line.text);
				insertAt++;
				cursor = insertAt;
			}
			continue;
		}
		if (line.kind === 'context' && line.text.trim() === '') {
			if (pending.length > 0) blanksAfterPending++;
			else if (insertAt !== undefined) afterGap = true;
			continue;
		}
		let index = find(line);
		if (pending.length > 0) index += flushPending(index);
		afterGap = false;
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

/**
 * Adds `entry` (with its trailing comma) as the first element of the first `imports: [` array in
 * `text` (a root module's `@Module()`), as a reader pastes it: on the same line when the array is
 * written on one line, on a line of its own, indented like the next, when it spans several.
 * Throws, naming `path`, when there is no such array.
 */
export function addToImports(text: string, entry: string, path = 'the file'): string {
	const match = /imports:\s*\[/.exec(text);
	if (!match) throw new Error(`${path}: no \`imports: [\` array to add ${JSON.stringify(entry)} to`);
	const at = match.index + match[0].length;
	const eol = text.includes('\r\n') ? '\r\n' : '\n';
	const restOfLine = text.slice(at, text.indexOf(eol, at) === -1 ? undefined : text.indexOf(eol, at));
	if (restOfLine.trim() !== '') return `${text.slice(0, at)}${entry} ${text.slice(at)}`;
	const nextLineStart = at + restOfLine.length + eol.length;
	const indent = /^[ \t]*/.exec(text.slice(nextLineStart))![0];
	return `${text.slice(0, nextLineStart)}${indent}${entry}${eol}${text.slice(nextLineStart)}`;
}
