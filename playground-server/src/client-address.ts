import { isIPv6 } from 'node:net';

/**
 * The key a client is counted under for rate limits and the connection cap. An IPv4 address
 * is one client; an IPv6 client usually holds a whole /64 and can pick any address in it, so
 * IPv6 addresses are counted per /64. IPv4-mapped IPv6 (::ffff:1.2.3.4) counts as the IPv4.
 */
export function clientKey(address: string | undefined): string {
	if (!address) return 'unknown';
	const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
	if (mapped) return mapped[1]!;
	if (!isIPv6(address)) return address;
	return `${expandIPv6(address).slice(0, 4).join(':')}::/64`;
}

/** The eight groups of an IPv6 address, without zone, as lower-case hex without leading zeros. */
function expandIPv6(address: string): string[] {
	const [head = '', tail] = address.split('%')[0]!.toLowerCase().split('::');
	const left = head ? head.split(':') : [];
	const right = tail ? tail.split(':') : [];
	const groups = tail === undefined ? left : [...left, ...Array(8 - left.length - right.length).fill('0'), ...right];
	return groups.map((group) => (group.includes('.') ? group : Number.parseInt(group, 16).toString(16)));
}

export function isLoopback(address: string | undefined): boolean {
	return address === '::1' || clientKey(address).startsWith('127.');
}
