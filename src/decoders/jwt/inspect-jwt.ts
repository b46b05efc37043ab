import { numberOf, stringOf, stringsOf, type JsonObject, type JsonValue } from '../json';
import type { InspectOptions } from '../inspect-options';
import { finding, type Finding, type InspectReport } from '../result';
import { describeInstant, type InstantView } from '../time';
import { CLAIMS, HEADER_PARAMS } from './claims-glossary';
import type { DecodedJwe, DecodedJws } from './decode-jwt';
import { detectEntra, detectGroupsOverage, type EntraInfo } from './entra';
import { verifyJws } from './verify-jws';

export interface ClaimView {
  name: string;
  value: JsonValue;
  title?: string;
  description?: string;
  time?: InstantView;
}

export interface JwtData {
  header: JsonObject;
  payload: JsonObject;
  headerParams: Array<{ name: string; value: JsonValue; description?: string }>;
  claims: ClaimView[];
  provider: 'entra' | 'keycloak' | 'okta' | 'generic';
  entra?: EntraInfo;
  /** Evaluation instant, so "expired 3 h ago" can be reproduced. */
  evaluatedAt: string;
}

export interface JweData {
  header: JsonObject;
  headerParams: Array<{ name: string; value: JsonValue; description?: string }>;
}

/** Decode, verify and check one JWS; findings follow the CLI contract's `jwt.*` ids. */
export async function inspectJws(jws: DecodedJws, options: InspectOptions): Promise<InspectReport<JwtData>> {
  const payload = jws.payload;
  const aud = stringsOf(payload, 'aud');
  const entra = detectEntra(payload);
  // Entra: an app with custom signing keys needs ?appid={client id} on discovery and JWKS.
  const appId = entra && aud.length === 1 && aud[0] !== undefined && /^[0-9a-f-]{36}$/i.test(aud[0]) ? aud[0] : undefined;
  const verification = await verifyJws(jws, {
    trust: options.trust,
    ...(options.keySource ? { keySource: options.keySource } : {}),
    ...(appId !== undefined ? { appId } : {}),
  });
  const findings: Finding[] = [...verification.findings, ...checkClaims(payload, options)];
  const data: JwtData = {
    header: jws.header,
    payload,
    headerParams: Object.entries(jws.header).map(([name, value]) => ({ name, value, ...(HEADER_PARAMS[name] ? { description: HEADER_PARAMS[name] } : {}) })),
    claims: Object.entries(payload).map(([name, value]) => claimView(name, value, options.now)),
    provider: entra ? 'entra' : detectProvider(payload),
    ...(entra ? { entra } : {}),
    evaluatedAt: options.now.toISOString(),
  };
  return { kind: 'jwt', signature: verification.signature, findings, data };
}

export function inspectJwe(jwe: DecodedJwe, options: InspectOptions): InspectReport<JweData> {
  void options;
  const enc = stringOf(jwe.header, 'enc') ?? '?';
  const alg = stringOf(jwe.header, 'alg') ?? '?';
  return {
    kind: 'jwe',
    signature: { status: 'not-checked', algorithm: alg, detail: 'encrypted' },
    findings: [finding('jwt.encrypted', 'info', `an encrypted token (JWE, ${alg} / ${enc}); its claims can be read only with the recipient's private key (--decrypt-key)`)],
    data: {
      header: jwe.header,
      headerParams: Object.entries(jwe.header).map(([name, value]) => ({ name, value, ...(HEADER_PARAMS[name] ? { description: HEADER_PARAMS[name] } : {}) })),
    },
  };
}

function claimView(name: string, value: JsonValue, now: Date): ClaimView {
  const info = CLAIMS[name];
  const view: ClaimView = { name, value };
  if (info) {
    view.title = info.title;
    view.description = info.description;
    if (info.time && typeof value === 'number' && Number.isFinite(value)) view.time = describeInstant(value, now);
  }
  return view;
}

/** Time, audience, issuer and Entra-specific checks on the (untrusted) claims. */
export function checkClaims(payload: JsonObject, options: InspectOptions): Finding[] {
  const out: Finding[] = [];
  const now = options.now.getTime() / 1000;
  const skew = options.clockSkewSeconds;
  const exp = numberOf(payload, 'exp');
  const nbf = numberOf(payload, 'nbf');
  const iat = numberOf(payload, 'iat');
  if (exp !== undefined && exp + skew <= now) {
    const v = describeInstant(exp, options.now);
    out.push(finding('jwt.expired', 'error', `the token expired ${v.relative} (exp ${v.utc}, clock skew ${skew} s allowed)`));
  }
  if (nbf !== undefined && nbf - skew > now) {
    const v = describeInstant(nbf, options.now);
    out.push(finding('jwt.not-yet-valid', 'error', `the token is not valid until ${v.utc} (${v.relative}); check the clocks if it was just issued`));
  }
  if (iat !== undefined && iat - skew > now) {
    const v = describeInstant(iat, options.now);
    out.push(finding('jwt.issued-in-future', 'warning', `the token says it was issued ${v.relative} (${v.utc}): one of the clocks is off`));
  }
  for (const [claim, v] of [['exp', payload['exp']], ['nbf', payload['nbf']], ['iat', payload['iat']]] as const) {
    if (v !== undefined && typeof v !== 'number') out.push(finding('jwt.malformed', 'error', `"${claim}" must be a number of seconds (RFC 7519 NumericDate), not ${JSON.stringify(v).slice(0, 40)}`));
  }
  const expectedAud = options.expected.audience;
  if (expectedAud !== undefined) {
    const aud = stringsOf(payload, 'aud');
    if (!aud.includes(expectedAud)) out.push(finding('jwt.audience-mismatch', 'error', `aud is ${JSON.stringify(aud.length === 1 ? aud[0] : aud)}, expected ${JSON.stringify(expectedAud)}${nearMiss(aud, expectedAud)}`));
  }
  const expectedIss = options.expected.issuer;
  if (expectedIss !== undefined) {
    const iss = stringOf(payload, 'iss');
    if (iss !== expectedIss) out.push(finding('jwt.issuer-mismatch', 'error', `iss is ${JSON.stringify(iss)}, expected ${JSON.stringify(expectedIss)}${nearMiss(iss === undefined ? [] : [iss], expectedIss)}`));
  }
  const overage = detectGroupsOverage(payload);
  if (overage) {
    out.push(
      finding(
        'claims.groups-overage',
        'warning',
        overage.kind === 'hasgroups'
          ? 'hasgroups: true — Entra left out the groups claim because the user is in too many groups for the implicit flow; the app sees no groups unless it queries Microsoft Graph'
          : `groups overage — the user is in more than 200 groups, so Entra sent a link instead of the groups claim${overage.endpoint ? ` (${overage.endpoint})` : ''}; apps that read "groups" see none. Remedies: emit only groups assigned to the application, use app roles, or query Microsoft Graph (getMemberObjects)`,
      ),
    );
  }
  if (containsMarkup(payload)) {
    out.push(finding('claims.html-in-value', 'warning', 'a claim value contains HTML/script markup; SSO Lens shows it as text, but an app that renders claims unescaped would be open to injection'));
  }
  return out;
}

/** Explains the differences that break logins in practice: trailing slash, scheme, case. */
export function nearMiss(actual: string[], expected: string): string {
  const norm = (s: string) => s.trim().toLowerCase().replace(/\/+$/, '').replace(/^http:/, 'https:');
  for (const a of actual) {
    if (a === expected) continue;
    if (norm(a) !== norm(expected)) continue;
    if (a.replace(/\/+$/, '') === expected.replace(/\/+$/, '')) return ' — they differ only by a trailing slash';
    if (a.toLowerCase() === expected.toLowerCase()) return ' — they differ only in upper/lower case';
    if (a.replace(/^http:/, 'https:') === expected.replace(/^http:/, 'https:')) return ' — one is http, the other https';
    return ' — they differ only in slash, scheme or case';
  }
  return '';
}

function detectProvider(payload: JsonObject): JwtData['provider'] {
  const iss = stringOf(payload, 'iss') ?? '';
  if (/\/realms\/[^/]+\/?$/.test(iss) || payload['realm_access'] !== undefined) return 'keycloak';
  if (/\.okta(preview)?\.com/.test(iss) || payload['cid'] !== undefined) return 'okta';
  return 'generic';
}

function containsMarkup(value: JsonValue, depth = 0): boolean {
  if (depth > 20) return false;
  if (typeof value === 'string') return /<\s*\/?\s*[a-z!][^>]*>/i.test(value);
  if (Array.isArray(value)) return value.some((v) => containsMarkup(v, depth + 1));
  if (value !== null && typeof value === 'object') return Object.values(value).some((v) => containsMarkup(v, depth + 1));
  return false;
}
