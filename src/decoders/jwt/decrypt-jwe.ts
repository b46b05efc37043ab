import type { KeyObject } from 'node:crypto';
import { compactDecrypt, errors } from 'jose';
import { stringOf } from '../json';
import { LIMITS } from '../limits';
import type { DecodedJwe } from './decode-jwt';

/**
 * Key management a private key can undo (RFC 7518 §4.3, §4.6; RSA-OAEP-384/-512 from the IANA JOSE
 * registry). `dir`, AES key wrap and PBES2 need a shared secret or password, which `--decrypt-key`
 * (a private key) never is.
 */
export const JWE_KEY_MANAGEMENT_ALGORITHMS = ['RSA-OAEP', 'RSA-OAEP-256', 'RSA-OAEP-384', 'RSA-OAEP-512', 'ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A192KW', 'ECDH-ES+A256KW'] as const;

/** Content encryption (RFC 7518 §5.1): AES-GCM and AES-CBC with HMAC, all authenticated. */
export const JWE_CONTENT_ENCRYPTION_ALGORITHMS = ['A128GCM', 'A192GCM', 'A256GCM', 'A128CBC-HS256', 'A192CBC-HS384', 'A256CBC-HS512'] as const;

/**
 * Most bytes a `"zip": "DEF"` payload may inflate to. A compressed JWE can carry a "zip bomb"
 * (RFC 8725 §3.6); the plaintext is at most a token, so the token limit bounds it too.
 */
export const MAX_JWE_PLAINTEXT_BYTES = LIMITS.maxTokenBytes;

export interface JweFailure {
  ok: false;
  reason: 'too-large' | 'not-allowed' | 'failed';
  message: string;
}

export type JweDecryption = { ok: true; plaintext: Buffer; keyIndex: number } | JweFailure;

/**
 * Decrypts a compact JWE with each of the user's private keys in turn (jose `compactDecrypt`, the
 * allow-lists above). A wrong key and a changed ciphertext look the same on purpose: jose answers
 * both with one error so the failure is no padding oracle (RFC 7516 §11.5).
 *
 * @see https://www.rfc-editor.org/rfc/rfc7516#section-5.2
 */
export async function decryptJwe(jwe: DecodedJwe, keys: KeyObject[]): Promise<JweDecryption> {
  const alg = stringOf(jwe.header, 'alg') ?? '';
  const enc = stringOf(jwe.header, 'enc') ?? '';
  const refused = refuseAlgorithms(alg, enc);
  if (refused) return { ok: false, reason: 'not-allowed', message: refused };
  const fitting = keys.map((key, index) => ({ key, index })).filter(({ key }) => keyFits(key, alg));
  if (fitting.length === 0) {
    const types = [...new Set(keys.map(describeKeyType))].join(', ');
    return { ok: false, reason: 'failed', message: `${alg} needs ${alg.startsWith('RSA') ? 'an RSA' : 'an EC (P-256/P-384/P-521) or X25519'} private key; the key given is ${types}` };
  }
  let failure: JweFailure = { ok: false, reason: 'failed', message: 'no key' };
  for (const { key, index } of fitting) {
    try {
      const r = await compactDecrypt(jwe.compact, key, {
        keyManagementAlgorithms: [...JWE_KEY_MANAGEMENT_ALGORITHMS],
        contentEncryptionAlgorithms: [...JWE_CONTENT_ENCRYPTION_ALGORITHMS],
        maxDecompressedLength: MAX_JWE_PLAINTEXT_BYTES,
      });
      return { ok: true, plaintext: Buffer.from(r.plaintext), keyIndex: index };
    } catch (e) {
      failure = explain(e);
      if (failure.reason === 'too-large') return failure;
    }
  }
  return failure;
}

function refuseAlgorithms(alg: string, enc: string): string | undefined {
  if (alg === 'RSA1_5') {
    // Not decrypted at all: jose 6 dropped it, and RFC 8725 §3.2 advises against it.
    return 'the key is wrapped with RSA1_5 (RSA PKCS#1 v1.5), which is open to padding-oracle (Bleichenbacher) attacks (RFC 8725 §3.2) and is not supported; ask the issuer to encrypt with RSA-OAEP-256';
  }
  if (!(JWE_KEY_MANAGEMENT_ALGORITHMS as readonly string[]).includes(alg)) {
    const secret = alg === 'dir' || /^A\d+(GCM)?KW$/.test(alg) || alg.startsWith('PBES2');
    return secret
      ? `"alg": ${JSON.stringify(alg)} uses a shared secret or password, not a private key; SSO Lens decrypts only with a private key (RSA-OAEP*, ECDH-ES*)`
      : `"alg": ${JSON.stringify(alg)} is not on the allow-list (${JWE_KEY_MANAGEMENT_ALGORITHMS.join(', ')})`;
  }
  if (!(JWE_CONTENT_ENCRYPTION_ALGORITHMS as readonly string[]).includes(enc)) {
    return `"enc": ${JSON.stringify(enc)} is not on the allow-list (${JWE_CONTENT_ENCRYPTION_ALGORITHMS.join(', ')})`;
  }
  return undefined;
}

function keyFits(key: KeyObject, alg: string): boolean {
  if (key.type !== 'private') return false;
  if (alg.startsWith('RSA-OAEP')) return key.asymmetricKeyType === 'rsa';
  return key.asymmetricKeyType === 'ec' || key.asymmetricKeyType === 'x25519';
}

function describeKeyType(key: KeyObject): string {
  if (key.type !== 'private') return `a ${key.type} key`;
  const curve = key.asymmetricKeyDetails?.namedCurve;
  return `${(key.asymmetricKeyType ?? '?').toUpperCase()}${curve ? ` (${curve})` : ''}`;
}

/** jose's errors into words; its messages never contain key material, but are not shown as they are either. */
function explain(e: unknown): JweFailure {
  if (e instanceof errors.JWEInvalid && /decompress|exceeded/i.test(e.message)) {
    return { ok: false, reason: 'too-large', message: `the compressed ("zip": "DEF") payload inflates beyond ${MAX_JWE_PLAINTEXT_BYTES} bytes; it was not decompressed further` };
  }
  if (e instanceof errors.JWEDecryptionFailed) {
    return { ok: false, reason: 'failed', message: 'the authentication tag does not match: the token was encrypted for another key, or its header or ciphertext was changed' };
  }
  if (e instanceof errors.JOSEAlgNotAllowed || e instanceof errors.JOSENotSupported) return { ok: false, reason: 'not-allowed', message: (e as Error).message };
  if (e instanceof errors.JWEInvalid) return { ok: false, reason: 'failed', message: `the JWE is not well formed: ${e.message}` };
  return { ok: false, reason: 'failed', message: `decryption failed: ${e instanceof Error ? e.message : 'unknown error'}` };
}
