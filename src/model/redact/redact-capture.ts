/**
 * "Share safely": a copy of a HAR or SAML-tracer export with signatures, authorization codes,
 * cookies, client secrets, tokens and personal data replaced by stable placeholders, keeping what
 * diagnoses a sign-in (issuers, audiences, times, algorithms, certificates and their thumbprints,
 * status codes, claim names). CLI contract "Additions (version 2)", `sso-lens redact`.
 */
import { isJsonObject, parseJson, stringOf, type JsonObject, type JsonValue } from '../../decoders/json';
import { jsonNestingDepth, MAX_JSON_DEPTH } from '../../decoders/jwt/json-depth';
import { LIMITS } from '../../decoders/limits';
import { fail, ok, type Result } from '../../decoders/result';
import { PlaceholderBook, type KeepCategory, type RedactionCategory } from './placeholders';
import { ValueRedactor } from './redact-values';

export type CaptureFormat = 'har' | 'saml-tracer';

export interface RedactionOutcome {
  format: CaptureFormat;
  /** The redacted capture, as JSON text. */
  text: string;
  /** Distinct values removed, per category. */
  removed: Record<RedactionCategory, number>;
  /** Requests in the capture. */
  requests: number;
}

export interface RedactOptions {
  /** Personal data to keep (`--keep oid`): object IDs, e-mails or names. */
  keep?: KeepCategory[];
}

/** HAR 1.2 (W3C draft "HTTP Archive"): `{"log": {"entries": [...]}}`. */
function isHar(v: JsonValue): v is JsonObject {
  return isJsonObject(v) && isJsonObject(v['log']) && Array.isArray(v['log']['entries']);
}

/**
 * SAML-tracer's export (src/SAMLTraceIO.js `exportRequests`): `{"requests": [...], "timestamp"}`,
 * each request with `method`, `url`, `requestHeaders`, `responseHeaders` (objects `{name, value}`,
 * or `[name, value]` pairs in exports made before 1.0), `get`/`post` as `[name, value]` pairs and
 * `saml` (the decoded XML). A bare array of such requests is accepted too.
 */
function tracerRequests(v: JsonValue): JsonValue[] | undefined {
  const list = isJsonObject(v) ? v['requests'] : v;
  if (!Array.isArray(list)) return undefined;
  return list.every((r) => isJsonObject(r) && typeof r['url'] === 'string') ? list : undefined;
}

export function redactCapture(bytes: Uint8Array, options: RedactOptions = {}): Result<RedactionOutcome> {
  if (bytes.length > LIMITS.maxInputBytes) return fail('input.too-large', `the capture is ${bytes.length} bytes; the limit is ${LIMITS.maxInputBytes}`);
  const text = Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, '');
  // Captures nest about 6 deep; a hostile one nested thousands deep must not overflow the stack.
  if (jsonNestingDepth(text, MAX_JSON_DEPTH) > MAX_JSON_DEPTH) return fail('input.unrecognised', `the JSON nests deeper than ${MAX_JSON_DEPTH} levels; no HAR or SAML-tracer export does`);
  const json = parseJson(text);
  if (json === undefined) return fail('input.unrecognised', 'not JSON: a HAR file or a SAML-tracer export is expected');
  const book = new PlaceholderBook(new Set(options.keep ?? []));
  const values = new ValueRedactor(book);
  let format: CaptureFormat;
  let requests: number;
  let redacted: JsonValue;
  if (isHar(json)) {
    format = 'har';
    const log = json['log'] as JsonObject;
    const entries = log['entries'] as JsonValue[];
    requests = entries.length;
    redacted = { ...json, log: { ...walkObject(log, values), entries: entries.map((e) => harEntry(e, values)) } };
  } else {
    const list = tracerRequests(json);
    if (!list) return fail('input.unrecognised', 'neither a HAR file ({"log": {"entries": …}}) nor a SAML-tracer export ({"requests": […]})');
    format = 'saml-tracer';
    requests = list.length;
    const out = list.map((r) => tracerRequest(r, values));
    redacted = isJsonObject(json) ? { ...walkObject(json, values), requests: out } : out;
  }
  // Second pass: every value replaced anywhere is replaced everywhere else it still appears.
  const scrubbed = scrub(redacted, book);
  return ok({ format, text: `${JSON.stringify(scrubbed, null, 2)}\n`, removed: book.summary(), requests });
}

function harEntry(entry: JsonValue, values: ValueRedactor): JsonValue {
  if (!isJsonObject(entry)) return walk(entry, values);
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(entry)) {
    if (k === 'request' && isJsonObject(v)) out[k] = harMessage(v, values, 'request');
    else if (k === 'response' && isJsonObject(v)) out[k] = harMessage(v, values, 'response');
    else out[k] = walk(v, values);
  }
  return out;
}

function harMessage(message: JsonObject, values: ValueRedactor, side: 'request' | 'response'): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(message)) {
    if ((k === 'url' || k === 'redirectURL') && typeof v === 'string') out[k] = values.url(v);
    else if (k === 'headers') out[k] = pairs(v, (name, value) => values.header(name, value));
    else if (k === 'queryString') out[k] = pairs(v, (name, value) => values.param(name, value));
    else if (k === 'cookies') out[k] = cookies(v, values);
    else if (k === 'postData' && isJsonObject(v)) out[k] = postData(v, values);
    else if (k === 'content' && isJsonObject(v) && side === 'response') out[k] = content(v, values);
    else out[k] = walk(v, values);
  }
  return out;
}

/** HAR `{name, value}` lists (headers, query string, form params), each value by its name. */
function pairs(list: JsonValue | undefined, redact: (name: string, value: string) => string): JsonValue {
  if (!Array.isArray(list)) return list ?? null;
  return list.map((p) => {
    if (isJsonObject(p)) {
      const name = stringOf(p, 'name');
      const value = stringOf(p, 'value');
      if (name !== undefined && value !== undefined) return { ...p, value: redact(name, value) };
      return p;
    }
    // Pre-1.0 SAML-tracer exports: [name, value].
    if (Array.isArray(p) && typeof p[0] === 'string' && typeof p[1] === 'string') return [p[0], redact(p[0], p[1])];
    return p;
  });
}

function cookies(list: JsonValue | undefined, values: ValueRedactor): JsonValue {
  if (!Array.isArray(list)) return list ?? null;
  return list.map((c) => (isJsonObject(c) && typeof c['value'] === 'string' ? { ...c, value: values.book.secret('cookies', c['value']) } : c));
}

function postData(post: JsonObject, values: ValueRedactor): JsonObject {
  const mime = stringOf(post, 'mimeType') ?? '';
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(post)) {
    if (k === 'params') out[k] = pairs(v, (name, value) => (/%[0-9A-F]{2}/i.test(value) ? encodeURIComponent(values.param(name, decode(value))) : values.param(name, value)));
    else if (k === 'text' && typeof v === 'string') out[k] = values.body(v, mime);
    else out[k] = walk(v, values);
  }
  return out;
}

/** A response body; browsers store binary and some text bodies base64-encoded (`encoding`). */
function content(body: JsonObject, values: ValueRedactor): JsonObject {
  const mime = stringOf(body, 'mimeType') ?? '';
  const text = stringOf(body, 'text');
  if (text === undefined) return walkObject(body, values);
  const base64 = stringOf(body, 'encoding') === 'base64';
  const plain = base64 ? Buffer.from(text, 'base64').toString('utf8') : text;
  const redacted = values.body(plain, mime);
  return { ...body, text: base64 ? Buffer.from(redacted).toString('base64') : redacted };
}

function tracerRequest(request: JsonValue, values: ValueRedactor): JsonValue {
  if (!isJsonObject(request)) return walk(request, values);
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(request)) {
    if (k === 'url' && typeof v === 'string') out[k] = values.url(v);
    else if (k === 'requestHeaders' || k === 'responseHeaders') out[k] = pairs(v, (name, value) => values.header(name, value));
    else if (k === 'get' || k === 'post') out[k] = pairs(v, (name, value) => values.param(name, value));
    // The decoded message SAML-tracer shows (XML; a WS-Federation wresult is XML too).
    else if (k === 'saml' && typeof v === 'string') out[k] = v.trim().startsWith('<') ? values.samlXml(v, true) : values.book.secret('tokens', v);
    else if (k === 'samlart' && typeof v === 'string') out[k] = values.book.secret('authorization-codes', v);
    else if (k === 'postData' && isJsonObject(v)) out[k] = formData(v, values);
    else out[k] = walk(v, values);
  }
  return out;
}

/** The browser's parsed form data (`{field: [values]}`) that some exports keep. */
function formData(data: JsonObject, values: ValueRedactor): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(data)) out[k] = Array.isArray(v) ? v.map((x) => (typeof x === 'string' ? values.param(k, x) : walk(x, values))) : typeof v === 'string' ? values.param(k, v) : walk(v, values);
  return out;
}

/**
 * The capture's own structure (creator, pages, timings, comments): strings as text, so JWTs and
 * e-mails inside are still caught, but no member is taken for a claim by its name (`name` here is
 * a header's or a browser's name, not a person's).
 */
function walk(value: JsonValue, values: ValueRedactor): JsonValue {
  if (typeof value === 'string') return values.text(value);
  if (Array.isArray(value)) return value.map((v) => walk(v, values));
  if (isJsonObject(value)) return walkObject(value, values);
  return value;
}

function walkObject(value: JsonObject, values: ValueRedactor): JsonObject {
  const out: JsonObject = {};
  for (const [k, v] of Object.entries(value)) out[k] = walk(v, values);
  return out;
}

function scrub(value: JsonValue, book: PlaceholderBook): JsonValue {
  if (typeof value === 'string') return book.scrubEchoes(value);
  if (Array.isArray(value)) return value.map((v) => scrub(v, book));
  if (isJsonObject(value)) {
    const out: JsonObject = {};
    for (const [k, v] of Object.entries(value)) out[k] = scrub(v, book);
    return out;
  }
  return value;
}

function decode(v: string): string {
  try {
    return decodeURIComponent(v.replace(/\+/g, '%20'));
  } catch {
    return v;
  }
}
