import type { X509Certificate } from 'node:crypto';
import { fail, type Result } from '../result';

/**
 * TEMPORARY (owned by the SAML/metadata work): every signing certificate in SAML metadata
 * (KeyDescriptor use="signing" or without `use`, in any role).
 */
export function signingCertificatesFromMetadata(xml: string): Result<X509Certificate[]> {
  void xml;
  return fail('metadata.malformed', 'metadata trust material is not supported yet');
}
