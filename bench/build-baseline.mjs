// Builds the no-authentication baseline (bench/baseline/dist) from the files every example
// shares, so that it differs from the examples only where authentication lives.
// The shared files are taken from an example at build time, never copied into the repo.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHARED_FILES, SOCKET_IO_SHARED_FILES } from '../examples/shared-files.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const baseline = join(root, 'bench/baseline');
const build = join(baseline, '.build/src');

// Every source file the socket.io examples share: the baseline's own main.ts and module import the ones it needs.
const SOURCES = [...SHARED_FILES, ...SOCKET_IO_SHARED_FILES].filter((file) => file.startsWith('src/')).map((file) => file.slice('src/'.length));
const SOURCE_EXAMPLE = join(root, 'examples/middleware/src');

rmSync(join(baseline, '.build'), { recursive: true, force: true });
rmSync(join(baseline, 'dist'), { recursive: true, force: true });
for (const file of SOURCES) {
	mkdirSync(dirname(join(build, file)), { recursive: true });
	cpSync(join(SOURCE_EXAMPLE, file), join(build, file));
}
cpSync(join(baseline, 'src'), build, { recursive: true });

const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', join(baseline, 'tsconfig.json')], { stdio: 'inherit' });
console.log('baseline built: bench/baseline/dist/main.js');
