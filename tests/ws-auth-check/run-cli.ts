import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const CLI = fileURLToPath(new URL('../../ws-auth-check/src/cli.mjs', import.meta.url));

export interface CliRun {
	code: number | null;
	stdout: string;
	stderr: string;
	ms: number;
}

export interface CliReport {
	results: { id: string; namespace: string; verdict: 'PASS' | 'WARN' | 'FAIL' | 'SKIP'; outcome: string[]; why: string; learnMore: string; note?: string }[];
	summary: { pass: number; warn: number; fail: number; skip: number; connections: number; events: number; durationMs: number };
}

/**
 * Runs the CLI as a user would, in a child process, and resolves when it exits by itself: a
 * handle it left open shows as the kill after `limitMs` (code null).
 */
export function runCli(args: string[], limitMs = 90_000): Promise<CliRun> {
	const started = Date.now();
	const child = spawn(process.execPath, [CLI, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
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
export async function runJson(args: string[]): Promise<CliRun & { report: CliReport }> {
	const run = await runCli([...args, '--json']);
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
