/**
 * Which IP addresses an outbound call must never reach (SSRF guard): loopback, private,
 * link-local (cloud metadata lives at 169.254.169.254), CGNAT, multicast, unspecified and other
 * reserved ranges, in IPv4 and IPv6. IPv6 forms that carry an IPv4 address (IPv4-mapped,
 * IPv4-compatible, NAT64, 6to4) are judged by that IPv4 address.
 */
import { isIP } from 'node:net';

interface Range {
  bytes: number[];
  prefix: number;
  label: string;
}

/** "10.0.0.0/8" -> ["10.0.0.0", 8]. The ranges below are constants: a malformed one is a bug. */
function splitCidr(cidr: string): [string, number] {
  const [address, prefix, ...extra] = cidr.split('/');
  if (address === undefined || prefix === undefined || extra.length > 0) throw new Error(`Malformed CIDR ${cidr}`);
  return [address, Number(prefix)];
}
const v4 = (cidr: string, label: string): Range => {
  const [address, prefix] = splitCidr(cidr);
  return { bytes: address.split('.').map(Number), prefix, label };
};
const v6 = (cidr: string, label: string): Range => {
  const [address, prefix] = splitCidr(cidr);
  return { bytes: parseIpv6(address)!, prefix, label };
};

const IPV4_RANGES: Range[] = [
  v4('0.0.0.0/8', 'unspecified'),
  v4('10.0.0.0/8', 'private'),
  v4('100.64.0.0/10', 'CGNAT'),
  v4('127.0.0.0/8', 'loopback'),
  v4('169.254.0.0/16', 'link-local'),
  v4('172.16.0.0/12', 'private'),
  v4('192.0.0.0/24', 'reserved'),
  v4('192.0.2.0/24', 'reserved'),
  v4('192.168.0.0/16', 'private'),
  v4('198.18.0.0/15', 'reserved'),
  v4('198.51.100.0/24', 'reserved'),
  v4('203.0.113.0/24', 'reserved'),
  v4('224.0.0.0/4', 'multicast'),
  v4('240.0.0.0/4', 'reserved'),
];

const IPV6_RANGES: Range[] = [
  v6('::/128', 'unspecified'),
  v6('::1/128', 'loopback'),
  v6('100::/64', 'reserved'),
  v6('2001:db8::/32', 'reserved'),
  v6('fc00::/7', 'private'),
  v6('fe80::/10', 'link-local'),
  v6('fec0::/10', 'private'),
  v6('ff00::/8', 'multicast'),
];

const GLOBAL_UNICAST = v6('2000::/3', 'global unicast');

/** IPv6 prefixes whose address embeds an IPv4 address, and where that address starts. */
const EMBEDDED_IPV4: Array<{ range: Range; offset: number }> = [
  { range: v6('::ffff:0:0/96', 'IPv4-mapped'), offset: 12 },
  { range: v6('::/96', 'IPv4-compatible'), offset: 12 },
  { range: v6('64:ff9b::/96', 'NAT64'), offset: 12 },
  { range: v6('2002::/16', '6to4'), offset: 2 },
];

/**
 * Why `address` must not be called ("loopback", "private"...), or undefined when it is public.
 * Anything that is not a valid IP address is refused too.
 */
export function forbiddenRange(address: string): string | undefined {
  const family = isIP(address);
  if (family === 4) return match(address.split('.').map(Number), IPV4_RANGES);
  const bytes = family === 6 ? parseIpv6(address) : undefined;
  if (!bytes) return 'not an IP address';
  const special = match(bytes, IPV6_RANGES);
  if (special) return special;
  const embedding = EMBEDDED_IPV4.find(({ range }) => inRange(bytes, range));
  if (embedding) {
    const inner = match(bytes.slice(embedding.offset, embedding.offset + 4), IPV4_RANGES);
    return inner && `${inner} (${embedding.range.label})`;
  }
  // Only 2000::/3 is allocated global unicast; everything else is reserved.
  return inRange(bytes, GLOBAL_UNICAST) ? undefined : 'reserved';
}

function match(bytes: number[], ranges: Range[]): string | undefined {
  return ranges.find((range) => inRange(bytes, range))?.label;
}

function inRange(bytes: number[], range: Range): boolean {
  for (let bit = 0; bit < range.prefix; bit += 8) {
    const width = Math.min(8, range.prefix - bit);
    const mask = (0xff << (8 - width)) & 0xff;
    // A missing byte compares as 0, as it always has (`undefined & mask` is 0).
    if (((bytes[bit / 8] ?? 0) & mask) !== ((range.bytes[bit / 8] ?? 0) & mask)) return false;
  }
  return true;
}

/** "::ffff:127.0.0.1" -> 16 bytes; undefined when malformed. Zone ids (%eth0) are ignored. */
function parseIpv6(text: string): number[] | undefined {
  const [withoutZone = ''] = text.split('%');
  let address = withoutZone.toLowerCase();
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(address)?.[1];
  if (dotted !== undefined) {
    if (isIP(dotted) !== 4) return undefined;
    tail.push(...dotted.split('.').map(Number));
    address = address.slice(0, -dotted.length) + '0:0';
  }
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const [before = '', after] = halves;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groups(before);
  const rest = after === undefined ? [] : groups(after);
  const missing = 8 - head.length - rest.length;
  if (after === undefined ? missing !== 0 : missing < 0) return undefined;
  const all = [...head, ...Array<string>(Math.max(missing, 0)).fill('0'), ...rest];
  if (all.some((group) => !/^[0-9a-f]{1,4}$/.test(group))) return undefined;
  const bytes = all.flatMap((group) => {
    const value = parseInt(group, 16);
    return [value >> 8, value & 0xff];
  });
  if (tail.length > 0) bytes.splice(12, 4, ...tail);
  return bytes;
}
