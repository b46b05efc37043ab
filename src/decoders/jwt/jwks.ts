import { createPublicKey, createSecretKey, createHash, type KeyObject } from 'node:crypto';
import { isJsonObject, stringOf, type JsonObject, type JsonValue } from '../json';
import { LIMITS } from '../limits';
import { fail, ok, type Result } from '../result';
import type { TrustedKey } from '../keys/trusted-key';
import { readableCertificate } from '../x509/certificate';

export interface ParsedJwks {
  keys: TrustedKey[];
  /** Keys that were skipped, and why (unsupported kty, bad parameters…). */
  skipped: string[];
}

/** Reads a JWKS (`{"keys":[…]}`) or a single JWK into trusted keys. */
export function parseJwks(value: JsonValue, source: string): Result<ParsedJwks> {
  if (!isJsonObject(value)) return fail('jwks.malformed', 'a JWKS is a JSON object');
  const list: JsonValue[] | undefined = Array.isArray(value['keys']) ? value['keys'] : typeof value['kty'] === 'string' ? [value] : undefined;
  if (!list) return fail('jwks.malformed', 'no "keys" array and no single JWK ("kty")');
  const keys: TrustedKey[] = [];
  const skipped: string[] = [];
  list.slice(0, LIMITS.maxJwksKeys).forEach((jwk, i) => {
    const r = jwkToTrustedKey(jwk, source);
    if (r.ok) keys.push(r.value);
    else skipped.push(`key ${i + 1}: ${r.error.message}`);
  });
  if (list.length > LIMITS.maxJwksKeys) skipped.push(`${list.length - LIMITS.maxJwksKeys} keys beyond the limit of ${LIMITS.maxJwksKeys} were ignored`);
  return ok({ keys, skipped });
}

function jwkToTrustedKey(jwk: JsonValue, source: string): Result<TrustedKey> {
  if (!isJsonObject(jwk)) return fail('jwks.malformed', 'not a JSON object');
  const kty = stringOf(jwk, 'kty');
  let key: KeyObject;
  try {
    if (kty === 'oct') {
      const k = stringOf(jwk, 'k');
      if (k === undefined) return fail('jwks.malformed', 'an oct key without "k"');
      key = createSecretKey(Buffer.from(k, 'base64url'));
    } else if (kty === 'RSA' || kty === 'EC' || kty === 'OKP') {
      key = createPublicKey({ key: publicPart(jwk), format: 'jwk' });
    } else {
      return fail('jwks.malformed', `unsupported kty ${JSON.stringify(kty)}`);
    }
  } catch (e) {
    return fail('jwks.malformed', `unusable ${kty} key (${(e as Error).message})`);
  }
  const out: TrustedKey = { source, kty, key };
  const kid = stringOf(jwk, 'kid');
  if (kid !== undefined) out.kid = kid;
  const alg = stringOf(jwk, 'alg');
  if (alg !== undefined) out.alg = alg;
  const use = stringOf(jwk, 'use');
  if (use !== undefined) out.use = use;
  const x5t = stringOf(jwk, 'x5t');
  if (x5t !== undefined) out.x5t = x5t;
  const x5c = jwk['x5c'];
  if (Array.isArray(x5c) && typeof x5c[0] === 'string') {
    // A broken x5c (also one whose own public key is unreadable) does not invalidate the key
    // parameters themselves; the certificate is simply not kept.
    const cert = readableCertificate(Buffer.from(x5c[0], 'base64'));
    if (cert.ok) {
      out.certificate = cert.value;
      out.x5t ??= createHash('sha1').update(cert.value.raw).digest('base64url');
    }
  }
  return ok(out);
}

/** Only the public members; a pasted private JWK must not be kept around as such. */
function publicPart(jwk: JsonObject): { [k: string]: string } {
  const keep = ['kty', 'n', 'e', 'crv', 'x', 'y'];
  const out: { [k: string]: string } = {};
  for (const k of keep) {
    const v = jwk[k];
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}
