// The Node versions this project runs on are stated once: `engines.node` in the root package.json.
// This guard reads that range and stops with a clear message when the running Node is outside it.
//
// npm puts node_modules/.bin first on PATH, so every script normally runs on the Node that the
// `node` devDependency installs. The guard catches the cases where that binary is missing (an
// install with --ignore-scripts) and we silently fell back to an older system Node.
//
// Written for any Node: no JSON import attributes, no semver package (it may not be installed).
// It understands the range forms package.json uses (`>=X.Y.Z` and `^X.Y.Z`, joined by `||`) and
// refuses any other, so the range cannot change into something this guard silently ignores.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const manifest = new URL('../package.json', import.meta.url);

/**
 * Whether a Node version (`process.versions.node`) is inside an engines range.
 * @param {string} versionText
 * @param {string} range
 */
export function satisfiesRange(versionText, range) {
	const parse = (/** @type {string} */ version) => {
		const match = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(version.trim());
		if (!match) throw new Error(`scripts/check-node.mjs cannot read the version "${version}" in engines.node "${range}"`);
		return match.slice(1).map((part) => Number(part ?? 0));
	};
	const compare = (/** @type {number[]} */ a, /** @type {number[]} */ b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
	const version = parse(versionText);
	// Each `||` alternative is `>=X.Y.Z` or `^X.Y.Z`.
	return range.split('||').some((alternative) => {
		const [, operator, bound] = /^(>=|\^)\s*(\S+)$/.exec(alternative.trim()) ?? [];
		if (!operator || !bound) throw new Error(`scripts/check-node.mjs cannot read "${alternative}" in engines.node "${range}"`);
		const min = parse(bound);
		return compare(version, min) >= 0 && (operator === '>=' || version[0] === min[0]);
	});
}

// Run as a script (`node scripts/check-node.mjs`), not when a test imports it.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
	const range = JSON.parse(readFileSync(manifest, 'utf8')).engines?.node;
	if (typeof range !== 'string') throw new Error(`${manifest.pathname} has no engines.node`);
	if (!satisfiesRange(process.versions.node, range)) {
		console.error(
			`Node ${process.version} cannot run this project: it needs Node ${range} (engines.node in package.json).\n` +
				'Run `npm install` (without --ignore-scripts) so the `node` devDependency puts a suitable Node in ' +
				'node_modules/.bin, or install one yourself.',
		);
		process.exit(1);
	}
}
