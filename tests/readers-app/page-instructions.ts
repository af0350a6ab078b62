import type { Page } from '@playwright/test';
import type { ChangeLine } from './apply-change.ts';
import { choiceId, CHOICES, NESTJS_MAJORS, type ChoiceGroup, type Choices, type NestjsMajor } from '../../site/lib/readers-app.ts';
import type { CopyInstructions } from './readers-app.ts';

/**
 * Reads a page's "Add it to your app" instructions from the built page, as a reader
 * gets them: each block's text is what its copy button copies (Expressive Code's `data-code`,
 * newlines encoded as U+007F, decoded as its copy script does), and a diff is read line by line
 * as rendered (`ec-line ins` added, `ec-line del` removed, the rest context).
 *
 * The page marks its blocks (each attribute on an element containing one Expressive Code block):
 * - `data-app-install` + `data-nestjs="11"|"12"`: the install command for that NestJS major;
 * - `data-app-file="src/…"`: a whole new file, titled with that path;
 * - `data-app-change="src/…"`: a diff for a file the reader has, titled with that path, whose copy
 *   button copies its lines to add;
 * - `data-app-module-import="src/…"`: an entry for the `imports` array of that root module;
 * - `data-app-env`: `export NAME=value` lines (one block or several, run in page order);
 * - `data-app-token`: a command printing a token for alice (none on a page whose steps follow
 *   another page's: the reader mints the token as that page says).
 *
 * A block inside `data-choice="<group>:<value>"` (a tab of ChoiceTabs) is read only when the
 * reader's app makes that choice (`choices`); a block marked `data-try-it` (a demo secret and a
 * token signed with it) only with `tryIt`, for an app that has no login of its own.
 *
 * `path` is the page's path, for messages; the page must be open already.
 */
export async function readCopyInstructions(
	page: Page,
	path: string,
	{ choices, tryIt }: { choices: Choices; tryIt: boolean },
): Promise<CopyInstructions> {
	const raw = await page.evaluate(() => {
		const blocks = (selector: string) =>
			[...document.querySelectorAll(selector)].map((marker) => {
				const buttons = marker.querySelectorAll('button[data-code]');
				const code = buttons.length === 1 ? buttons[0].getAttribute('data-code')!.replace(/\u007f/g, '\n') : null;
				const lines = [...marker.querySelectorAll('.ec-line')].map((line) => {
					const text = line.querySelector('.code')?.textContent ?? '';
					return {
						kind: line.classList.contains('ins') ? 'add' : line.classList.contains('del') ? 'remove' : 'context',
						// An empty line renders as a lone newline.
						text: text === '\n' ? '' : text,
					};
				});
				return {
					buttons: buttons.length,
					code,
					lines,
					title: marker.querySelector('figcaption .title')?.textContent?.trim() ?? null,
					nestjs: marker.getAttribute('data-nestjs'),
					path: marker.getAttribute('data-app-file') ?? marker.getAttribute('data-app-change') ?? marker.getAttribute('data-app-module-import'),
					choice: marker.closest('[data-choice]')?.getAttribute('data-choice') ?? null,
					tryIt: marker.hasAttribute('data-try-it'),
				};
			});
		return {
			install: blocks('[data-app-install]'),
			files: blocks('[data-app-file]'),
			changes: blocks('[data-app-change]'),
			moduleImports: blocks('[data-app-module-import]'),
			env: blocks('[data-app-env]'),
			token: blocks('[data-app-token]'),
		};
	});

	// The blocks this reader follows: their choice's tabs, and the demo steps if they try it first.
	const chosen = new Set((Object.keys(CHOICES) as ChoiceGroup[]).map((group) => choiceId(group, choices[group])));
	const follows = (block: { choice: string | null; tryIt: boolean }) => (block.choice === null || chosen.has(block.choice)) && (tryIt || !block.tryIt);
	for (const key of ['install', 'files', 'changes', 'moduleImports', 'env', 'token'] as const) raw[key] = raw[key].filter(follows);

	const where = path;
	type Block = (typeof raw.install)[number];
	const copied = (block: Block, what: string): string => {
		if (block.code === null) throw new Error(`${where}: ${what} holds ${block.buttons} code blocks with a copy button, not one`);
		return block.code;
	};
	const one = (list: Block[], what: string): Block => {
		if (list.length !== 1) throw new Error(`${where}: expected one ${what} block, found ${list.length}`);
		return list[0];
	};
	const titled = (block: Block, what: string): string => {
		if (!block.path) throw new Error(`${where}: a ${what} block has an empty path`);
		if (block.title !== block.path) {
			throw new Error(`${where}: the ${what} block for ${block.path} is titled ${JSON.stringify(block.title)}, not its path`);
		}
		return block.path;
	};

	const install = (major: NestjsMajor) =>
		copied(one(raw.install.filter((block) => block.nestjs === major), `[data-app-install][data-nestjs="${major}"]`), `the NestJS ${major} install block`).trim();
	const instructions: CopyInstructions = {
		page: path,
		install: Object.fromEntries(NESTJS_MAJORS.map((major) => [major, [install(major)]])) as Record<NestjsMajor, string[]>,
		files: raw.files.map((block) => ({ path: titled(block, '[data-app-file]'), code: copied(block, `[data-app-file="${block.path}"]`) })),
		changes: raw.changes.map((block) => {
			const path = titled(block, '[data-app-change]');
			const copy = copied(block, `[data-app-change="${path}"]`);
			if (!block.lines.some((line) => line.kind !== 'context')) throw new Error(`${where}: the change to ${path} adds and removes nothing`);
			// What the page says its copy button gives: the lines to add, and nothing else.
			const added = block.lines.filter((line) => line.kind === 'add').map((line) => line.text.replace(/\n$/, ''));
			if (copy !== added.join('\n')) throw new Error(`${where}: the copy button of the change to ${path} copies ${JSON.stringify(copy)}, not its lines to add`);
			return { path, lines: block.lines as ChangeLine[] };
		}),
		moduleImports: raw.moduleImports.map((block) => ({ path: block.path!, entry: copied(block, `[data-app-module-import="${block.path}"]`).trim() })),
		env: raw.env.map((block) => copied(block, 'a [data-app-env] block').trim()).join('\n'),
	};
	if (raw.token.length > 1) throw new Error(`${where}: expected at most one [data-app-token] block, found ${raw.token.length}`);
	if (raw.token.length === 1) instructions.mintToken = copied(raw.token[0], 'the [data-app-token] block').trim();
	if (instructions.files.length + instructions.changes.length === 0) {
		throw new Error(`${where}: no [data-app-file] or [data-app-change] blocks: nothing to add to the reader's app`);
	}
	return instructions;
}

/**
 * The instructions of pages whose steps build on each other, as a reader follows them: every
 * install command, file, change and export of the first page, then the next one's; a file that a
 * later page gives again replaces the earlier one, and the token comes from the last page that
 * says how to mint one.
 */
export function followInOrder(pages: CopyInstructions[]): CopyInstructions {
	const [first, ...rest] = pages;
	if (!first) throw new Error('followInOrder: no pages');
	return rest.reduce<CopyInstructions>(
		(done, next) => ({
			page: `${done.page} then ${next.page}`,
			install: Object.fromEntries(Object.entries(done.install).map(([major, commands]) => [major, [...commands, ...next.install[major as NestjsMajor]]])) as Record<NestjsMajor, string[]>,
			files: [...done.files.filter((file) => !next.files.some((again) => again.path === file.path)), ...next.files],
			changes: [...done.changes, ...next.changes],
			moduleImports: [...done.moduleImports, ...next.moduleImports],
			env: [done.env, next.env].filter(Boolean).join('\n'),
			mintToken: next.mintToken ?? done.mintToken,
		}),
		first,
	);
}
