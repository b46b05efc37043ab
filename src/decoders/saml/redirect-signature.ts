import { createVerify, type KeyObject } from 'node:crypto';
import type { TrustMaterial } from '../keys/trusted-key';
import type { RedirectSignature } from './recognize-saml';
import type { SignatureOutcome } from './verify-signature';
import { ownEntry } from '../own-entry';

/** SigAlg URIs the HTTP-Redirect binding uses (XML-DSig / RFC 6931 identifiers). */
const SIG_ALGS: Readonly<Record<string, { hash: string; kty: 'RSA' | 'EC' }>> = {
  'http://www.w3.org/2000/09/xmldsig#rsa-sha1': { hash: 'sha1', kty: 'RSA' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha256': { hash: 'sha256', kty: 'RSA' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha384': { hash: 'sha384', kty: 'RSA' },
  'http://www.w3.org/2001/04/xmldsig-more#rsa-sha512': { hash: 'sha512', kty: 'RSA' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256': { hash: 'sha256', kty: 'EC' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384': { hash: 'sha384', kty: 'EC' },
  'http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512': { hash: 'sha512', kty: 'EC' },
};

export interface RedirectCheck {
  outcome: Extract<SignatureOutcome, 'valid' | 'invalid' | 'not-checked'>;
  detail: string;
}

/**
 * Verifies the HTTP-Redirect binding's detached signature (SAML bindings §3.4.4.1): the signature
 * over the octets `SAMLRequest=…&RelayState=…&SigAlg=…` exactly as they appeared in the URL.
 */
export function checkRedirectSignature(sig: RedirectSignature, trust: TrustMaterial): RedirectCheck {
  const alg = ownEntry(SIG_ALGS, sig.sigAlg);
  if (!alg) return { outcome: 'invalid', detail: `SigAlg ${sig.sigAlg} is not an algorithm SSO Lens verifies (RSA or ECDSA with SHA-1/2)` };
  const value = Buffer.from(sig.signature.replace(/\s+/g, ''), 'base64');
  const keys = trust.keys.filter((k) => k.kty === alg.kty);
  if (trust.keys.length === 0) return { outcome: 'not-checked', detail: 'the query string is signed; no IdP certificate or metadata was given to check it with (--key, or Verify with…)' };
  if (keys.length === 0) return { outcome: 'invalid', detail: `SigAlg ${sig.sigAlg} needs an ${alg.kty} key; no trusted key is one` };
  for (const k of keys) {
    if (verify(alg.hash, alg.kty, k.key, sig.signedString, value)) return { outcome: 'valid', detail: `the HTTP-Redirect query signature verifies with the key from ${k.source}` };
  }
  return { outcome: 'invalid', detail: 'the HTTP-Redirect query signature does not verify with the trusted key(s) (signed by another key, or the URL was re-encoded or changed)' };
}

function verify(hash: string, kty: 'RSA' | 'EC', key: KeyObject, data: string, signature: Buffer): boolean {
  try {
    const v = createVerify(hash);
    v.update(data, 'utf8');
    // XML-DSig ECDSA values are r||s (RFC 4050 §3.3), not DER.
    return kty === 'EC' ? v.verify({ key, dsaEncoding: 'ieee-p1363' }, signature) : v.verify(key, signature);
  } catch {
    return false;
  }
}
