/**
 * Which network addresses a webhook may reach. Pure and browser-safe (no Node
 * imports): the validator checks literal URL hosts with it, and the Node
 * lookup checks every resolved address with it at connect time.
 *
 * An IPv6 address that embeds an IPv4 one (IPv4-mapped `::ffff:127.0.0.1` alias
 * `::ffff:7f00:1`, IPv4-compatible, NAT64 `64:ff9b::/96`, 6to4 `2002::/16`) is
 * judged by the IPv4 address inside: filters that missed those forms are how
 * SSRF checks are usually bypassed.
 */

/** Who may reach what an admin allow-listed. */
export type AddressAllowList = {
  /** Private ranges: 10/8, 172.16/12, 192.168/16, 100.64/10, fc00::/7, fec0::/10. */
  allowPrivate?: boolean;
  /** Host names (or literal addresses) allowed whatever they resolve to. */
  hosts?: string[];
  /** Address ranges (`127.0.0.1/32`, `::1`, `10.1.0.0/16`) allowed, any kind included. */
  cidrs?: string[];
};

/**
 * Every address: what a connection an admin stored may reach. The admin chose
 * its host (documents can only name it), so the policy that keeps documents
 * from reaching internal addresses does not apply; sockets stay refused.
 */
export const ANY_ADDRESS: Readonly<AddressAllowList> = Object.freeze({ cidrs: ['0.0.0.0/0', '::/0'] });

export type AddressKind = 'public' | 'loopback' | 'private' | 'link-local' | 'unspecified' | 'multicast' | 'reserved';

interface Ip {
  version: 4 | 6;
  bytes: number[];
}

function parseIPv4(text: string): Ip | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text);
  if (!m) return undefined;
  const bytes = m.slice(1).map(Number);
  return bytes.every((b) => b <= 255) ? { version: 4, bytes } : undefined;
}

function parseIPv6(text: string): Ip | undefined {
  let s = text.replace(/%.*$/, ''); // zone id (fe80::1%eth0)
  let tail: number[] = [];
  const v4 = /^(.*:)(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
  if (v4) {
    const ip = parseIPv4(v4[2]);
    if (!ip) return undefined;
    tail = ip.bytes;
    s = v4[1].endsWith('::') ? v4[1] : v4[1].slice(0, -1);
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (part: string) => (part === '' ? [] : part.split(':'));
  const head = groups(halves[0]);
  const rest = halves.length === 2 ? groups(halves[1]) : [];
  const want = 8 - tail.length / 2;
  const fill = halves.length === 2 ? want - head.length - rest.length : 0;
  if (fill < 0 || (halves.length === 1 && head.length !== want) || (halves.length === 2 && fill < 1)) return undefined;
  const words = [...head, ...Array<string>(fill).fill('0'), ...rest];
  if (!words.every((w) => /^[0-9a-fA-F]{1,4}$/.test(w))) return undefined;
  const bytes = words.flatMap((w) => [parseInt(w, 16) >> 8, parseInt(w, 16) & 255]);
  return { version: 6, bytes: [...bytes, ...tail] };
}

/** Parses an IPv4 or IPv6 address (brackets and zone id allowed); undefined for a host name. */
export function parseIp(text: string): Ip | undefined {
  const s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return parseIPv4(s) ?? (s.includes(':') ? parseIPv6(s) : undefined);
}

const startsWith = (bytes: number[], prefix: number[], bits: number): boolean => {
  for (let i = 0; i < bits; i++) {
    const mask = 0x80 >> i % 8;
    if ((bytes[i >> 3] & mask) !== (prefix[i >> 3] & mask)) return false;
  }
  return true;
};

/** The IPv4 address an IPv6 address carries, if it is one of the embedding forms. */
function embeddedIPv4(ip: Ip): Ip | undefined {
  const b = ip.bytes;
  const zeros = (from: number, to: number) => b.slice(from, to).every((x) => x === 0);
  const last4 = { version: 4 as const, bytes: b.slice(12) };
  if (zeros(0, 10) && b[10] === 0xff && b[11] === 0xff) return last4; // ::ffff:a.b.c.d
  if (zeros(0, 12) && !(zeros(12, 15) && b[15] <= 1)) return last4; // ::a.b.c.d (not :: or ::1)
  if (startsWith(b, [0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0], 96)) return last4; // NAT64
  if (b[0] === 0x20 && b[1] === 0x02) return { version: 4, bytes: b.slice(2, 6) }; // 6to4
  return undefined;
}

/** The address as an IPv4 one when it embeds one, so every rule sees one form. */
function canonical(ip: Ip): Ip {
  return ip.version === 6 ? (embeddedIPv4(ip) ?? ip) : ip;
}

type Range = [prefix: number[], bits: number, kind: AddressKind];
const V4_RANGES: Range[] = [
  [[0, 0, 0, 0], 8, 'unspecified'],
  [[127, 0, 0, 0], 8, 'loopback'],
  [[10, 0, 0, 0], 8, 'private'],
  [[172, 16, 0, 0], 12, 'private'],
  [[192, 168, 0, 0], 16, 'private'],
  [[100, 64, 0, 0], 10, 'private'],
  [[169, 254, 0, 0], 16, 'link-local'],
  [[192, 0, 0, 0], 24, 'reserved'],
  [[198, 18, 0, 0], 15, 'reserved'],
  [[224, 0, 0, 0], 4, 'multicast'],
  [[240, 0, 0, 0], 4, 'reserved'],
];
const V6_RANGES: Range[] = [
  [[0xfe, 0x80], 10, 'link-local'],
  [[0xfe, 0xc0], 10, 'private'],
  [[0xfc, 0x00], 7, 'private'],
  [[0xff, 0x00], 8, 'multicast'],
];

/** What kind of address this is; undefined when the text is not an address. */
export function addressKind(address: string): AddressKind | undefined {
  const parsed = parseIp(address);
  if (!parsed) return undefined;
  const ip = canonical(parsed);
  if (ip.version === 6) {
    if (ip.bytes.every((b) => b === 0)) return 'unspecified';
    if (ip.bytes.slice(0, 15).every((b) => b === 0) && ip.bytes[15] === 1) return 'loopback';
  }
  const ranges = ip.version === 4 ? V4_RANGES : V6_RANGES;
  return ranges.find(([prefix, bits]) => startsWith(ip.bytes, prefix, bits))?.[2] ?? 'public';
}

function inCidr(address: Ip, cidr: string): boolean {
  const [base, bitsText] = cidr.trim().split('/');
  const parsed = parseIp(base);
  if (!parsed) return false;
  const range = canonical(parsed);
  const bits = bitsText === undefined ? range.bytes.length * 8 : Number(bitsText);
  if (!Number.isInteger(bits) || bits < 0 || bits > range.bytes.length * 8) return false;
  // Compare like with like: a v4 range matches a v4 address in any of its IPv6 disguises.
  const ip = range.version === 4 ? canonical(address) : address;
  return ip.version === range.version && startsWith(ip.bytes, range.bytes, bits);
}

const normalHost = (host: string) => host.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');

/** True when the admin allow-listed this host name. */
export function hostAllowed(host: string, allow: AddressAllowList): boolean {
  return (allow.hosts ?? []).some((h) => normalHost(h) === normalHost(host));
}

/**
 * Why `address` (reached through `host`) is refused, or undefined when it may be
 * reached: public addresses always, the others only if allow-listed.
 *
 * @example
 *   refusedAddress('::ffff:7f00:1', 'x', {}) // 'a loopback address (::ffff:7f00:1)'
 *   refusedAddress('127.0.0.1', 'x', { cidrs: ['127.0.0.1/32'] }) // undefined
 */
export function refusedAddress(address: string, host: string, allow: AddressAllowList): string | undefined {
  const kind = addressKind(address);
  if (kind === undefined) return `not an IP address (${address})`;
  if (kind === 'public' || hostAllowed(host, allow)) return undefined;
  if (kind === 'private' && allow.allowPrivate) return undefined;
  const ip = parseIp(address)!;
  if ((allow.cidrs ?? []).some((c) => inCidr(ip, c))) return undefined;
  return `${kind === 'unspecified' ? 'an' : 'a'} ${kind} address (${address})`;
}

/** Checks an allow-list entry; a message when it is not a valid address range. */
export function checkCidr(cidr: string): string | undefined {
  const [base, bits] = cidr.trim().split('/');
  const ip = parseIp(base);
  if (!ip) return `"${cidr}" is not an address or address range`;
  if (bits !== undefined && !(/^\d{1,3}$/.test(bits) && Number(bits) <= ip.bytes.length * 8)) return `"${cidr}" has an invalid prefix length`;
  return undefined;
}
