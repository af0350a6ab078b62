// "What it costs" renders bench/results.json: every table cell shows the file's figure, written
// the way the page writes it, and every chart has an accessible name. No figure is judged: the
// benchmark's numbers belong to the machine that measured them.
import { expect, test, type Page } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { count, fixed, kilobytes, megabytes, ms, range, ratio } from '../../site/components/cost/format.ts';
import { SITE } from './site.ts';

const results = JSON.parse(readFileSync(new URL('../../bench/results.json', import.meta.url), 'utf8'));

type Format = (value: never) => string;
const FLOOD: Array<[string, Format]> = [
	['openAfterSettle.engineClients', count],
	['openAfterSettle.sockets./', count],
	['handshakes', count],
	['client.reconnectAttempts', count],
	['memory.heapGrowth', megabytes],
	['memory.rssGrowth', megabytes],
];
const REJECTION: Array<[string, Format]> = [
	['rejection.event', (event: string | null) => event ?? 'nothing'],
	['rejection.alone.p50Ms', ms],
	['rejection.alone.p95Ms', ms],
	['rejection.p50Ms', ms],
	['rejection.p95Ms', ms],
];
const AUTH: Array<[string, Format]> = [
	['connectionsPerSecond', (value: number) => fixed(value, 0)],
	['ratio.connectionsPerSecond', ratio],
	['serverCpuMsPerConnection', (value: number) => fixed(value, 2)],
	['ratio.serverCpuPerConnection', ratio],
	['roundTripMsP50', (value: number) => fixed(value, 2)],
	['ratio.roundTripP50', ratio],
	['roundTripMsP95', (value: number) => fixed(value, 2)],
];
const SEVERAL_NODES: Array<[string, Format]> = [
	['oneNode.p50Ms', (value: number) => fixed(value, 2)],
	['oneNode.p95Ms', (value: number) => fixed(value, 2)],
	['twoNodes.p50Ms', (value: number) => fixed(value, 2)],
	['twoNodes.p95Ms', (value: number) => fixed(value, 2)],
	['ratio.p50', ratio],
	['ratio.p95', ratio],
];
const twoDecimals = (value: number) => fixed(value, 2);
const oneDecimal = (value: number) => fixed(value, 1);
const PROXY: Array<[string, Format]> = [
	['direct.p50Ms', twoDecimals],
	['direct.p95Ms', twoDecimals],
	['pipe.p50Ms', twoDecimals],
	['pipeRatio.p50', ratio],
	['playground.p50Ms', twoDecimals],
	['playground.p95Ms', twoDecimals],
	['ratio.p50', ratio],
	['ratio.p95', ratio],
];
const VISITORS_MEMORY: Array<[string, Format]> = ['playground', 'example'].flatMap((name): Array<[string, Format]> => [
	[`rssMB.${name}.before`, oneDecimal],
	[`rssMB.${name}.with`, oneDecimal],
	[`rssMB.${name}.perVisitor`, twoDecimals],
]);
const VISITORS_ROUND_TRIP: Array<[string, Format]> = [
	['connected', count],
	['roundTrip.answered', count],
	['roundTrip.p50Ms', twoDecimals],
	['roundTrip.p95Ms', twoDecimals],
	['roundTrip.ratio.p50', ratio],
	['roundTrip.ratio.p95', ratio],
];
/** The stalled visitor's table: the same visitors without it (no ratio: it is the reference) and during its burst. */
const STALLED_ROUND_TRIP = (row: { id: string }): Array<[string, Format]> => [
	['answered', count],
	['p50Ms', twoDecimals],
	['p95Ms', twoDecimals],
	...(row.id === 'during' ? ([['ratio.p50', ratio], ['ratio.p95', ratio]] as Array<[string, Format]>) : []),
];
const STALLED_MEMORY: Array<[string, Format]> = [
	['before', oneDecimal],
	['peak', oneDecimal],
	['after', oneDecimal],
	['afterLeaving', oneDecimal],
];
const EVENT_FLOOD: Array<[string, Format]> = [
	['acked', count],
	['broadcastsToBob', count],
	['bobMessage', (reply: string) => (reply.startsWith('ack:') ? 'served' : `refused (${reply.replace(/^exception:/, '')})`)],
	['answeredSeconds', (value: number) => fixed(value, 2)],
	['serverCpuMs', (value: number | null) => (value === null ? 'not measured' : count(value))],
];
const SITE_FIELDS: Array<[string, Format]> = [
	['scores.performance', String],
	['scores.accessibility', String],
	['scores.best-practices', String],
	['scores.seo', String],
	['lcpMs', (value: number) => count(Math.round(value))],
	['tbtMs', (value: number) => count(Math.round(value))],
	['cls', (value: number) => fixed(value, 3)],
	['jsBytes', kilobytes],
	['htmlGzipBytes', (value: number | undefined) => (value === undefined ? 'not measured' : kilobytes(value))],
	['domElements', (value: number | null | undefined) => (typeof value === 'number' ? count(value) : 'not measured')],
	['performanceRuns', (runs: number[] | undefined) => runs?.join(', ') ?? 'not measured'],
];

/** `a.b./` → row.a.b["/"]: the field names the page puts in data-field. */
function pick(row: Record<string, unknown>, field: string): unknown {
	const [head, ...rest] = field.split('.');
	const path = head === 'scores' ? [head, rest.join('.')] : [head, ...rest];
	return path.reduce<unknown>((value, key) => (value as Record<string, unknown>)[key], row);
}

/**
 * Every (row, field) cell of a table shows the file's value, formatted, and carries it raw.
 * `fields`: the same for every row, or chosen per row.
 */
async function expectTable(
	page: Page,
	table: string,
	rows: Array<Record<string, unknown>>,
	key: (row: never) => string,
	fields: Array<[string, Format]> | ((row: never) => Array<[string, Format]>),
) {
	const fieldsOf = (row: Record<string, unknown>) => (typeof fields === 'function' ? fields(row as never) : fields);
	const cells = page.locator(`table[data-table="${table}"] td[data-field]`);
	await expect(cells).toHaveCount(rows.reduce((sum, row) => sum + fieldsOf(row).length, 0));
	const rendered = await cells.evaluateAll((tds) =>
		tds.map((td) => ({ row: td.getAttribute('data-row'), field: td.getAttribute('data-field'), value: td.getAttribute('data-value'), text: td.textContent?.trim() })),
	);
	const expected = rows.flatMap((row) =>
		fieldsOf(row).map(([field, format]) => {
			const value = pick(row, field);
			return { row: key(row as never), field, value: String(value), text: format(value as never) };
		}),
	);
	const byKey = (cell: { row: string | null; field: string | null }) => `${cell.row} ${cell.field}`;
	expect([...rendered].sort((a, b) => byKey(a).localeCompare(byKey(b)))).toEqual(expected.sort((a, b) => byKey(a).localeCompare(byKey(b))));
}

test.describe('What it costs', () => {
	test.beforeEach(async ({ page }) => {
		const response = await page.goto(`${SITE}/cost/`);
		expect(response?.status()).toBe(200);
	});

	test('the flood tables show bench/results.json', async ({ page }) => {
		const id = (row: { id: string }) => row.id;
		await expectTable(page, 'flood', results.flood, id, FLOOD);
		await expectTable(page, 'rejection', results.flood, id, REJECTION);
		for (const row of results.flood) {
			await expect(page.locator(`table[data-table="flood"] tr[data-row="${row.id}"] th`)).toHaveText(row.label);
		}
	});

	test('the auth table shows bench/results.json', async ({ page }) => {
		await expectTable(page, 'auth', results.auth, (row: { id: string }) => row.id, AUTH);
	});

	test('the several-nodes table and the sentence under it show bench/results.json', async ({ page }) => {
		const { broadcast, revocation } = results.severalNodes;
		const rows = [
			{ id: 'broadcast', ...broadcast },
			{ id: 'revocation', ...revocation },
		];
		await expectTable(page, 'several-nodes', rows, (row: { id: string }) => row.id, SEVERAL_NODES);
		await expect(page.locator('table[data-table="several-nodes"] caption')).toContainText(`${count(broadcast.messages)} broadcasts and ${count(revocation.revocations)} revocations on each side`);
		const main = page.locator('main');
		for (const { oneNode, twoNodes, ratio: times } of rows) {
			await expect(main).toContainText(`${fixed(twoNodes.p50Ms, 2)} ms, ${ratio(times.p50)} the ${fixed(oneNode.p50Ms, 2)} ms of one node`);
		}
		await expect(main).toContainText(
			`in ${count(revocation.exceptionFirst.oneNode)} of ${count(revocation.revocations)} revocations on one node and ${count(revocation.exceptionFirst.twoNodes)} of ${count(revocation.revocations)} on two`,
		);
	});

	test('the proxy table and the sentence under it show bench/results.json', async ({ page }) => {
		const { roundTrip, handshake } = results.proxy;
		const rows = [
			{ id: 'roundTrip', ...roundTrip },
			{ id: 'handshake', ...handshake },
		];
		await expectTable(page, 'proxy', rows, (row: { id: string }) => row.id, PROXY);
		await expect(page.locator('table[data-table="proxy"] caption')).toContainText(`${count(roundTrip.messages)} messages and ${count(handshake.requests)} handshakes each way`);
		const main = page.locator('main');
		await expect(main).toContainText(
			`a message took ${twoDecimals(roundTrip.playground.p50Ms)} ms through the playground against ${twoDecimals(roundTrip.direct.p50Ms)} ms direct (${ratio(roundTrip.ratio.p50)})`,
		);
		await expect(main).toContainText(`a handshake ${twoDecimals(handshake.playground.p50Ms)} ms against ${twoDecimals(handshake.direct.p50Ms)} ms (${ratio(handshake.ratio.p50)})`);
	});

	test('the visitors tables show bench/results.json, a row per level', async ({ page }) => {
		const { levels } = results.visitors;
		const key = (row: { visitors: number }) => String(row.visitors);
		await expectTable(page, 'visitors-memory', levels, key, VISITORS_MEMORY);
		await expectTable(page, 'visitors-round-trip', levels, key, VISITORS_ROUND_TRIP);
		for (const level of levels) {
			await expect(page.locator(`table[data-table="visitors-round-trip"] tr[data-row="${level.visitors}"] th`)).toHaveText(count(level.visitors));
		}
		const most = levels[levels.length - 1];
		await expect(page.locator('main')).toContainText(
			`a message took ${twoDecimals(most.roundTrip.p50Ms)} ms at p50, ${ratio(most.roundTrip.ratio.p50)} the ${twoDecimals(levels[0].roundTrip.p50Ms)} ms of one visitor`,
		);
	});

	test('the stalled visitor: its tables and what became of its sockets show bench/results.json', async ({ page }) => {
		const { levels, stalled } = results.visitors;
		const alone = levels.find((level: { visitors: number }) => level.visitors === stalled.level);
		const rows = [
			{ id: 'without', ...alone.roundTrip },
			{ id: 'during', ...stalled.roundTrip },
		];
		await expectTable(page, 'stalled-round-trip', rows, (row: { id: string }) => row.id, STALLED_ROUND_TRIP);
		const memory = ['playground', 'example'].map((id) => ({ id, ...stalled.rssMB[id] }));
		await expectTable(page, 'stalled-memory', memory, (row: { id: string }) => row.id, STALLED_MEMORY);

		const main = page.locator('main');
		const sockets: Array<{ serverClosedAfterSeconds: number | null; bytesRead: number; messagesRead: number; closeCode: number | null }> = stalled.stalledSockets;
		await expect(main).toContainText(`${count(stalled.burst.acked)} messages in ${oneDecimal(stalled.burst.seconds)} s`);
		const closed = sockets.filter((socket) => socket.serverClosedAfterSeconds !== null);
		await expect(main).toContainText(
			closed.length === 0
				? `The server had not closed any of the ${count(sockets.length)} connections`
				: `${count(sockets.length)} connections ${range(
						closed.map((socket) => socket.serverClosedAfterSeconds as number),
						oneDecimal,
					)} s after the burst began`,
		);
		await expect(main).toContainText(
			`each socket got ${range(
				sockets.map((socket) => socket.bytesRead),
				kilobytes,
			)} KB (${range(
				sockets.map((socket) => socket.messagesRead),
				count,
			)} of the ${count(stalled.burst.acked)} messages)`,
		);
		const codes = [...new Set(sockets.flatMap((socket) => (socket.closeCode === null ? [] : [socket.closeCode])))];
		await expect(main).toContainText(codes.length === 0 ? 'no close frame came' : `a close frame came, code ${codes.join(' or ')}`);
	});

	test('the event flood table shows bench/results.json, a row per rate limit', async ({ page }) => {
		const { rows, meta } = results.eventFlood;
		const key = (row: { throttle: string | null }) => row.throttle ?? 'none';
		await expectTable(page, 'event-flood', rows, key, EVENT_FLOOD);
		for (const row of rows) {
			const refused = page.locator(`table[data-table="event-flood"] tr[data-row="${key(row)}"] td[data-refused]`);
			await expect(refused).toHaveAttribute('data-refused', JSON.stringify(row.refused));
		}
		await expect(page.locator('table[data-table="event-flood"] caption')).toContainText(`Alice sends ${count(meta.settings.events)} messages at once`);
	});

	test('the site table shows bench/results.json', async ({ page }) => {
		if (results.site === null) {
			await expect(page.locator('[data-table="site"]')).toContainText('npm run bench:site');
			return;
		}
		await expectTable(page, 'site', results.site.pages, (row: { path: string; formFactor: string }) => `${row.path} ${row.formFactor}`, SITE_FIELDS);
	});

	test('every chart is an image with an accessible name and description, and real text', async ({ page }) => {
		const charts = page.locator('.cost-charts svg');
		expect(await charts.count()).toBeGreaterThanOrEqual(1);
		for (const chart of await charts.all()) {
			await expect(chart).toHaveAttribute('role', 'img');
			await expect(chart).toHaveAccessibleName(/\S/);
			await expect(chart).toHaveAccessibleDescription(/\S/);
			// Labels are text, one per approach, not pictures of text.
			for (const row of results.flood) await expect(chart.locator('text.label', { hasText: row.label }).first()).toBeAttached();
		}
		await expect(page.getByRole('img', { name: `Connections still open ${results.meta.settings.flood.settleMs / 1000} s after ${count(results.meta.settings.flood.attempts)} attempts without a token` })).toBeVisible();
	});

	test('the charts and tables are drawn at build time, with no script', async ({ page }) => {
		// Starlight's own scripts (theme, search, the code block's copy button) are on every page.
		await expect(page.locator('.cost-charts')).toHaveCount(1);
		await expect(page.locator('.cost-charts script, .cost-table script, .table-scroll script')).toHaveCount(0);
	});
});
