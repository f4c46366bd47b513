import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';
// The subpath: the sender thread loads this file, and needs none of the contract's schemas.
import { fieldMessage } from '@tradepost/web-contract/field-messages';

/**
 * The SSRF rule of webhooks.md "Endpoints and secrets": a receiver must be `https://` on a public
 * address. Loopback, private, link-local, unique-local (and the other non-routable ranges below)
 * are refused unless the operator allows private targets (TRADEPOST_WEBHOOK_ALLOW_PRIVATE=1).
 * Checked when an endpoint is saved (the URL's form, a literal address, `localhost`) and again at
 * every delivery after resolving the host, on the very address the connection then uses.
 */
const blocked = new BlockList();
for (const [net, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata lives here)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, broadcast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv4');
}
for (const [net, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['64:ff9b:1::', 48], // local-use NAT64 (RFC 8215): translated into the operator's own network
  ['fc00::', 7], // unique-local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated, still routed privately)
  ['ff00::', 8], // multicast
] as const) {
  blocked.addSubnet(net, prefix, 'ipv6');
}

/**
 * IPv6 forms that carry an IPv4 address: mapped (::ffff:a.b.c.d), compatible (::a.b.c.d, ::/96,
 * which also holds :: and ::1), translated (::ffff:0:a.b.c.d), NAT64 (64:ff9b::/96), 6to4 (2002::/16).
 */
function embeddedIpv4(ip: string): string | null {
  const lower = ip.toLowerCase();
  const dotted = /^(?:::ffff:|::ffff:0:|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/.exec(lower);
  if (dotted) return dotted[1]!;
  const groups = expandIpv6(lower);
  if (!groups) return null;
  const v4 = (hi: number, lo: number) => `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
  const zeros = (from: number, to: number) => groups.slice(from, to).every((g) => g === 0);
  if (zeros(0, 5) && (groups[5] === 0xffff || groups[5] === 0)) return v4(groups[6]!, groups[7]!);
  if (zeros(0, 4) && groups[4] === 0xffff && groups[5] === 0) return v4(groups[6]!, groups[7]!);
  if (groups[0] === 0x64 && groups[1] === 0xff9b && groups.slice(2, 6).every((g) => g === 0)) {
    return v4(groups[6]!, groups[7]!);
  }
  if (groups[0] === 0x2002) return v4(groups[1]!, groups[2]!);
  return null;
}

function expandIpv6(ip: string): number[] | null {
  if (isIP(ip) !== 6 || ip.includes('.')) return null;
  const [head, tail] = ip.split('::') as [string, string | undefined];
  const parse = (s: string) => (s === '' ? [] : s.split(':').map((g) => parseInt(g, 16)));
  const h = parse(head);
  const t = tail === undefined ? [] : parse(tail);
  const fill = tail === undefined ? 0 : 8 - h.length - t.length;
  return [...h, ...new Array<number>(fill).fill(0), ...t];
}

/** True when `ip` (a literal IPv4/IPv6 address) is in a range webhooks may not reach. */
export function isPrivateAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return true; // not an address at all: never "public"
  if (family === 4) return blocked.check(ip, 'ipv4');
  const v4 = embeddedIpv4(ip);
  if (v4 !== null) return blocked.check(v4, 'ipv4');
  return blocked.check(ip, 'ipv6');
}

/** A resolver: host name → every address it resolves to. Injected by tests; dns.lookup otherwise. */
export type Resolver = (host: string) => Promise<Array<{ address: string; family: number }>>;

export const systemResolver: Resolver = (host) => dnsLookup(host, { all: true, verbatim: true });

export interface AddressPolicy {
  allowPrivate: boolean;
  resolver?: Resolver;
}

/**
 * Appended to the refusals a local receiver meets: whoever runs the server (CLI, logs) learns how
 * to allow one; a merchant, who cannot change the server's settings, what to give instead.
 */
export const LOCAL_RECEIVER_HINT = {
  operator: 'set TRADEPOST_WEBHOOK_ALLOW_PRIVATE=1 on the server and the CLI for local receivers',
  merchant: fieldMessage('publicUrlHint'),
} as const;

/** Why a URL or address is refused, in words for its reader; null when it is acceptable. */
export function urlProblem(
  raw: string,
  policy: AddressPolicy,
  reader: keyof typeof LOCAL_RECEIVER_HINT = 'operator',
): string | null {
  const hint = LOCAL_RECEIVER_HINT[reader];
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return fieldMessage('urlAbsolute');
  }
  if (raw.length > 2048) return fieldMessage('maxChars', { max: 2048 });
  if (url.username || url.password) return fieldMessage('urlCredentials');
  // With local receivers allowed, the hint on how to allow them would send the reader in circles.
  if (policy.allowPrivate) {
    if (url.protocol !== 'https:' && url.protocol !== 'http:') return fieldMessage('urlHttpOrHttps');
  } else if (url.protocol !== 'https:') return fieldMessage('urlHttps', { hint });
  if (url.hash) return fieldMessage('urlFragment');
  if (url.port === '0') return fieldMessage('urlPort');
  const host = hostOf(url);
  if (!policy.allowPrivate) {
    if (host === 'localhost' || host.endsWith('.localhost')) return fieldMessage('urlLocalhost', { hint });
    if (isIP(host) !== 0 && isPrivateAddress(host)) return fieldMessage('urlPrivate', { hint });
  }
  return null;
}

/** The URL's host without IPv6 brackets, or the trailing dot of a fully qualified name (`localhost.`). */
export function hostOf(url: URL): string {
  return url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

export class BlockedAddressError extends Error {
  readonly code = 'blocked_address';
}

/**
 * Resolves `host` and returns the address to connect to, refusing (BlockedAddressError) when ANY
 * of its addresses is private: a name that resolves to both a public and a private address is
 * the classic rebinding trick. The caller connects to exactly the address returned.
 */
export async function resolveDeliveryAddress(
  host: string,
  policy: AddressPolicy,
): Promise<{ address: string; family: 4 | 6 }> {
  const literal = isIP(host);
  const addresses =
    literal !== 0 ? [{ address: host, family: literal }] : await (policy.resolver ?? systemResolver)(host);
  if (addresses.length === 0) throw new BlockedAddressError(`${host} did not resolve`);
  if (!policy.allowPrivate) {
    const bad = addresses.find((a) => isPrivateAddress(a.address));
    if (bad) throw new BlockedAddressError(`${host} resolves to a private address (${bad.address}): refused`);
  }
  const first = addresses[0]!;
  return { address: first.address, family: first.family === 6 ? 6 : 4 };
}
