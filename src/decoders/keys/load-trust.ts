import { createHash, createPublicKey, type KeyObject, type X509Certificate } from 'node:crypto';
import { parseJson } from '../json';
import { parseJwks } from '../jwt/jwks';
import { signingCertificatesFromMetadata } from '../metadata/signing-certificates';
import { fail, ok, type Result } from '../result';
import { parseCertificates } from '../x509/certificate';
import type { TrustedKey, TrustMaterial } from './trusted-key';

/**
 * Reads trust material from a file the user named: a JWK or JWKS, a PEM public key, PEM or DER
 * X.509 certificates, or SAML metadata (all its signing certificates). The caller decides that the
 * file is trusted; this only parses it.
 */
export function loadTrustMaterial(bytes: Uint8Array, source: string): Result<TrustMaterial> {
  const text = Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, '').trim();
  if (text.startsWith('{')) {
    const json = parseJson(text);
    if (json === undefined) return fail('jwks.malformed', `${source} is not valid JSON`);
    const jwks = parseJwks(json, source);
    if (!jwks.ok) return jwks;
    if (jwks.value.keys.length === 0) return fail('jwks.malformed', `${source} holds no usable key (${jwks.value.skipped.join('; ')})`);
    return ok({ keys: jwks.value.keys });
  }
  if (text.startsWith('<')) {
    const certs = signingCertificatesFromMetadata(text);
    if (!certs.ok) return certs;
    return ok({ keys: certs.value.map((c) => keyFromCertificate(c, source)) });
  }
  if (/-----BEGIN (RSA )?PUBLIC KEY-----/.test(text)) {
    try {
      return ok({ keys: [keyFromPublicKey(createPublicKey(text), source)] });
    } catch (e) {
      return fail('cert.malformed', `${source}: unreadable public key (${(e as Error).message})`);
    }
  }
  if (/-----BEGIN (RSA |EC |ENCRYPTED )?PRIVATE KEY-----/.test(text) && !text.includes('BEGIN CERTIFICATE')) {
    return fail('cert.malformed', `${source} is a private key; trust material is a public key or certificate (private keys go to --decrypt-key)`);
  }
  const certs = parseCertificates(bytes);
  if (!certs.ok) return fail('cert.malformed', `${source} is not a JWK/JWKS, PEM public key, certificate or SAML metadata`);
  return ok({ keys: certs.value.map((c) => keyFromCertificate(c, source)) });
}

export function keyFromCertificate(cert: X509Certificate, source: string): TrustedKey {
  const key = cert.publicKey;
  return {
    source,
    kty: ktyOf(key),
    key,
    certificate: cert,
    x5t: createHash('sha1').update(cert.raw).digest('base64url'),
  };
}

function keyFromPublicKey(key: KeyObject, source: string): TrustedKey {
  return { source, kty: ktyOf(key), key };
}

function ktyOf(key: KeyObject): TrustedKey['kty'] {
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss':
      return 'RSA';
    case 'ec':
      return 'EC';
    default:
      return 'OKP';
  }
}
