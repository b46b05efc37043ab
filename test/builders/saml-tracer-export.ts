/**
 * SAML-tracer exports made from a recorded HAR, in the shape SAML-tracer itself writes
 * (simplesamlphp/SAML-tracer: src/SAMLTrace.js `SAMLTrace.Request`, src/SAMLTraceIO.js
 * `exportRequests` and `ExportFilter`, src/filters.js): `{ requests: [...], timestamp }`, each
 * request with `method`, `url`, `requestId`, `requestHeaders`, `get` / `post` as `[name, value]`
 * pairs, `postData`, `protocol`, `saml` (decoded XML), `responseStatus`, `responseStatusText`,
 * `responseHeaders`. Profiles: `none` (filter "None"), `mask` (hash POST values and cookie values,
 * overwrite postData), `obfuscate` (`{obf:alternative_N}`); `legacy` writes the pre-1.0 shape
 * (`id`, headers as `[name, value]` pairs).
 */
import { createHash } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';

interface HarHeader {
  name: string;
  value: string;
}
interface HarEntry {
  startedDateTime?: string;
  time?: number;
  request: { method: string; url: string; headers: HarHeader[]; postData?: { text?: string; params?: Array<{ name: string; value?: string }> } };
  response: { status: number; statusText: string; httpVersion?: string; headers: HarHeader[] };
}
export interface Har {
  log: { entries: HarEntry[] };
}

export type TracerProfile = 'none' | 'mask' | 'obfuscate' | 'legacy';

type Pair = [string, string];

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

/** `timestamp` is when the export was written: by default just after the last recorded request. */
export function harToSamlTracer(har: Har, profile: TracerProfile, timestamp = exportTimeOf(har)): { requests: object[]; timestamp: string } {
  const obfs: string[] = [];
  const obf = (v: string): string => {
    let i = obfs.indexOf(v);
    if (i < 0) i = obfs.push(v) - 1;
    return `{obf:alternative_${i}}`;
  };
  const requests = har.log.entries.map((e, i) => {
    const method = e.request.method;
    const url = e.request.url;
    // SAMLTrace.Request.loadGET: split at & ; ? and decode each side.
    const get: Pair[] | undefined = method === 'GET' ? url.split(/[&;?]/).slice(1).map((part) => {
      const p = part.indexOf('=');
      const dec = (s: string) => {
        try {
          return decodeURIComponent(s.replace('+', ' '));
        } catch {
          return s;
        }
      };
      return p < 0 ? [dec(part), ''] : [dec(part.slice(0, p)), dec(part.slice(p + 1))];
    }) : undefined;
    const formPairs: Pair[] | undefined = method === 'POST' && e.request.postData?.text !== undefined ? [...new URLSearchParams(e.request.postData.text)] : undefined;
    const postData = formPairs ? Object.fromEntries(formPairs.map(([k, v]) => [k, [v]])) : undefined;
    const all = [...(get ?? []), ...(formPairs ?? [])];
    const samlParam = all.find(([k]) => k === 'SAMLRequest' || k === 'SAMLResponse');
    let saml: string | undefined;
    if (samlParam) {
      const raw = Buffer.from(samlParam[1].replace(/\s/g, ''), 'base64');
      // parseSAML: GET messages are inflated (HTTP-Redirect), POST ones only base64-decoded.
      saml = get?.includes(samlParam) ? inflateRawSync(raw).toString('utf8') : raw.toString('utf8');
    }
    const headers = (hs: HarHeader[], kind: 'Cookie' | 'Set-Cookie'): HarHeader[] =>
      hs.map((h) => {
        if (h.name.toLowerCase() !== kind.toLowerCase() || profile === 'none' || profile === 'legacy') return { name: h.name, value: h.value };
        const value = h.value
          .split(';')
          .map((kv) => (kv.includes('=') ? `${kv.split('=')[0] ?? ''}=${profile === 'mask' ? `{hash:${sha(kv.split('=')[1] ?? '')}}` : obf(kv.split('=')[1] ?? '')}` : kv))
          .join(';');
        return { name: h.name, value };
      });
    const post = formPairs?.map(([k, v]): Pair => (profile === 'mask' ? [k, `{hash:${sha(v)}}`] : profile === 'obfuscate' ? [k, obf(v)] : [k, v]));
    const request: Record<string, unknown> = {
      method,
      url,
      ...(profile === 'legacy' ? { id: `request-${i}` } : { requestId: `request-${i}-${method}-${sha(url)}` }),
      requestHeaders: profile === 'legacy' ? e.request.headers.map((h) => [h.name, h.value]) : headers(e.request.headers, 'Cookie'),
      ...(get ? { get } : {}),
      ...(postData ? { postData: profile === 'mask' || profile === 'obfuscate' ? '{overwritten}' : postData } : {}),
      ...(post ? { post } : {}),
      ...(samlParam ? { protocol: 'SAML-P' } : {}),
      ...(saml !== undefined ? { saml } : {}),
      responseStatus: e.response.status,
      responseStatusText: `${e.response.httpVersion ?? 'HTTP/1.1'} ${e.response.status} ${e.response.statusText}`.trim(),
      responseHeaders: profile === 'legacy' ? e.response.headers.map((h) => [h.name, h.value]) : headers(e.response.headers, 'Set-Cookie'),
    };
    return request;
  });
  return { requests, timestamp };
}

function exportTimeOf(har: Har): string {
  const last = har.log.entries[har.log.entries.length - 1];
  const t = last?.startedDateTime !== undefined ? Date.parse(last.startedDateTime) + (last.time ?? 0) + 1000 : Date.now();
  return new Date(t).toISOString();
}
