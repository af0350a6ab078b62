// Which inline scripts the CSP allows by hash (run with `npm run test:unit`).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { test } from 'node:test';
import { inlineScriptHashes } from './security-headers.ts';

const hash = (source: string) => `'sha256-${createHash('sha256').update(source, 'utf8').digest('base64')}'`;

test('scripts that run are hashed: no type, a module, a JavaScript MIME type', () => {
	const html = '<script>a()</script><script type="module">b()</script><script type=text/javascript>c()</script><script type=\'application/javascript\'>d()</script>';
	assert.deepEqual(inlineScriptHashes(html).sort(), [hash('a()'), hash('b()'), hash('c()'), hash('d()')].sort());
});

test('data blocks and scripts with a src are not', () => {
	const html =
		'<script type="text/html"><div class="ec-line">x</div></script>' +
		'<script type="application/json">{"a":1}</script>' +
		'<script type="application/ld+json">{}</script>' +
		'<script type="module" src="/a.js"></script>' +
		'<script src="/b.js">ignored()</script>';
	assert.deepEqual(inlineScriptHashes(html), []);
});

test('an empty script needs no hash; the same script twice gives one', () => {
	assert.deepEqual(inlineScriptHashes('<script></script><script>x()</script><script>x()</script>'), [hash('x()')]);
});
