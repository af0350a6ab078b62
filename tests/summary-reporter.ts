import type { FullResult, Reporter, TestCase, TestResult } from '@playwright/test/reporter';

/** Prints one plain "N passed, N failed" line at the end, which CI logs can be read by. */
export default class SummaryReporter implements Reporter {
	private passed = 0;
	private failed = 0;
	private skipped = 0;

	onTestEnd(test: TestCase, result: TestResult) {
		if (result.retry < test.retries && result.status !== 'passed' && result.status !== 'skipped') return;
		if (result.status === 'passed') this.passed++;
		else if (result.status === 'skipped') this.skipped++;
		else this.failed++;
	}

	onEnd(_result: FullResult) {
		console.log(`${this.passed} passed, ${this.failed} failed${this.skipped ? `, ${this.skipped} skipped` : ''}`);
	}
}
