/**
 * A JWS payload or JWE plaintext that is not a JSON claims set. RFC 7515 §2 lets a JWS carry any
 * octets (RFC 7520 §4 signs a line of prose); only a JWT (RFC 7519) must carry a JSON object. Shown
 * as data: bounded, and escaped so control characters and invalid UTF-8 cannot disturb a terminal
 * or a report.
 */
export interface PayloadData {
  /** UTF-8 text with control characters escaped, or `base64url:` + the bytes when not UTF-8. */
  text: string;
  bytes: number;
  encoding: 'utf-8' | 'base64url';
  /** The text was cut at `MAX_PAYLOAD_DATA_CHARS`. */
  truncated: boolean;
}

export const MAX_PAYLOAD_DATA_CHARS = 4096;

/** Payloads that start like JSON are claims sets (a broken one stays `jwt.malformed`). */
export function looksLikeJson(bytes: Buffer): boolean {
  const first = bytes.toString('utf8', 0, Math.min(bytes.length, 64)).trimStart()[0];
  return first === '{' || first === '[' || first === '"';
}

export function payloadData(bytes: Buffer): PayloadData {
  const text = bytes.toString('utf8');
  const utf8 = Buffer.from(text, 'utf8').equals(bytes);
  const shown = utf8 ? escapeControls(text) : `base64url:${bytes.toString('base64url')}`;
  const truncated = shown.length > MAX_PAYLOAD_DATA_CHARS;
  return { text: truncated ? shown.slice(0, MAX_PAYLOAD_DATA_CHARS) : shown, bytes: bytes.length, encoding: utf8 ? 'utf-8' : 'base64url', truncated };
}

function escapeControls(text: string): string {
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
