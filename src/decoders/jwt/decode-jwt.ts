import { decodeBase64Url } from '../encoding/base64';
import { isJsonObject, parseJson, type JsonObject } from '../json';
import { LIMITS } from '../limits';
import { jsonNestingDepth, MAX_JSON_DEPTH } from './json-depth';
import { fail, ok, type Result } from '../result';
import { looksLikeJson, payloadData, type PayloadData } from './payload-data';

/** A compact JWS split and decoded. Nothing in it is trusted: see `verifyJws`. */
export interface DecodedJws {
  form: 'jws';
  header: JsonObject;
  /** The claims; empty when the payload is data rather than JSON (see `payloadData`). */
  payload: JsonObject;
  /** Set when the payload is not JSON: a JWS may sign any octets (RFC 7515 §2, RFC 7520 §4). */
  payloadData?: PayloadData;
  /** `header.payload` exactly as received: the bytes the signature covers. */
  signingInput: string;
  signature: Buffer;
  compact: string;
  /** Segments that carried `=` padding (not allowed by RFC 7515, seen in real samples). */
  paddedSegments: string[];
}

/** A compact JWE (RFC 7516 §7.1): only the protected header is readable without the key. */
export interface DecodedJwe {
  form: 'jwe';
  header: JsonObject;
  compact: string;
}

export type DecodedCompact = DecodedJws | DecodedJwe;

const SEGMENT_NAMES = ['header', 'payload', 'signature'] as const;

/**
 * Decodes a compact JWS or JWE **without verifying anything**: the result says what the token
 * claims, not that it is true. Errors are `jwt.malformed` with the failing part named.
 *
 * @example decodeCompact('eyJhbGciOi...').ok
 * @see https://www.rfc-editor.org/rfc/rfc7515#section-7.1
 */
export function decodeCompact(input: string): Result<DecodedCompact> {
  const compact = input.trim();
  if (compact.length > LIMITS.maxTokenBytes) {
    return fail('input.too-large', `the token is ${compact.length} bytes; the limit is ${LIMITS.maxTokenBytes}`);
  }
  const parts = compact.split('.');
  if (parts.length === 5) return decodeJwe(compact, parts);
  if (parts.length !== 3) {
    return fail('jwt.malformed', `a compact JWS has 3 dot-separated parts and a JWE 5; this has ${parts.length}`);
  }
  const padded: string[] = [];
  const decoded: Buffer[] = [];
  for (let i = 0; i < 3; i++) {
    const part = parts[i] ?? '';
    const name = SEGMENT_NAMES[i] ?? 'segment';
    const r = decodeBase64Url(part);
    if (!r.ok) return fail('jwt.malformed', `the ${name} ${r.error.message}`);
    if (part.endsWith('=')) padded.push(name);
    decoded.push(r.value);
  }
  const header = parseJsonPart(decoded[0], 'header');
  if (!header.ok) return header;
  const payloadBytes = decoded[1] ?? Buffer.alloc(0);
  const data = payloadBytes.length > 0 && !looksLikeJson(payloadBytes) ? payloadData(payloadBytes) : undefined;
  const payload = data ? ok({}) : parseJsonPart(payloadBytes, 'payload');
  if (!payload.ok) return payload;
  return ok({
    form: 'jws',
    header: header.value,
    payload: payload.value,
    ...(data ? { payloadData: data } : {}),
    signingInput: `${parts[0]}.${parts[1]}`,
    signature: decoded[2] ?? Buffer.alloc(0),
    compact,
    paddedSegments: padded,
  });
}

function decodeJwe(compact: string, parts: string[]): Result<DecodedJwe> {
  for (let i = 0; i < parts.length; i++) {
    const r = decodeBase64Url(parts[i] ?? '');
    if (!r.ok) return fail('jwt.malformed', `JWE part ${i + 1} ${r.error.message}`);
  }
  const head = decodeBase64Url(parts[0] ?? '');
  if (!head.ok) return head;
  const header = parseJsonPart(head.value, 'JWE protected header');
  if (!header.ok) return header;
  if (typeof header.value['enc'] !== 'string') return fail('jwt.malformed', 'the JWE header has no "enc"');
  return ok({ form: 'jwe', header: header.value, compact });
}

/** A decoded part as a JSON object, with the nesting and NUL checks every token part gets. */
export function parseJsonPart(bytes: Buffer | undefined, name: string): Result<JsonObject> {
  const text = (bytes ?? Buffer.alloc(0)).toString('utf8');
  if (text.includes('\u0000')) return fail('jwt.malformed', `the ${name} contains NUL bytes`);
  if (jsonNestingDepth(text) > MAX_JSON_DEPTH) return fail('jwt.malformed', `the ${name} nests JSON more than ${MAX_JSON_DEPTH} levels deep; no real token does`);
  const value = parseJson(text);
  if (value === undefined) return fail('jwt.malformed', `the ${name} is not valid JSON`);
  if (!isJsonObject(value)) return fail('jwt.malformed', `the ${name} is JSON but not an object`);
  return ok(value);
}

/** A cheap test for "this text is a compact JWT", used for hovers and content detection. */
export const COMPACT_JWT = /^[A-Za-z0-9_-]{2,}={0,2}\.[A-Za-z0-9_-]*={0,2}\.[A-Za-z0-9_-]*={0,2}$/;
export const COMPACT_JWE = /^[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;
/** Finds JWT-looking runs inside other text (headers start with `{"` => base64url `eyJ`). */
export const JWT_IN_TEXT = /eyJ[A-Za-z0-9_-]{4,}={0,2}\.[A-Za-z0-9_-]*={0,2}\.[A-Za-z0-9_-]*={0,2}/g;
