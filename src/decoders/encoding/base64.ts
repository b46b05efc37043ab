import { fail, ok, type Result } from '../result';

const BASE64URL = /^[A-Za-z0-9_-]*={0,2}$/;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * Decodes one base64url segment (RFC 7515 §2: no padding). Node's decoder silently skips bad
 * characters, so the alphabet and length are checked first: a truncated or altered segment must be
 * reported, not half-decoded. Trailing `=` padding is tolerated because real samples carry it
 * (the Microsoft docs' v1 ID token); callers can note it.
 */
export function decodeBase64Url(segment: string): Result<Buffer> {
  if (!BASE64URL.test(segment)) return fail('jwt.malformed', 'contains characters outside the base64url alphabet');
  const bare = segment.replace(/=+$/, '');
  if (bare.length % 4 === 1) return fail('jwt.malformed', 'has an impossible length for base64url (truncated?)');
  return ok(Buffer.from(bare, 'base64url'));
}

/** Decodes standard base64 (RFC 4648 §4), ignoring line breaks and spaces as MIME and PEM wrap it. */
export function decodeBase64(text: string): Result<Buffer> {
  const compact = text.replace(/[\s]+/g, '');
  if (compact.length === 0 || !BASE64.test(compact)) return fail('input.unrecognised', 'not base64');
  const bare = compact.replace(/=+$/, '');
  if (bare.length % 4 === 1) return fail('input.unrecognised', 'base64 of an impossible length (truncated?)');
  return ok(Buffer.from(bare, 'base64'));
}

/** True when the whole text is plausibly standard base64 (used by content detection). */
export function looksLikeBase64(text: string): boolean {
  const compact = text.replace(/\s+/g, '');
  return compact.length >= 8 && BASE64.test(compact);
}
