import { COMPACT_JWE, COMPACT_JWT, decodeCompact } from './jwt/decode-jwt';
import { inspectJwe, inspectJws } from './jwt/inspect-jwt';
import { isJsonObject, parseJson } from './json';
import { LIMITS } from './limits';
import type { InspectOptions } from './inspect-options';
import { describeSize, type InputExtent } from './input-extent';
import { inspectDiscovery, inspectJwks, isDiscoveryLike, isJwksLike } from './oidc/inspect-json';
import { fail, finding, ok, type ArtifactKind, type InspectReport, type Result } from './result';
import { inspectSaml, recognizeSaml } from './saml';
import { inspectMetadataBytes, streamedIfNoLoss } from './metadata';
import { parseCertificates, UNREADABLE_KEY } from './x509/certificate';
import { inspectCertificates } from './x509/inspect-certificate';
import { inspectHar, isHarLike } from './har/inspect-har';
import { inspectCaptureBytes, inspectFlowUrl, recognizeCapture, recognizeFlowUrl } from './capture';

/**
 * The single entry point of the core: recognise an artifact by its content (never its file name),
 * decode it, verify what the options allow and return the contract's report. Unrecognisable input
 * is an `input.unrecognised` error value; nothing here throws on bad input. `extent` says how
 * much of the input `bytes` is, when the caller read only its head.
 */
export async function inspectArtifact(bytes: Uint8Array, options: InspectOptions, extent: InputExtent = {}): Promise<Result<InspectReport>> {
  // Metadata aggregates beyond one DOM are indexed by streaming, straight from the bytes.
  if (bytes.length > LIMITS.maxMetadataDomBytes && guessKind(bytes.subarray(0, 64)) === 'saml-metadata') return ok(inspectMetadataBytes(bytes, options, {}, extent));
  // Smaller unsigned aggregates too, where one DOM would add nothing but time and memory (issue 12).
  const streamed = guessKind(bytes.subarray(0, 64)) === 'saml-metadata' ? streamedIfNoLoss(bytes, options) : undefined;
  if (streamed) return ok(streamed);
  // Captures (HAR, SAML-tracer) are read entry by entry, up to their own limit.
  const capture = recognizeCapture(bytes);
  if (capture && bytes.length <= LIMITS.maxCaptureBytes) {
    const flow = await inspectCaptureBytes(bytes, capture, options, inspectText);
    if (flow) return ok(flow);
    if (capture === 'saml-tracer') return ok({ kind: 'flow', signature: { status: 'not-checked' }, findings: [finding('flow.no-sign-in', 'info', 'none of the requests in this SAML-tracer export is part of a sign-in')], data: { format: 'saml-tracer' }, items: [] });
  }
  if (bytes.length > LIMITS.maxInputBytes) {
    const kind = guessKind(bytes.subarray(0, 64));
    const message = `${describeSize('the input', bytes.length, LIMITS.maxInputBytes, extent)}; the limit is ${LIMITS.maxInputBytes}`;
    if (!kind) return fail('input.too-large', message);
    return ok(tooLarge(kind, message));
  }
  // DER certificates are binary: SEQUENCE with a long-form length.
  if (bytes[0] === 0x30 && (bytes[1] === 0x82 || bytes[1] === 0x81)) {
    const certs = parseCertificates(bytes);
    if (certs.ok) return ok(inspectCertificates(certs.value, options));
    // It is X.509, only its key is broken: say so rather than "unrecognised".
    if (certs.error.message.startsWith(UNREADABLE_KEY)) return ok({ kind: 'certificate', signature: { status: 'not-checked' }, findings: [finding('cert.malformed', 'error', certs.error.message)], data: {} });
  }
  const text = Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, '').trim();
  return inspectText(text, options);
}

export async function inspectText(text: string, options: InspectOptions): Promise<Result<InspectReport>> {
  if (text.length === 0) return fail('input.unrecognised', 'the input is empty');
  if (text.startsWith('{') || text.startsWith('[')) return inspectJsonText(text, options);
  if (text.includes('-----BEGIN CERTIFICATE-----')) {
    const certs = parseCertificates(Buffer.from(text, 'latin1'));
    if (!certs.ok) return ok({ kind: 'certificate', signature: { status: 'not-checked' }, findings: [finding('cert.malformed', 'error', certs.error.message)], data: {} });
    return ok(inspectCertificates(certs.value, options));
  }
  const token = extractToken(text);
  if (token !== undefined) {
    if (token.length > LIMITS.maxTokenBytes) return ok(tooLarge('jwt', `the token is ${token.length} bytes; the limit is ${LIMITS.maxTokenBytes}`));
    const decoded = decodeCompact(token);
    if (!decoded.ok) return ok(malformedJwt(decoded.error.message));
    return ok(decoded.value.form === 'jws' ? await inspectJws(decoded.value, options) : await inspectJwe(decoded.value, options));
  }
  const saml = recognizeSaml(text);
  if (saml) return ok(await inspectSaml(saml, options));
  const flowUrl = recognizeFlowUrl(text);
  if (flowUrl !== undefined) {
    const flow = await inspectFlowUrl(flowUrl, options, inspectText);
    if (flow) return ok(flow);
  }
  if (/^(Bearer\s+)?eyJ/i.test(text) && !/\s/.test(text.replace(/^Bearer\s+/i, ''))) {
    // Starts like a JWT header but is not one: say what is wrong with it rather than "unknown".
    const decoded = decodeCompact(text.replace(/^Bearer\s+/i, ''));
    return ok(malformedJwt(decoded.ok ? 'not a compact JWS or JWE' : decoded.error.message));
  }
  return fail('input.unrecognised', 'not a JWT/JWE, SAML message or metadata, OIDC discovery document, JWKS, certificate or HAR file');
}

async function inspectJsonText(text: string, options: InspectOptions): Promise<Result<InspectReport>> {
  const json = parseJson(text);
  if (json === undefined) return fail('input.unrecognised', 'the input starts like JSON but is not valid JSON');
  if (!isJsonObject(json)) return fail('input.unrecognised', 'a JSON array is not an artifact SSO Lens knows');
  if (isHarLike(json)) return ok(await inspectHar(json, options, inspectText));
  if (isJwksLike(json)) return ok(inspectJwks(json, options));
  if (isDiscoveryLike(json)) return ok(inspectDiscovery(json, options));
  return fail('input.unrecognised', 'JSON, but not a JWKS, OIDC discovery document or HAR file');
}

/**
 * A compact token on its own, after "Bearer ", or as `id_token=` / `access_token=` in a URL,
 * fragment or form body (what users copy from the browser).
 */
function extractToken(text: string): string | undefined {
  const bare = text.replace(/^(Bearer|Authorization:\s*Bearer)\s+/i, '').trim();
  if (COMPACT_JWT.test(bare) || COMPACT_JWE.test(bare)) return bare;
  const param = /(?:^|[?#&\s])(?:id_token|access_token|token)=([A-Za-z0-9_.=%-]+)/.exec(text)?.[1];
  if (param !== undefined) {
    let value = param;
    try {
      value = decodeURIComponent(param);
    } catch {
      return undefined;
    }
    if (COMPACT_JWT.test(value) || COMPACT_JWE.test(value)) return value;
  }
  return undefined;
}

function malformedJwt(message: string): InspectReport {
  return { kind: 'jwt', signature: { status: 'not-checked' }, findings: [finding('jwt.malformed', 'error', `not a well-formed token: ${message}`)], data: {} };
}

function tooLarge(kind: ArtifactKind, message: string): InspectReport {
  return { kind, signature: { status: 'not-checked' }, findings: [finding('input.too-large', 'error', `${message}; it was not processed`)], data: {} };
}

function guessKind(head: Uint8Array): ArtifactKind | undefined {
  const s = Buffer.from(head).toString('latin1').replace(/^\uFEFF|^\xEF\xBB\xBF/, '').trimStart();
  if (s.startsWith('eyJ')) return 'jwt';
  if (/^<(\?xml|[\w:]*Entit)/.test(s)) return 'saml-metadata';
  if (s.startsWith('<')) return 'saml-response';
  if (s.startsWith('{')) return 'har';
  return undefined;
}
