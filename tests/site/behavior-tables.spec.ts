// Every behaviour the site shows equals the behaviour files: the matrix, the per-approach
// tables, the variants, the criteria, and the versions it was verified with.
import { expect, test, type Page } from '@playwright/test';
import { CRITERIA, criterionAnswer } from '../../site/lib/criteria.ts';
import { GLOBAL_ENHANCERS, RUNS_ON_GATEWAY_EVENTS } from '../../site/lib/enhancers-by-major.ts';
import { describeOutcomes, outcomeText, verdictOf } from '../../site/lib/outcomes.ts';
import { NESTJS_MAJORS } from '../../site/lib/readers-app.ts';
import { installedVersion, readersAppVersions, VERIFIED_PACKAGES, WS_VERIFIED_PACKAGES, wsReadersAppVersions } from '../../site/lib/versions.ts';
import { SCENARIO_IDS } from '../../examples/recommended/demo/scenarios.mjs';
import { builtPages, documentedExamples, readBehavior, ROOT, SITE, wsDocumentedExamples } from './site.ts';

// Independent page checks: spread them over both workers.
test.describe.configure({ mode: 'parallel' });

interface Cell {
	example: string;
	variant: string;
	scenario: string;
	outcomes: string;
	verdict: string;
	text: string;
}

async function outcomeCells(page: Page, selector: string): Promise<Cell[]> {
	return page.locator(selector).evaluateAll((cells) =>
		cells.map((cell) => ({
			example: cell.getAttribute('data-example')!,
			variant: cell.getAttribute('data-variant')!,
			scenario: cell.getAttribute('data-scenario')!,
			outcomes: cell.getAttribute('data-outcomes')!,
			verdict: cell.getAttribute('data-verdict')!,
			text: cell.querySelector('[data-outcome-text]')!.textContent!.trim(),
		})),
	);
}

// Two matrices: the socket.io approaches', and the plain WebSocket ones' (both `table.comparison-matrix`).
test('the comparison matrices have one cell per example and scenario, each equal to behavior.json', async ({ page }) => {
	await page.goto(SITE + '/comparison/');
	const cells = await outcomeCells(page, 'table.comparison-matrix td[data-outcomes]');
	const examples = [...documentedExamples(), ...wsDocumentedExamples()];
	expect(examples.length).toBeGreaterThan(0);
	const expected = examples.flatMap((example) => {
		const variant = readBehavior(example).variants[0];
		return SCENARIO_IDS.filter((id: string) => variant.scenarios[id]).map((id: string) => `${example}/${variant.id}/${id}`);
	});
	expect(cells.map((c) => `${c.example}/${c.variant}/${c.scenario}`).sort()).toEqual(expected.sort());
	for (const cell of cells) {
		const documented = readBehavior(cell.example).variants.find((v) => v.id === cell.variant)!.scenarios[cell.scenario].outcomes;
		const where = `${cell.example} / ${cell.scenario}`;
		expect(JSON.parse(cell.outcomes), where).toEqual(documented);
		expect(cell.text, where).toBe(outcomeText(documented, { compact: true }));
		expect(cell.verdict, where).toBe(verdictOf(cell.scenario, documented));
	}
});

test('the variants table lists every further variant, each cell equal to behavior.json', async ({ page }) => {
	await page.goto(SITE + '/comparison/');
	const cells = await outcomeCells(page, 'table.variants-table td[data-outcomes]');
	const expected = documentedExamples().flatMap((example) =>
		readBehavior(example)
			.variants.slice(1)
			.flatMap((variant) => Object.keys(variant.scenarios).map((id) => `${example}/${variant.id}/${id}`)),
	);
	expect(cells.map((c) => `${c.example}/${c.variant}/${c.scenario}`).sort()).toEqual(expected.sort());
	for (const cell of cells) {
		const documented = readBehavior(cell.example).variants.find((v) => v.id === cell.variant)!.scenarios[cell.scenario].outcomes;
		expect(JSON.parse(cell.outcomes)).toEqual(documented);
		expect(cell.text).toBe(outcomeText(documented, { compact: true }));
	}
});

for (const path of builtPages()) {
	test(`every outcome cell on ${path} equals behavior.json`, async ({ page }) => {
		await page.goto(SITE + path);
		// Matrix, variants and one-scenario tables: each cell names its example, variant and scenario.
		for (const cell of await outcomeCells(page, 'td.outcome[data-example]')) {
			const variant = readBehavior(cell.example).variants.find((v) => v.id === cell.variant);
			const documented = variant?.scenarios[cell.scenario]?.outcomes;
			const where = `${cell.example} / ${cell.variant} / ${cell.scenario}`;
			expect(documented, where).toBeDefined();
			expect(JSON.parse(cell.outcomes), where).toEqual(documented);
			expect(cell.text, where).toBe(outcomeText(documented!, { compact: true }));
			expect(cell.verdict, where).toBe(verdictOf(cell.scenario, documented!));
		}
	});
}

test('the criteria are derived from the behaviour files', async ({ page }) => {
	await page.goto(SITE + '/comparison/');
	for (const criterion of CRITERIA) {
		const row = page.locator(`table.criteria-table tr[data-criterion="${criterion.id}"]`);
		for (const example of documentedExamples()) {
			const expected = criterionAnswer(criterion, readBehavior(example).variants[0].scenarios) ?? 'not documented';
			await expect(row.locator(`td[data-example="${example}"]`), `${criterion.id} / ${example}`).toHaveText(expected);
		}
	}
});

test('the verified versions are the installed ones', async ({ page }) => {
	await page.goto(SITE + '/comparison/');
	for (const name of [...VERIFIED_PACKAGES, 'node']) {
		const from = name === 'node' ? ROOT : `${ROOT}examples/recommended`;
		await expect(page.locator(`table:not([data-readers-apps]) tr[data-package="${name}"] [data-version]`)).toHaveText(installedVersion(name, from));
	}
	for (const name of WS_VERIFIED_PACKAGES) {
		await expect(page.locator(`table:not([data-readers-apps]) tr[data-package="${name}"] [data-version]`)).toHaveText(installedVersion(name, `${ROOT}examples/ws-recommended`));
	}
	// The reader's apps the copy test pastes the pages into, one per NestJS major, from their lockfiles.
	const readersApps = page.locator('table[data-readers-apps]');
	await expect(readersApps.locator('thead th')).toHaveText(['Package', ...NESTJS_MAJORS.map((major) => `NestJS ${major}`)]);
	for (const major of NESTJS_MAJORS) {
		for (const { name, version } of [...readersAppVersions(major, ROOT), ...wsReadersAppVersions(major, ROOT)]) {
			await expect(readersApps.locator(`tr[data-package="${name}"] [data-nestjs="${major}"]`)).toHaveText(version);
		}
	}
});

test('the global enhancers table shows, per major, what enhancers-by-major.spec.ts saw', async ({ page }) => {
	await page.goto(SITE + '/guides/guards-and-filters/');
	const table = page.locator('table[data-global-enhancers]');
	const websockets = (major: string) => readersAppVersions(major, ROOT).find(({ name }) => name === '@nestjs/websockets')!.version;
	await expect(table.locator('thead th')).toHaveText(['Enhancer', 'HTTP route', ...NESTJS_MAJORS.map((major) => `Gateway event, NestJS ${major} @nestjs/websockets ${websockets(major)}`)]);
	await expect(table.locator('tbody tr')).toHaveCount(GLOBAL_ENHANCERS.length);
	for (const { id } of GLOBAL_ENHANCERS) {
		const row = table.locator(`tr[data-enhancer="${id}"]`);
		await expect(row.locator('td').first()).toHaveText('runs');
		for (const major of NESTJS_MAJORS) {
			await expect(row.locator(`td[data-major="${major}"]`)).toHaveText(RUNS_ON_GATEWAY_EVENTS[major][id] ? 'runs' : 'never runs');
		}
	}
});

// An approach's page (/approaches/<slug>/) shows its tables; the pages under it (the recommended
// setup's steps) and the home page may.
const approachPage = (path: string) => /^\/approaches\/[^/]+\/$/.test(path);
for (const path of builtPages().filter((p) => p.startsWith('/approaches/') || p === '/')) {
	test(`behaviour tables on ${path} equal behavior.json`, async ({ page }) => {
		await page.goto(SITE + path);
		const tables = page.locator('table.behavior-table');
		const count = await tables.count();
		if (approachPage(path)) expect(count).toBeGreaterThan(0);
		for (const table of await tables.all()) {
			const example = (await table.getAttribute('data-behavior-example'))!;
			const variantId = (await table.getAttribute('data-behavior-variant'))!;
			const variant = readBehavior(example).variants.find((v) => v.id === variantId)!;
			const rows = await table.locator('tbody tr').evaluateAll((trs) =>
				trs.map((tr) => ({
					scenario: tr.getAttribute('data-scenario')!,
					outcomes: tr.querySelector('td.outcome')!.getAttribute('data-outcomes')!,
					steps: [...tr.querySelectorAll('[data-outcome-text] li')].map((li) => li.textContent!.trim()),
					note: tr.querySelector('td.note')!.textContent!.trim(),
				})),
			);
			const only: string[] | undefined = JSON.parse((await table.getAttribute('data-behavior-only')) ?? 'null') ?? undefined;
			expect(rows.map((r) => r.scenario)).toEqual(Object.keys(variant.scenarios).filter((id) => !only || only.includes(id)));
			for (const row of rows) {
				const documented = variant.scenarios[row.scenario];
				expect(JSON.parse(row.outcomes), `${example} / ${row.scenario}`).toEqual(documented.outcomes);
				expect(row.steps, `${example} / ${row.scenario}`).toEqual(describeOutcomes(documented.outcomes));
				expect(row.note).toBe(documented.note ?? '');
			}
		}
	});
}

test('the several-nodes cluster table equals behavior.json, client by client', async ({ page }) => {
	await page.goto(SITE + '/guides/several-nodes/');
	const { cluster } = readBehavior('several-nodes');
	if (!cluster) throw new Error('examples/several-nodes/behavior.json has no cluster part');
	const rows = await page.locator('table.cluster-table tbody tr').evaluateAll((trs) =>
		trs.map((tr) => ({
			scenario: tr.getAttribute('data-cluster-scenario')!,
			observers: [...tr.querySelectorAll('[data-observer]')].map((observer) => ({
				who: observer.getAttribute('data-observer')!,
				outcomes: JSON.parse(observer.getAttribute('data-outcomes')!),
				shown: observer.querySelector('dt')!.textContent!.trim(),
			})),
			note: tr.querySelector('td.note')!.textContent!.trim(),
		})),
	);
	expect(rows.map((row) => row.scenario)).toEqual(Object.keys(cluster.scenarios));
	for (const row of rows) {
		const documented = cluster.scenarios[row.scenario]!;
		expect(Object.fromEntries(row.observers.map(({ who, outcomes }) => [who, outcomes])), row.scenario).toEqual(documented.observers);
		for (const { who, shown } of row.observers) expect(shown).toBe(who);
		expect(row.note).toBe(documented.note ?? '');
	}
});
