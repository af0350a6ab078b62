import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DOCS_URL_ENV } from '../../ws-auth-check/src/args.mjs';

export const CLI = fileURLToPath(new URL('../../ws-auth-check/src/cli.mjs', import.meta.url));

export interface CliRun {
	code: number | null;
	stdout: string;
	stderr: string;
	ms: number;
}

export interface CliReport {
	results: { id: string; namespace: string; verdict: 'PASS' | 'WARN' | 'FAIL' | 'SKIP'; outcome: string[]; why: string; page: string; learnMore?: string; note?: string }[];
	summary: { pass: number; warn: number; fail: number; skip: number; connections: number; events: number; durationMs: number };
	docs: { url: string; note?: undefined } | { url: null; note: string };
}

export interface CliOptions {
	/** Killed after this long (ms). */
	limitMs?: number;
	/** Variables added to this process's environment. */
	env?: Record<string, string>;
}

/**
 * This process's environment without a docs URL a developer may have set, which would change
 * every link the tests compare (page-output.spec.ts above all); a test sets one through `env`.
 */
function cliEnv(env: Record<string, string>): NodeJS.ProcessEnv {
	const { [DOCS_URL_ENV]: _docsUrl, ...inherited } = process.env;
	return { ...inherited, ...env };
}

/**
 * Runs the CLI as a user would, in a child process, and resolves when it exits by itself: a
 * handle it left open shows as the kill after `limitMs` (code null).
 */
export function runCli(args: string[], { limitMs = 90_000, env = {} }: CliOptions = {}): Promise<CliRun> {
	const started = Date.now();
	const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: cliEnv(env) });
	let stdout = '';
	let stderr = '';
	child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk));
	child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
	const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
	return new Promise((resolve) => {
		child.once('close', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr, ms: Date.now() - started });
		});
	});
}

/** Runs the CLI with --json and parses its report. */
export async function runJson(args: string[], options?: CliOptions): Promise<CliRun & { report: CliReport }> {
	const run = await runCli([...args, '--json'], options);
	let report: CliReport;
	try {
		report = JSON.parse(run.stdout);
	} catch {
		throw new Error(`not JSON (exit ${run.code}):\n${run.stdout}\n${run.stderr}`);
	}
	return { ...run, report };
}

/** `{ "leak@/": "FAIL", ... }`: easy to compare whole, and to read in a failure. */
export function verdicts(report: CliReport): Record<string, string> {
	return Object.fromEntries(report.results.map((result) => [`${result.id}@${result.namespace}`, result.verdict]));
}
