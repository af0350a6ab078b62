#!/usr/bin/env node
// ws-auth-check: audits a socket.io server, or a plain WebSocket one (--protocol ws), from the
// outside. Exit 0 when nothing FAILs, 1 when something does, 2 when nothing could be audited
// (usage error, unreachable server).
import { readArgs, USAGE, UsageError } from './args.mjs';
import { WAITS_MS } from './facts.mjs';
import { unreachableReason } from './reachability.mjs';
import { observePlainWebSocket } from './plain-websocket.mjs';
import { formatHeader, formatJson, formatLine, formatSummary, resultOf, summaryOf } from './report.mjs';
import { observeAll, Sent } from './scenarios.mjs';
import { tokenMaker } from './tokens.mjs';

const EXIT = { clean: 0, failed: 1, notAudited: 2 };

/**
 * @param {string[]} argv
 * @returns {Promise<number>} the exit code
 */
async function main(argv) {
	let config;
	try {
		const read = readArgs(argv);
		if (read.help) {
			console.log(USAGE);
			return EXIT.clean;
		}
		config = read;
	} catch (error) {
		if (!(error instanceof UsageError)) throw error;
		console.error(`ws-auth-check: ${error.message}\nRun "ws-auth-check --help" for the options.`);
		return EXIT.notAudited;
	}

	const unreachable = await unreachableReason(config.url, WAITS_MS.connect * config.scale);
	if (unreachable !== undefined) {
		console.error(`ws-auth-check: cannot reach ${config.url.origin} (${unreachable}); nothing was audited. Is the server running?`);
		return EXIT.notAudited;
	}

	if (!config.json) console.log(formatHeader(config));
	const sent = new Sent();
	const results = [];
	const observe = config.protocol === 'ws' ? observePlainWebSocket : observeAll;
	for await (const observation of observe(config, tokenMaker(config.signing), sent)) {
		const result = resultOf(observation, config.signing.sub, config.docsUrl, config.signing.userClaim);
		results.push(result);
		if (!config.json) console.log(formatLine(result));
	}
	// performance.now() counts from the process's start: the whole run, start-up included.
	const summary = summaryOf(results, sent, performance.now());
	console.log(config.json ? formatJson(results, summary, config.docsUrl) : formatSummary(summary, results, config.docsUrl));
	return summary.fail > 0 ? EXIT.failed : EXIT.clean;
}

// exitCode, not exit(): the output is flushed, and a handle left open would show as a hang in
// the tests rather than be hidden.
process.exitCode = await main(process.argv.slice(2));
