// Before any scenario: can a TCP connection to the server be opened at all? Without this, an
// unreachable server would look like a server that refuses everyone: every attack "PASS"es.
import { connect } from 'node:net';

/**
 * Resolves with `undefined` when a TCP connection to the URL's host and port opens, or with the
 * reason it does not (`ECONNREFUSED`, `ENOTFOUND`, `no answer after 5000 ms`...).
 * @param {URL} url
 * @param {number} timeoutMs
 * @returns {Promise<string | undefined>}
 */
export function unreachableReason(url, timeoutMs) {
	const secure = url.protocol === 'https:' || url.protocol === 'wss:';
	const port = Number(url.port || (secure ? 443 : 80));
	// URL keeps IPv6 literals in brackets; net.connect wants them bare.
	const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
	return new Promise((resolve) => {
		const socket = connect({ host, port });
		const done = (/** @type {string | undefined} */ reason) => {
			clearTimeout(timer);
			socket.destroy();
			resolve(reason);
		};
		const timer = setTimeout(() => done(`no answer after ${timeoutMs} ms`), timeoutMs);
		socket.once('connect', () => done(undefined));
		socket.once('error', (/** @type {NodeJS.ErrnoException} */ error) => done(error.code ?? error.message));
	});
}
