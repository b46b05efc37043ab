import { isJsonObject, stringOf, type JsonObject, type JsonValue } from '../json';
import type { InspectOptions } from '../inspect-options';
import { finding, type InspectReport, type Result } from '../result';
import { BudgetedKeySource, mapConcurrently } from '../capture/key-budget';

/** Where in the HAR an artifact was found, so the user can find the request again. */
export interface HarArtifactOrigin {
  entry: number;
  method: string;
  url: string;
  where: string;
}

export interface HarData {
  entries: number;
  artifacts: HarArtifactOrigin[];
}

/** HAR 1.2 (W3C draft "HTTP Archive"): `{"log": {"entries": [...]}}`. */
export function isHarLike(v: JsonObject): boolean {
  const log = v['log'];
  return isJsonObject(log) && Array.isArray(log['entries']);
}

const PARAMS = ['SAMLResponse', 'SAMLRequest', 'id_token', 'access_token'];
/** A HAR of a long sign-in session can hold thousands of requests; only the artifacts matter. */
const MAX_ARTIFACTS = 200;

type InspectTextFn = (text: string, options: InspectOptions) => Promise<Result<InspectReport>>;

/**
 * Finds every SSO artifact a browser captured — SAML messages in query strings and POST bodies,
 * ID/access tokens in redirects, fragments, form posts and token-endpoint responses, bearer
 * headers — and inspects each one. The HAR's cookies and other headers are never reported.
 */
export async function inspectHar(har: JsonObject, options: InspectOptions, inspectText: InspectTextFn): Promise<InspectReport<HarData>> {
  const log = har['log'];
  const entries: JsonValue[] = isJsonObject(log) && Array.isArray(log['entries']) ? log['entries'] : [];
  const found: Array<{ origin: HarArtifactOrigin; text: string }> = [];
  const seen = new Set<string>();
  const add = (origin: HarArtifactOrigin, text: string) => {
    if (found.length >= MAX_ARTIFACTS || seen.has(text)) return;
    seen.add(text);
    found.push({ origin, text });
  };
  entries.forEach((entry, i) => {
    if (!isJsonObject(entry)) return;
    const request = isJsonObject(entry['request']) ? entry['request'] : {};
    const response = isJsonObject(entry['response']) ? entry['response'] : {};
    const method = stringOf(request, 'method') ?? 'GET';
    const url = stringOf(request, 'url') ?? '';
    const origin = (where: string): HarArtifactOrigin => ({ entry: i + 1, method, url: url.split(/[?#]/)[0] ?? '', where });
    for (const [name, value] of paramsOf(url)) if (PARAMS.includes(name)) add(origin(`query ${name}`), name.startsWith('SAML') ? `${name}=${encodeURIComponent(value)}` : value);
    const post = isJsonObject(request['postData']) ? request['postData'] : undefined;
    if (post) {
      const params = Array.isArray(post['params']) ? post['params'] : [];
      for (const p of params) {
        if (!isJsonObject(p)) continue;
        const name = stringOf(p, 'name') ?? '';
        const value = stringOf(p, 'value');
        if (value !== undefined && PARAMS.includes(name)) add(origin(`form ${name}`), safeDecode(value));
      }
      const textBody = stringOf(post, 'text');
      if (textBody && params.length === 0) for (const [name, value] of new URLSearchParams(textBody)) if (PARAMS.includes(name)) add(origin(`form ${name}`), value);
    }
    for (const h of Array.isArray(request['headers']) ? request['headers'] : []) {
      if (!isJsonObject(h) || (stringOf(h, 'name') ?? '').toLowerCase() !== 'authorization') continue;
      const m = /^Bearer\s+(\S+)/i.exec(stringOf(h, 'value') ?? '');
      if (m?.[1]) add(origin('Authorization header'), m[1]);
    }
    for (const h of Array.isArray(response['headers']) ? response['headers'] : []) {
      if (!isJsonObject(h) || (stringOf(h, 'name') ?? '').toLowerCase() !== 'location') continue;
      for (const [name, value] of paramsOf(stringOf(h, 'value') ?? '')) if (PARAMS.includes(name)) add(origin(`redirect ${name}`), name.startsWith('SAML') ? `${name}=${encodeURIComponent(value)}` : value);
    }
    const content = isJsonObject(response['content']) ? response['content'] : undefined;
    const raw = content ? stringOf(content, 'text') : undefined;
    // Browsers store some bodies base64-encoded ("encoding": "base64"); look inside those too.
    const body = raw && content && stringOf(content, 'encoding') === 'base64' ? Buffer.from(raw, 'base64').toString('utf8') : raw;
    if (body && body.length < 1_000_000 && /"(id_token|access_token)"/.test(body)) {
      try {
        const json: unknown = JSON.parse(body);
        if (isJsonObject(json)) {
          const obj = json;
          for (const k of ['id_token', 'access_token']) {
            const v = stringOf(obj, k);
            if (v?.startsWith('eyJ')) add(origin(`response ${k}`), v);
          }
        }
      } catch {
        // not a JSON token response
      }
    }
  });
  // Concurrently, with one key-fetch budget for the whole capture (key-budget.ts).
  const shared: InspectOptions = options.keySource ? { ...options, keySource: new BudgetedKeySource(options.keySource) } : options;
  const decoded = await mapConcurrently(found, 8, (f) => inspectText(f.text, shared));
  const items: InspectReport[] = [];
  decoded.forEach((r, i) => {
    const f = found[i];
    if (r.ok && f) items.push({ ...r.value, data: { origin: f.origin, ...(isJsonObject(r.value.data) ? r.value.data : {}) } });
  });
  const findings = items.length === 0 ? [finding('har.malformed', 'info', `none of the ${entries.length} requests carries a SAML message or token`)] : [];
  return {
    kind: 'har',
    signature: { status: 'not-checked', detail: 'see each item' },
    findings,
    data: { entries: entries.length, artifacts: found.map((f) => f.origin) },
    items,
  };
}

function paramsOf(url: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  const q = url.indexOf('?');
  const h = url.indexOf('#');
  const parts = [q >= 0 ? url.slice(q + 1, h > q ? h : undefined) : '', h >= 0 ? url.slice(h + 1) : ''];
  for (const p of parts) if (p) for (const [k, v] of new URLSearchParams(p)) out.push([k, v]);
  return out;
}

function safeDecode(v: string): string {
  try {
    return /%[0-9A-F]{2}/i.test(v) ? decodeURIComponent(v) : v;
  } catch {
    return v;
  }
}
