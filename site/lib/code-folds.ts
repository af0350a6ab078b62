/**
 * Which lines of a long code block fold away, so that a page shows the lines that matter (the
 * highlighted ones, with a little context) and keeps the rest one click away. Expressive Code's
 * collapsible sections draw the folds; site/lib/lazy-folds.mjs keeps the folded lines out of the
 * DOM until a reader opens them, which is what keeps long pages light (issue: DOM size on phones).
 * The copy button still copies the whole block.
 *
 * Plain TypeScript with no Astro or Vite imports: the tests import it directly.
 */

export interface FoldOptions {
	/** Lines kept on each side of a highlighted line. */
	context?: number;
	/** A shorter run of unhighlighted lines stays shown: a fold costs a line of its own. */
	minRun?: number;
	/** A block of at most this many lines is shown whole. */
	shortBlock?: number;
}

export const FOLD_DEFAULTS: Required<FoldOptions> = { context: 2, minRun: 3, shortBlock: 15 };

/**
 * The folds of a block of `lineCount` lines whose `marked` lines (1-based) matter, as Expressive
 * Code's `collapse` ranges ("from-to", 1-based, inclusive). A short block folds nothing; a long one
 * with no marked line folds whole, one click from all its lines.
 */
export function foldRanges(lineCount: number, marked: readonly number[], options: FoldOptions = {}): string[] {
	const { context, minRun, shortBlock } = { ...FOLD_DEFAULTS, ...options };
	if (lineCount <= shortBlock) return [];
	if (marked.length === 0) return [`1-${lineCount}`];
	const shown = new Array<boolean>(lineCount + 1).fill(false);
	for (const line of marked) {
		if (!Number.isInteger(line) || line < 1 || line > lineCount) throw new RangeError(`foldRanges: line ${line} is outside 1-${lineCount}`);
		for (let n = Math.max(1, line - context); n <= Math.min(lineCount, line + context); n++) shown[n] = true;
	}
	const ranges: string[] = [];
	for (let from = 1; from <= lineCount; ) {
		if (shown[from]) {
			from++;
			continue;
		}
		let to = from;
		while (to < lineCount && !shown[to + 1]) to++;
		if (to - from + 1 >= minRun) ranges.push(`${from}-${to}`);
		from = to + 1;
	}
	return ranges;
}
