import { fail, type Result } from '../result';
import type { IssuerKeys, KeySource } from './key-source';
import { nodeNet } from '../../platform/node-builtins';

/**
 * Who chooses the host we contact. A token's `iss` is written by whoever made the token, so it
 * alone never decides where SSO Lens connects: keys are fetched automatically only for issuers a
 * config names and for well-known cloud IdPs; any other host needs the user's yes (VS Code asks,
 * the CLI takes `--fetch-keys`), and private or loopback addresses need a config naming them.
 */

/**
 * Login hosts of the big cloud IdPs, matched exactly.
 * Entra (national clouds): https://learn.microsoft.com/en-us/entra/identity-platform/authentication-national-cloud
 * Entra v1 token issuer `sts.windows.net`: https://learn.microsoft.com/en-us/entra/identity-platform/access-token-claims-reference
 * Google: https://developers.google.com/identity/openid-connect/openid-connect#discovery
 */
export const WELL_KNOWN_IDP_HOSTS: readonly string[] = [
  'login.microsoftonline.com',
  'login.microsoftonline.us',
  'login.chinacloudapi.cn',
  'login.partner.microsoftonline.cn',
  'sts.windows.net',
  'accounts.google.com',
];

/**
 * Tenant subdomains of the big cloud IdPs: any label(s) in front of the suffix, never the suffix
 * elsewhere in the name (`login.microsoftonline.com.evil.example` is not Entra).
 * Okta org domains: https://developer.okta.com/docs/concepts/okta-organizations/
 * Auth0 tenant domains: https://auth0.com/docs/get-started/tenant-settings#tenant-domain
 */
export const WELL_KNOWN_IDP_SUFFIXES: readonly string[] = ['.okta.com', '.oktapreview.com', '.okta-emea.com', '.auth0.com'];

/** Lower-cases and drops a trailing dot, so `Login.MicrosoftOnline.com.` compares as the real host. */
function normalHost(host: string): string {
  return host.toLowerCase().replace(/\.$/, '');
}

export function isWellKnownIdpHost(host: string): boolean {
  const h = normalHost(host);
  if (WELL_KNOWN_IDP_HOSTS.includes(h)) return true;
  return WELL_KNOWN_IDP_SUFFIXES.some((s) => h.endsWith(s) && h.length > s.length && /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(h.slice(0, -s.length)));
}

/** IPv4 ranges never contacted unless a config names the host (RFC 1918, RFC 6598, RFC 3927, RFC 1122). */
const PRIVATE_V4: ReadonlyArray<[number, number, string]> = [
  [0x7f000000, 8, 'loopback'],
  [0x0a000000, 8, 'private'],
  [0xac100000, 12, 'private'],
  [0xc0a80000, 16, 'private'],
  [0xa9fe0000, 16, 'link-local'],
  [0x64400000, 10, 'shared (carrier-grade NAT)'],
  [0x00000000, 8, '"this network"'],
];

function v4Number(address: string): number | undefined {
  const parts = address.split('.');
  if (parts.length !== 4) return undefined;
  let n = 0;
  for (const p of parts) {
    if (!/^\d{1,3}$/.test(p) || Number(p) > 255) return undefined;
    n = n * 256 + Number(p);
  }
  return n;
}

function v4Range(address: string): string | undefined {
  const n = v4Number(address);
  if (n === undefined) return undefined;
  for (const [base, bits, name] of PRIVATE_V4) {
    const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
    if (((n & mask) >>> 0) === base) return name;
  }
  return undefined;
}

/** The eight 16-bit groups of an IPv6 address (with an embedded IPv4 tail), or undefined. */
function v6Groups(address: string): number[] | undefined {
  let a = address.toLowerCase().replace(/%.*$/, '');
  const tail = /(\d+\.\d+\.\d+\.\d+)$/.exec(a);
  if (tail?.[1]) {
    const n = v4Number(tail[1]);
    if (n === undefined) return undefined;
    a = `${a.slice(0, -tail[1].length)}${(n >>> 16).toString(16)}:${(n & 0xffff).toString(16)}`;
  }
  const halves = a.split('::');
  if (halves.length > 2) return undefined;
  const head = halves[0] ? halves[0].split(':') : [];
  const rest = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
  const missing = 8 - head.length - rest.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return undefined;
  const groups = [...head, ...Array<string>(halves.length === 2 ? missing : 0).fill('0'), ...rest].map((g) => (/^[0-9a-f]{1,4}$/.test(g) ? parseInt(g, 16) : NaN));
  return groups.some(Number.isNaN) ? undefined : groups;
}

/**
 * Why an address must not be contacted without a config naming it ("loopback", "private",
 * "link-local", …), or undefined for a public address. Accepts IPv4 and IPv6 literals; anything
 * else is not an address and answers "not an IP address" (refused: it could not be checked).
 */
export function privateRangeOf(address: string): string | undefined {
  const family = nodeNet().isIP(address.replace(/%.*$/, ''));
  if (family === 4) return v4Range(address);
  if (family !== 6) return 'not an IP address';
  const g = v6Groups(address);
  if (!g) return 'not an IP address';
  const [g0 = 0, g1 = 0, g2 = 0, g3 = 0, g4 = 0, g5 = 0, g6 = 0, g7 = 0] = g;
  if (g.every((x) => x === 0)) return 'unspecified';
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && g5 === 0 && g6 === 0 && g7 === 1) return 'loopback';
  if ((g0 & 0xffc0) === 0xfe80) return 'link-local';
  if ((g0 & 0xfe00) === 0xfc00) return 'unique-local';
  // ::ffff:a.b.c.d (IPv4-mapped) and ::a.b.c.d (IPv4-compatible) reach the IPv4 address.
  if (g0 === 0 && g1 === 0 && g2 === 0 && g3 === 0 && g4 === 0 && (g5 === 0xffff || g5 === 0)) {
    return v4Range(`${g6 >> 8}.${g6 & 0xff}.${g7 >> 8}.${g7 & 0xff}`);
  }
  return undefined;
}

/** What the user and the workspace allow. Hosts are compared lower-case, without port. */
export interface FetchPolicy {
  /** Hosts the configs name (issuers, discovery URLs), each with the config that names it. */
  named: ReadonlyMap<string, string>;
  /** `--fetch-keys`: any https issuer that is not private may be contacted. */
  allowAny?: boolean;
  /** VS Code: ask the user (once per host per session; the asker remembers). */
  ask?: (host: string) => Promise<boolean>;
  /** How to allow a host, in the caller's words ("run with --fetch-keys"). */
  howToAllow: string;
}

export type FetchDecision = { allowed: true; why: string } | { allowed: false; why: string };

export function hostOfUrl(url: string): string | undefined {
  try {
    return normalHost(new URL(url).hostname.replace(/^\[|\]$/g, ''));
  } catch {
    return undefined;
  }
}

/** Whether keys may be fetched for `issuer`, and why, in words for the report. */
export async function decideFetch(policy: FetchPolicy, issuer: string): Promise<FetchDecision> {
  const host = hostOfUrl(issuer);
  if (host === undefined) return { allowed: false, why: `${JSON.stringify(issuer)} is not a URL` };
  const namedBy = policy.named.get(host);
  if (namedBy !== undefined) return { allowed: true, why: `issuer named by ${namedBy}` };
  if (nodeNet().isIP(host) !== 0 && privateRangeOf(host) !== undefined) {
    return { allowed: false, why: `${host} is a ${privateRangeOf(host)} address and no config names it` };
  }
  if (isWellKnownIdpHost(host)) return { allowed: true, why: 'a well-known cloud IdP' };
  if (policy.allowAny) return { allowed: true, why: 'allowed by --fetch-keys' };
  if (policy.ask && (await policy.ask(host))) return { allowed: true, why: 'you chose Fetch' };
  return { allowed: false, why: `${host} is not named by a config; ${policy.howToAllow}` };
}

/**
 * Refuses an address the fetcher resolved for `hostname` when it is private and no config names
 * the host: a public-looking issuer whose name resolves to 127.0.0.1 is not contacted.
 * Returns the refusal, or undefined to connect.
 */
export function addressGuard(policy: Pick<FetchPolicy, 'named'>): (hostname: string, address: string) => string | undefined {
  return (hostname, address) => {
    const host = normalHost(hostname.replace(/^\[|\]$/g, ''));
    if (policy.named.has(host)) return undefined;
    const range = privateRangeOf(address);
    return range === undefined ? undefined : `refusing to contact ${hostname}: it resolves to ${address}, a ${range} address, and no config names it`;
  };
}

/** A key source that asks the policy before its inner source fetches, and says why it fetched. */
export class PolicyKeySource implements KeySource {
  constructor(
    private readonly inner: KeySource,
    private readonly policy: FetchPolicy,
  ) {}

  async keysForIssuer(issuer: string, options: { appId?: string; refresh?: boolean }): Promise<Result<IssuerKeys>> {
    // Not https: the inner source answers with its own reason, without contacting anything.
    if (!/^https:\/\//i.test(issuer)) return this.inner.keysForIssuer(issuer, options);
    const decision = await decideFetch(this.policy, issuer);
    if (!decision.allowed) return fail('jwt.keys-not-fetched', `keys not fetched: ${decision.why}`);
    const r = await this.inner.keysForIssuer(issuer, options);
    return r.ok ? { ok: true, value: { ...r.value, why: decision.why } } : r;
  }

  /** A discovery URL comes from a config (`trustedKeys.discoveryUrl`), which names its host. */
  async keysFromDiscovery(discoveryUrl: string): Promise<Result<IssuerKeys>> {
    if (!this.inner.keysFromDiscovery) return fail('jwt.keys-fetch-failed', 'this key source cannot fetch a discovery URL');
    const host = hostOfUrl(discoveryUrl);
    const r = await this.inner.keysFromDiscovery(discoveryUrl);
    const namedBy = host === undefined ? undefined : this.policy.named.get(host);
    return r.ok && namedBy !== undefined ? { ok: true, value: { ...r.value, why: `discovery URL named by ${namedBy}` } } : r;
  }
}

/** Keys whose values name hosts a config trusts for keys (issuers and discovery/JWKS URLs). */
const NAMING_KEYS = new Set(['issuer', 'discoveryUrl', 'jwksUrl', 'metadataUrl']);

/**
 * The hosts a config names as issuers or key locations, walked iteratively (bounded) so a huge
 * config costs linear time. Keycloak realms name their issuer as `baseUrl` + `/realms/…`.
 */
export function namedHostsOf(config: unknown, label: string, into: Map<string, string> = new Map()): Map<string, string> {
  const stack: unknown[] = [config];
  let visited = 0;
  while (stack.length > 0 && visited++ < 200_000) {
    const v = stack.pop();
    if (Array.isArray(v)) for (const x of v as unknown[]) stack.push(x);
    else if (v !== null && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (typeof x === 'string' && (NAMING_KEYS.has(k) || (k === 'baseUrl' && 'realm' in v)) && /^https:\/\//i.test(x)) {
          const host = hostOfUrl(x);
          if (host !== undefined && !into.has(host)) into.set(host, label);
        } else if (typeof x === 'object') stack.push(x);
      }
    }
  }
  return into;
}
