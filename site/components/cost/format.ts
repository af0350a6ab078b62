/**
 * How the "What it costs" page writes each figure. The page's browser test formats the values
 * of bench/results.json with these same functions and compares them with the table cells.
 */
const MB = 2 ** 20;

const grouped = new Intl.NumberFormat('en-US');

/** A count: 1,000. */
export function count(value: number): string {
	return grouped.format(value);
}

/** A number with a fixed count of decimals: 0.15. */
export function fixed(value: number, decimals: number): string {
	return new Intl.NumberFormat('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals }).format(value);
}

/** Bytes as mebibytes with one decimal, signed: +28.3. */
export function megabytes(bytes: number): string {
	const value = bytes / MB;
	return `${value >= 0 ? '+' : '−'}${fixed(Math.abs(value), 1)}`;
}

/** Milliseconds, or "never" where the socket was never refused. */
export function ms(value: number | null, decimals = 1): string {
	return value === null ? 'never' : fixed(value, decimals);
}

/** A ratio to the baseline: ×1.04. */
export function ratio(value: number): string {
	return `×${fixed(value, value >= 10 ? 0 : 2)}`;
}

/** Kibibytes with one decimal: 13.7. */
export function kilobytes(bytes: number): string {
	return fixed(bytes / 1024, 1);
}

/** The smallest and largest of some figures, each written by `format`: "3 to 5", or "4" when they are the same. */
export function range(values: number[], format: (value: number) => string): string {
	const [low, high] = [format(Math.min(...values)), format(Math.max(...values))];
	return low === high ? low : `${low} to ${high}`;
}

/** How a figure compares with another, in words, so the page's sentences follow the data. */
export function comparedWith(value: number, reference: number): 'above' | 'equal to' | 'below' {
	return value > reference ? 'above' : value < reference ? 'below' : 'equal to';
}

/** A table cell's data attributes: the row, the results.json field and its raw value, which the page's browser test reads. */
export function cell(row: string, field: string, value: number | string | null): Record<string, string> {
	return { 'data-row': row, 'data-field': field, 'data-value': String(value) };
}
