import { isJsonObject, stringOf, type JsonObject, type JsonValue } from '../json';
import type { InspectOptions } from '../inspect-options';
import { MAX_JSON_DEPTH, valueNestingDepth } from '../jwt/json-depth';
import { parseJwks } from '../jwt/jwks';
import { finding, type Finding, type InspectReport } from '../result';
import { certificateFindings, certificateLabel, summarizeCertificate, type CertificateSummary } from '../x509/certificate';

export interface JwksKeyView {
  kid?: string;
  kty: string;
  alg?: string;
  use?: string;
  size?: string;
  x5t?: string;
  certificate?: CertificateSummary;
}

export function isJwksLike(v: JsonObject): boolean {
  return Array.isArray(v['keys']) || typeof v['kty'] === 'string';
}

export function isDiscoveryLike(v: JsonObject): boolean {
  return typeof v['issuer'] === 'string' && (v['jwks_uri'] !== undefined || v['authorization_endpoint'] !== undefined);
}

/** A JWKS: every key with its id, type and size, and the validity of any certificate it carries. */
export function inspectJwks(value: JsonObject, options: InspectOptions): InspectReport<{ keys: JwksKeyView[]; skipped: string[] }> {
  const parsed = parseJwks(value, 'input');
  if (!parsed.ok) {
    return { kind: 'jwks', signature: { status: 'unsigned' }, findings: [finding('jwks.malformed', 'error', parsed.error.message)], data: { keys: [], skipped: [] } };
  }
  const findings: Finding[] = [];
  const keys = parsed.value.keys.map((k) => {
    const d = k.key.asymmetricKeyDetails;
    const view: JwksKeyView = {
      kty: k.kty,
      ...(k.kid !== undefined ? { kid: k.kid } : {}),
      ...(k.alg !== undefined ? { alg: k.alg } : {}),
      ...(k.use !== undefined ? { use: k.use } : {}),
      ...(k.x5t !== undefined ? { x5t: k.x5t } : {}),
      ...(d?.modulusLength ? { size: `${d.modulusLength} bit` } : d?.namedCurve ? { size: d.namedCurve } : {}),
    };
    if (k.certificate) {
      view.certificate = summarizeCertificate(k.certificate, options.now);
      findings.push(...certificateFindings(k.certificate, options.now, `the ${certificateLabel(k.certificate)} of key ${k.kid ?? '(no kid)'}`));
    }
    return view;
  });
  for (const s of parsed.value.skipped) findings.push(finding('jwks.malformed', 'warning', s));
  return { kind: 'jwks', signature: { status: 'unsigned', detail: 'a JWKS is trusted by where it is fetched from, not by a signature' }, findings, data: { keys, skipped: parsed.value.skipped } };
}

/** OpenID Connect Discovery 1.0 §3: the metadata every provider must publish. */
const REQUIRED_DISCOVERY = ['issuer', 'authorization_endpoint', 'jwks_uri', 'response_types_supported', 'subject_types_supported', 'id_token_signing_alg_values_supported'];

export function inspectDiscovery(value: JsonObject, options: InspectOptions): InspectReport<{ document: JsonObject; entraTemplate: boolean }> {
  void options;
  const findings: Finding[] = [];
  const missing = REQUIRED_DISCOVERY.filter((k) => value[k] === undefined);
  if (missing.length) findings.push(finding('discovery.malformed', 'error', `required discovery metadata missing: ${missing.join(', ')} (OpenID Connect Discovery 1.0 §3)`));
  const issuer = stringOf(value, 'issuer') ?? '';
  for (const k of ['issuer', 'jwks_uri', 'authorization_endpoint', 'token_endpoint']) {
    const u = stringOf(value, k);
    if (u !== undefined && !/^https:\/\//i.test(u) && !/^http:\/\/(localhost|127\.0\.0\.1|\[::1\])[:/]/i.test(u)) findings.push(finding('discovery.malformed', 'error', `${k} must be an https URL, got ${JSON.stringify(u)}`));
  }
  const expectedIss = options.expected.issuer;
  if (expectedIss !== undefined && issuer !== expectedIss) findings.push(finding('jwt.issuer-mismatch', 'error', `the document's issuer is ${JSON.stringify(issuer)}, expected ${JSON.stringify(expectedIss)}`));
  const algs = value['id_token_signing_alg_values_supported'];
  if (Array.isArray(algs) && algs.some((a: JsonValue) => typeof a === 'string' && a.toLowerCase() === 'none')) {
    findings.push(finding('jwt.alg-none', 'warning', 'the provider advertises unsigned ID tokens ("none" in id_token_signing_alg_values_supported)'));
  }
  // A hostile document nested thousands deep would overflow every recursive walk of the report
  // (JSON output, presenters), so it is described by its findings only.
  const tooDeep = valueNestingDepth(value) > MAX_JSON_DEPTH;
  if (tooDeep) findings.push(finding('discovery.malformed', 'error', `the document nests JSON more than ${MAX_JSON_DEPTH} levels deep; it is not shown`));
  return { kind: 'oidc-discovery', signature: { status: 'unsigned', detail: 'discovery documents are trusted by their https origin' }, findings, data: { document: tooDeep ? {} : value, entraTemplate: issuer.includes('{tenantid}') } };
}

export { isJsonObject };
