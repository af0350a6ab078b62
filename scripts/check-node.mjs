// npm puts node_modules/.bin first on PATH, so every script runs on the Node 24 that the `node`
// devDependency installs. This guard catches the cases where that binary is missing (an install
// with --ignore-scripts) and we silently fell back to an older system Node.
const major = Number(process.versions.node.split('.')[0]);
if (major < 22) {
	console.error(
		`Node ${process.version} is too old (this project needs >= 22.12).\n` +
			'Run `npm install` (without --ignore-scripts) so node_modules/.bin/node (Node 24) exists, ' +
			'or install Node 22 or 24 yourself.',
	);
	process.exit(1);
}
