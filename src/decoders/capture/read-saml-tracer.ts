import { isJsonObject, numberOf, stringOf, type JsonObject, type JsonValue } from '../json';
import type { Exchange } from './exchange';
import { headersOf } from './read-har';
import { scanJsonArray, type ScanOutcome } from './json-elements';

/**
 * SAML-tracer's export (the browser extension by Olav Morken / UNINETT, now Sikt; "Export" in its
 * trace window): `{ "requests": [...], "timestamp": ISO }`, written by `SAMLTraceIO.exportRequests`
 * (src/SAMLTraceIO.js). Each request is the tracer's `SAMLTrace.Request` copied through JSON:
 * `method`, `url`, `requestId` (since 1.0; older exports have `id` and headers as `[name, value]`
 * pairs), `requestHeaders`, `get`/`post` as `[name, value]` pairs, `postData`, `protocol`
 * (`SAML-P`, `WS-Fed`), `saml` (the decoded XML), `samlart`, and the response's `responseStatus`,
 * `responseStatusText`, `responseHeaders`. There are no bodies and no per-request times.
 *
 * Its export profiles (src/filters.js): "None"; "Mask" hashes every POST value as `{hash:…}`,
 * replaces `postData` by `{overwritten}` and hashes cookie values; "Obfuscate"/"Remove" writes
 * `{obf:alternative_N}` instead. `saml` is kept in every profile, so the messages still decode.
 */
export function readSamlTracerRequests(bytes: Uint8Array, onExchange: (e: Exchange) => 'continue' | 'stop'): ScanOutcome {
  return scanJsonArray(bytes, ['requests'], (request, i) => {
    if (!isJsonObject(request)) return 'continue';
    return onExchange(tracerExchange(request, i + 1));
  });
}

/** The export's own timestamp (when it was written), from the end of the document. */
export function tracerExportTime(bytes: Uint8Array): string | undefined {
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8', Math.max(0, bytes.byteLength - 512));
  const m = /"timestamp"\s*:\s*"([^"]{10,40})"\s*}\s*$/.exec(tail);
  return m?.[1] !== undefined && !Number.isNaN(Date.parse(m[1])) ? new Date(Date.parse(m[1])).toISOString() : undefined;
}

function tracerExchange(r: JsonObject, index: number): Exchange {
  const status = numberOf(r, 'responseStatus') ?? statusFromLine(stringOf(r, 'responseStatusText'));
  const post = pairs(r['post']).filter(([, v]) => !isMasked(v));
  const saml = stringOf(r, 'saml');
  return {
    entry: index,
    method: (stringOf(r, 'method') ?? 'GET').toUpperCase(),
    url: stringOf(r, 'url') ?? '',
    requestHeaders: headersOf(r['requestHeaders']),
    ...(post.length > 0 ? { form: post } : {}),
    ...(status !== undefined && status > 0 ? { status } : {}),
    responseHeaders: headersOf(r['responseHeaders']),
    ...(saml !== undefined && saml.trim().startsWith('<') ? { samlXml: saml } : {}),
  };
}

/** `[name, value]` pairs; SAML-tracer keeps GET and POST parameters this way. */
function pairs(value: JsonValue | undefined): Array<[string, string]> {
  if (!Array.isArray(value)) return [];
  const out: Array<[string, string]> = [];
  for (const p of value) if (Array.isArray(p) && typeof p[0] === 'string') out.push([p[0], typeof p[1] === 'string' ? p[1] : '']);
  return out;
}

/** Values the export filters wrote in place of the real ones. */
export function isMasked(value: string): boolean {
  return /^\{(hash|obf):[^}]*\}$/.test(value) || value === '{overwritten}';
}

/** "HTTP/1.1 302 Found" → 302. */
function statusFromLine(line: string | undefined): number | undefined {
  const m = /^\S+\s+(\d{3})\b/.exec(line ?? '');
  return m?.[1] !== undefined ? Number(m[1]) : undefined;
}
