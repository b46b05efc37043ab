import type { TrustedKey } from '../keys/trusted-key';

/**
 * JWS algorithms SSO Lens verifies (RFC 7518 §3.1, RFC 8037). `none` is never on it; HMAC only
 * with an `oct` key the user supplied, so a public key can never become an HMAC secret.
 */
export const ALLOWED_JWS_ALGORITHMS = [
  'RS256', 'RS384', 'RS512',
  'PS256', 'PS384', 'PS512',
  'ES256', 'ES384', 'ES512',
  'EdDSA', 'Ed25519',
  'HS256', 'HS384', 'HS512',
] as const;

export type JwsAlgorithm = (typeof ALLOWED_JWS_ALGORITHMS)[number];

export function isAllowedAlgorithm(alg: string): alg is JwsAlgorithm {
  return (ALLOWED_JWS_ALGORITHMS as readonly string[]).includes(alg);
}

/** The key type an algorithm needs; the curve for ECDSA (RFC 7518 §3.4). */
export function keyTypeFor(alg: JwsAlgorithm): { kty: TrustedKey['kty']; curve?: string } {
  if (alg.startsWith('HS')) return { kty: 'oct' };
  if (alg.startsWith('RS') || alg.startsWith('PS')) return { kty: 'RSA' };
  if (alg === 'ES256') return { kty: 'EC', curve: 'prime256v1' };
  if (alg === 'ES384') return { kty: 'EC', curve: 'secp384r1' };
  if (alg === 'ES512') return { kty: 'EC', curve: 'secp521r1' };
  return { kty: 'OKP' };
}

export function keyFitsAlgorithm(key: TrustedKey, alg: JwsAlgorithm): boolean {
  const need = keyTypeFor(alg);
  if (key.kty !== need.kty) return false;
  if (need.curve && key.key.asymmetricKeyDetails?.namedCurve !== need.curve) return false;
  if (need.kty === 'OKP' && key.key.asymmetricKeyType !== 'ed25519' && key.key.asymmetricKeyType !== 'ed448') return false;
  // A JWK that names its algorithm is used for that algorithm only (RFC 7517 §4.4).
  if (key.alg !== undefined && key.alg !== alg && !(alg === 'Ed25519' && key.alg === 'EdDSA')) return false;
  return key.use === undefined || key.use === 'sig';
}
