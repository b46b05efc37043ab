import { isJsonObject, numberOf, stringOf, type JsonObject, type JsonValue } from '../json';
import { MAX_KEPT_BODY_CHARS, type Exchange, type Header } from './exchange';
import { scanJsonArray, type ScanOutcome } from './json-elements';

/**
 * HAR 1.2 (W3C draft "HTTP Archive", https://w3c.github.io/web-performance/specs/HAR/Overview.html)
 * as Chrome, Edge, Firefox and Safari export it, read entry by entry. Differences between the
 * browsers handled here: Firefox and Safari leave `postData.params` empty and give only
 * `postData.text`; Chrome adds `_resourceType`; bodies may be base64 (`content.encoding`);
 * Safari writes `time` and `timings` as fractions and sometimes omits `content.text`.
 */
export function readHarEntries(bytes: Uint8Array, onExchange: (e: Exchange) => 'continue' | 'stop'): ScanOutcome {
  return scanJsonArray(bytes, ['log', 'entries'], (entry, i) => {
    if (!isJsonObject(entry)) return 'continue';
    return onExchange(harExchange(entry, i + 1));
  });
}

export function harExchange(entry: JsonObject, index: number): Exchange {
  const request = objectAt(entry, 'request');
  const response = objectAt(entry, 'response');
  const content = objectAt(response, 'content');
  const post = objectAt(request, 'postData');
  const started = stringOf(entry, 'startedDateTime');
  const duration = numberOf(entry, 'time');
  const status = numberOf(response, 'status');
  const form = formOf(post);
  const body = bodyOf(content);
  const mime = stringOf(content, 'mimeType');
  const resourceType = stringOf(entry, '_resourceType');
  return {
    entry: index,
    ...(started !== undefined && !Number.isNaN(Date.parse(started)) ? { time: new Date(Date.parse(started)).toISOString() } : {}),
    ...(duration !== undefined && duration >= 0 ? { durationMs: Math.round(duration) } : {}),
    method: (stringOf(request, 'method') ?? 'GET').toUpperCase(),
    url: stringOf(request, 'url') ?? '',
    requestHeaders: headersOf(request['headers']),
    ...(form ? { form } : {}),
    // Browsers record 0 (Chrome) or -1 for a request that got no response.
    ...(status !== undefined && status > 0 ? { status } : {}),
    responseHeaders: headersOf(response['headers']),
    ...(body !== undefined ? { responseBody: body } : {}),
    ...(mime !== undefined ? { responseMimeType: mime } : {}),
    ...(resourceType !== undefined ? { resourceType } : {}),
  };
}

function objectAt(obj: JsonObject, key: string): JsonObject {
  const v = obj[key];
  return isJsonObject(v) ? v : {};
}

export function headersOf(value: JsonValue | undefined): Header[] {
  if (!Array.isArray(value)) return [];
  const out: Header[] = [];
  for (const h of value) {
    if (isJsonObject(h)) {
      const name = stringOf(h, 'name');
      const v = stringOf(h, 'value');
      if (name !== undefined && v !== undefined) out.push({ name, value: v });
    } else if (Array.isArray(h) && typeof h[0] === 'string' && typeof h[1] === 'string') out.push({ name: h[0], value: h[1] });
  }
  return out;
}

/** `params` (decoded or still url-encoded, depending on the browser) or else the url-encoded `text`. */
function formOf(post: JsonObject): Array<[string, string]> | undefined {
  const params = Array.isArray(post['params']) ? post['params'] : [];
  const out: Array<[string, string]> = [];
  for (const p of params) {
    if (!isJsonObject(p)) continue;
    const name = stringOf(p, 'name');
    if (name !== undefined) out.push([urlDecode(name), urlDecode(stringOf(p, 'value') ?? '')]);
  }
  if (out.length > 0) return out;
  const text = stringOf(post, 'text');
  const mime = (stringOf(post, 'mimeType') ?? '').toLowerCase();
  if (text === undefined || text.length > MAX_KEPT_BODY_CHARS) return undefined;
  if (mime.includes('x-www-form-urlencoded') || (mime === '' && /^[\w.-]+=/.test(text))) return [...new URLSearchParams(text)];
  return undefined;
}

/**
 * Chrome records `params` values still url-encoded (`%2B`), Firefox decoded. A value that holds a
 * `%XX` escape and decodes cleanly was encoded; base64 never holds `%`.
 */
function urlDecode(v: string): string {
  if (!/%[0-9A-Fa-f]{2}/.test(v)) return v;
  try {
    return decodeURIComponent(v.replace(/\+/g, ' '));
  } catch {
    return v;
  }
}

function bodyOf(content: JsonObject): string | undefined {
  const text = stringOf(content, 'text');
  if (text === undefined || text.length > MAX_KEPT_BODY_CHARS * 2) return undefined;
  const mime = (stringOf(content, 'mimeType') ?? '').toLowerCase();
  if (mime && !/json|html|xml|text\/plain|x-www-form-urlencoded/.test(mime)) return undefined;
  const decoded = stringOf(content, 'encoding') === 'base64' ? Buffer.from(text, 'base64').toString('utf8') : text;
  return decoded.length > MAX_KEPT_BODY_CHARS ? undefined : decoded;
}
