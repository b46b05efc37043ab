import { numberOf, stringOf, stringsOf, type JsonObject, type JsonValue } from '../json';
import type { InspectOptions } from '../inspect-options';
import { finding, type Finding, type InspectReport } from '../result';
import { describeInstant, type InstantView } from '../time';
import { CLAIMS, HEADER_PARAMS } from './claims-glossary';
import { containsMarkup, htmlInValueFinding } from '../claims-markup';
import { COMPACT_JWT, decodeCompact, parseJsonPart, type DecodedJwe, type DecodedJws } from './decode-jwt';
import { decryptJwe } from './decrypt-jwe';
import { detectEntra, detectGroupsOverage, type EntraInfo } from './entra';
import { verifyJws } from './verify-jws';
import { ownEntry } from '../own-entry';
import { looksLikeJson, payloadData, type PayloadData } from './payload-data';

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
  /** A payload that is data, not a claims set (then `payload` and `claims` are empty). */
  payloadData?: PayloadData;
}

export interface JweData {
  header: JsonObject;
  headerParams: Array<{ name: string; value: JsonValue; description?: string }>;
  /** Set once a `--decrypt-key` opened the token. */
  decrypted?: DecryptedJwe;
}

export interface DecryptedJwe {
  /**
   * `nested-jws`: a signed JWT inside (`cty: "JWT"`, RFC 7519 §5.2; OIDC Core §10.2 requires
   * encrypted ID tokens to be signed first); `claims`: a bare JSON claims set, signed by no one.
   */
  content: 'nested-jws' | 'claims' | 'data';
  /** Which decryption key (0-based, in the order given) opened it; never the key itself. */
  keyIndex: number;
  /** The inner token exactly as `inspect` reports a JWT (for bare claims, under the JWE header). */
  token: JwtData;
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
  const findings: Finding[] = [...verification.findings, ...(jws.payloadData ? [] : checkClaims(payload, options))];
  const data = jwtDataOf(jws.header, payload, options);
  if (jws.payloadData) data.payloadData = jws.payloadData;
  return { kind: 'jwt', signature: verification.signature, findings, data };
}

/**
 * A JWE: its protected header, and with a decryption key its content. The report stays kind `jwe`
 * (what the input is, per the CLI contract); a nested JWS inside is inspected exactly as a JWT,
 * its claims go to `data.decrypted.token` and its signature verdict becomes the report's
 * `signature`, because the inner signature is the only thing that says who issued the claims.
 */
export async function inspectJwe(jwe: DecodedJwe, options: InspectOptions): Promise<InspectReport<JweData>> {
  const enc = stringOf(jwe.header, 'enc') ?? '?';
  const alg = stringOf(jwe.header, 'alg') ?? '?';
  const data: JweData = { header: jwe.header, headerParams: headerParamsOf(jwe.header, JWE_HEADER_PARAMS) };
  const encrypted = (detail: string, findings: Finding[]): InspectReport<JweData> => ({ kind: 'jwe', signature: { status: 'not-checked', algorithm: alg, detail }, findings, data });
  if (options.decryptionKeys.length === 0) {
    return encrypted('encrypted', [finding('jwt.encrypted', 'info', `an encrypted token (JWE, ${alg} / ${enc}); its claims can be read only with the recipient's private key (--decrypt-key)`)]);
  }
  const opened = await decryptJwe(jwe, options.decryptionKeys);
  if (!opened.ok) {
    const f = opened.reason === 'too-large' ? finding('input.too-large', 'error', `the JWE ${opened.message}`) : finding('jwt.decrypt-failed', 'error', `the JWE (${alg} / ${enc}) could not be decrypted: ${opened.message}`);
    return encrypted('not decrypted', [f]);
  }
  const text = opened.plaintext.toString('utf8').trim();
  const cty = stringOf(jwe.header, 'cty');
  if ((cty !== undefined && /^(application\/)?jwt$/i.test(cty)) || COMPACT_JWT.test(text)) {
    const inner = decodeCompact(text);
    if (!inner.ok || inner.value.form !== 'jws') {
      const why = inner.ok ? 'it is another JWE (nested encryption is not unwrapped)' : inner.error.message;
      return encrypted('decrypted', [finding('jwt.malformed', 'error', `the JWE decrypted, but its payload${cty !== undefined ? ` (cty ${JSON.stringify(cty)})` : ''} is not a well-formed signed JWT: ${why}`)]);
    }
    const report = await inspectJws(inner.value, options);
    return { kind: 'jwe', signature: report.signature, findings: report.findings, data: { ...data, decrypted: { content: 'nested-jws', keyIndex: opened.keyIndex, token: report.data } } };
  }
  if (opened.plaintext.length > 0 && !looksLikeJson(opened.plaintext)) {
    const token = jwtDataOf(jwe.header, {}, options);
    token.payloadData = payloadData(opened.plaintext);
    return {
      kind: 'jwe',
      signature: { status: 'unsigned', algorithm: alg, detail: 'encrypted but not signed: anyone holding the recipient\'s public key could have made it' },
      findings: [],
      data: { ...data, decrypted: { content: 'data', keyIndex: opened.keyIndex, token } },
    };
  }
  const claims = parseJsonPart(opened.plaintext, 'decrypted JWE payload');
  if (!claims.ok) return encrypted('decrypted', [finding('jwt.malformed', 'error', `the JWE decrypted, but ${claims.error.message}; expected a JSON claims set or a signed JWT`)]);
  return {
    kind: 'jwe',
    // Encryption to the recipient's public key says nothing about who wrote the claims.
    signature: { status: 'unsigned', algorithm: alg, detail: 'encrypted but not signed: anyone holding the recipient\'s public key could have made it' },
    findings: checkClaims(claims.value, options),
    data: { ...data, decrypted: { content: 'claims', keyIndex: opened.keyIndex, token: jwtDataOf(jwe.header, claims.value, options) } },
  };
}

function jwtDataOf(header: JsonObject, payload: JsonObject, options: InspectOptions): JwtData {
  const entra = detectEntra(payload);
  return {
    header,
    payload,
    headerParams: headerParamsOf(header),
    claims: Object.entries(payload).map(([name, value]) => claimView(name, value, options.now)),
    provider: entra ? 'entra' : detectProvider(payload),
    ...(entra ? { entra } : {}),
    evaluatedAt: options.now.toISOString(),
  };
}

/** In a JWE header `alg` and `kid` are about encryption, not signing (RFC 7516 §4.1). */
const JWE_HEADER_PARAMS: Readonly<Record<string, string>> = {
  alg: 'Key management algorithm: how the content key was encrypted to the recipient (RSA-OAEP*, ECDH-ES*).',
  kid: 'Which of the recipient\'s encryption keys the token was encrypted to.',
  zip: 'Compression before encryption ("DEF"); SSO Lens bounds how far it inflates.',
};

function headerParamsOf(header: JsonObject, overrides: Readonly<Record<string, string>> = {}): JwtData['headerParams'] {
  return Object.entries(header).map(([name, value]) => {
    const description = ownEntry(overrides, name) ?? ownEntry(HEADER_PARAMS, name);
    return { name, value, ...(description ? { description } : {}) };
  });
}

function claimView(name: string, value: JsonValue, now: Date): ClaimView {
  const info = ownEntry(CLAIMS, name);
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
  if (containsMarkup(payload)) out.push(htmlInValueFinding('a claim value'));
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
