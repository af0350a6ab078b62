// Who counts as one client for the rate limits and the connection cap. Run with `npm run test:unit`.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientKey, isLoopback } from './client-address.ts';

test('an IPv4 address is one client, also when Node writes it IPv4-mapped', () => {
	assert.equal(clientKey('203.0.113.7'), '203.0.113.7');
	assert.equal(clientKey('::ffff:203.0.113.7'), '203.0.113.7');
	assert.equal(clientKey(undefined), 'unknown');
});

test('an IPv6 client is counted per /64, however it writes its address', () => {
	const key = clientKey('2001:db8:1:2:aaaa::1');
	assert.equal(key, '2001:db8:1:2::/64');
	// Another address in the same /64, written in full with leading zeros and upper case.
	assert.equal(clientKey('2001:0DB8:0001:0002:ffff:ffff:ffff:ffff'), key);
	assert.equal(clientKey('2001:db8:1:2::5%eth0'), key);
	assert.notEqual(clientKey('2001:db8:1:3::1'), key);
	assert.equal(clientKey('::1'), '0:0:0:0::/64');
});

test('loopback: 127.0.0.0/8 and ::1 only', () => {
	for (const address of ['127.0.0.1', '127.8.9.10', '::ffff:127.0.0.1', '::1']) assert.equal(isLoopback(address), true, address);
	for (const address of ['10.0.0.1', '::2', '2001:db8::1', undefined]) assert.equal(isLoopback(address), false, String(address));
});
