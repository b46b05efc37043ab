/**
 * A SAML-tracer export made from a recorded HAR, in the JSON shape SAML-tracer writes
 * (simplesamlphp/SAML-tracer src/SAMLTraceIO.js `exportRequests` and src/SAMLTrace.js `Request`):
 * `{ requests: [{ requestId, method, url, requestHeaders: [{name, value}], get: [[n, v]],
 * post: [[n, v]], protocol, saml, responseStatus, responseStatusText, responseHeaders }], timestamp }`.
 * `saml` is the decoded XML of a SAMLRequest/SAMLResponse. `legacy` writes the pre-1.0 shape
 * (headers as `[name, value]` pairs, `id` instead of `requestId`).
 */
import { inflateRawSync } from 'node:zlib';

interface HarNameValue {
  name: string;
  value: string;
}
interface HarEntry {
  request: { method: string; url: string; headers: HarNameValue[]; postData?: { text?: string; params?: HarNameValue[] } };
  response: { status: number; statusText: string; headers: HarNameValue[] };
}

export function samlTracerExportOf(harText: string, options: { legacy?: boolean } = {}): string {
  const entries = (JSON.parse(harText) as { log: { entries: HarEntry[] } }).log.entries;
  const requests = entries.map((e, i) => {
    const get = e.request.method === 'GET' ? [...new URL(e.request.url).searchParams].map(([n, v]) => [n, v]) : undefined;
    const post = e.request.method === 'POST' && e.request.postData?.text !== undefined ? [...new URLSearchParams(e.request.postData.text)].map(([n, v]) => [n, v]) : undefined;
    const samlParam = [...(get ?? []), ...(post ?? [])].find(([n]) => n === 'SAMLResponse' || n === 'SAMLRequest');
    let saml: string | undefined;
    if (samlParam?.[1]) {
      const bytes = Buffer.from(samlParam[1], 'base64');
      saml = post ? bytes.toString('utf8') : inflateRawSync(bytes).toString('utf8');
    }
    const headers = (h: HarNameValue[]) => (options.legacy ? h.map((x) => [x.name, x.value]) : h);
    return {
      ...(options.legacy ? { id: String(i) } : { requestId: `request-${i}-${e.request.method}` }),
      method: e.request.method,
      url: e.request.url,
      requestHeaders: headers(e.request.headers),
      ...(get ? { get } : {}),
      ...(post ? { post } : {}),
      ...(samlParam ? { protocol: 'SAML-P' } : {}),
      ...(saml ? { saml } : {}),
      responseStatus: e.response.status,
      responseStatusText: `HTTP/1.1 ${e.response.status} ${e.response.statusText}`,
      responseHeaders: headers(e.response.headers),
    };
  });
  return JSON.stringify({ requests, timestamp: new Date(Date.UTC(2026, 10, 22, 6)).toISOString() }, null, 2);
}
