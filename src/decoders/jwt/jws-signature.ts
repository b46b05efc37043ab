import { constants, verify, type KeyObject, type VerifyKeyObjectInput } from 'node:crypto';
import { compactVerify } from 'jose';
import type { JwsAlgorithm } from './algorithms';
import type { DecodedJws } from './decode-jwt';

/**
 * The signature check of a compact JWS the token decoder has already split and decoded.
 *
 * jose's `compactVerify` decodes the token a second time, looks up the KeyObject's CryptoKey and
 * verifies through WebCrypto, a round trip through libuv's thread pool that costs more than the
 * arithmetic for one token. For the common case — RS*, PS*, ES* with a plain RSA (≥ 2048 bits) or EC key of
 * the named curve, a header without `crit`, segments without padding — the same OpenSSL
 * primitives are called through `node:crypto` on the bytes already decoded and the KeyObject as
 * it is (no per-call key import): RSASSA
 * PKCS#1 v1.5, RSASSA-PSS with the salt as long as the hash, and ECDSA with the raw r‖s encoding
 * of RFC 7518 §3.4. Everything else (crit and b64, EdDSA, HMAC, short RSA keys, rsa-pss keys,
 * padded segments) goes to jose exactly as before, so its refusals stay jose's.
 *
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3
 */
export async function verifyJwsSignature(jws: DecodedJws, key: KeyObject, alg: JwsAlgorithm): Promise<boolean> {
  const direct = directInput(jws, key, alg);
  if (direct) return verifyDirect(jws, direct);
  try {
    await compactVerify(jws.compact, key, { algorithms: [alg] });
    return true;
  } catch {
    return false;
  }
}

interface Direct {
  hash: 'sha256' | 'sha384' | 'sha512';
  key: VerifyKeyObjectInput;
}

const HASH = { '256': 'sha256', '384': 'sha384', '512': 'sha512' } as const;
/** RFC 7518 §3.4: the curve each ECDSA algorithm is defined on (OpenSSL names). */
const CURVE: Readonly<Record<string, string>> = { ES256: 'prime256v1', ES384: 'secp384r1', ES512: 'secp521r1' };

/** The direct verification for this algorithm and key, or undefined when jose must decide. */
export function directInput(jws: DecodedJws, key: KeyObject, alg: JwsAlgorithm): Direct | undefined {
  if (jws.header['crit'] !== undefined || jws.paddedSegments.length > 0) return undefined;
  const hash = HASH[alg.slice(2) as keyof typeof HASH];
  if (hash === undefined) return undefined;
  const details = key.asymmetricKeyDetails;
  if (alg.startsWith('RS') || alg.startsWith('PS')) {
    // jose refuses RSA keys under 2048 bits (RFC 7518 §3.3); leave that refusal to it.
    if (key.asymmetricKeyType !== 'rsa' || (details?.modulusLength ?? 0) < 2048) return undefined;
    return alg.startsWith('RS')
      ? { hash, key: { key, padding: constants.RSA_PKCS1_PADDING } }
      : { hash, key: { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST } };
  }
  if (alg.startsWith('ES')) {
    if (key.asymmetricKeyType !== 'ec' || details?.namedCurve !== CURVE[alg]) return undefined;
    return { hash, key: { key, dsaEncoding: 'ieee-p1363' } };
  }
  return undefined;
}

/**
 * Synchronous on purpose: the check itself takes tens of microseconds, less than handing a job to
 * the thread pool and back (WebCrypto, or `crypto.verify` with a callback) costs the main thread.
 */
function verifyDirect(jws: DecodedJws, direct: Direct): boolean {
  try {
    return verify(direct.hash, Buffer.from(jws.signingInput, 'ascii'), direct.key, jws.signature);
  } catch {
    return false;
  }
}
