import type { X509Certificate } from 'node:crypto';
import { createHash } from 'node:crypto';
import { LIMITS } from '../limits';
import { fail, ok, type Result } from '../result';
import { parseXml } from '../saml/parse-xml';
import { NS } from '../saml/xml-names';
import { entityElements, readEntity } from './read-entity';

/**
 * Every signing certificate in SAML metadata (KeyDescriptor use="signing" or without `use`, in any
 * role of any entity), de-duplicated. Entra may list several and all must be accepted
 * (federation-metadata.md, DOMAIN-FACTS.md). The caller decides that the file is trusted.
 */
export function signingCertificatesFromMetadata(xml: string): Result<X509Certificate[]> {
  const parsed = parseXml(xml.replace(/^\uFEFF/, ''), { malformedId: 'metadata.malformed', maxBytes: LIMITS.maxMetadataDomBytes });
  if (!parsed.ok) return parsed;
  const root = parsed.value.documentElement;
  if (!root || root.namespaceURI !== NS.metadata || (root.localName !== 'EntityDescriptor' && root.localName !== 'EntitiesDescriptor')) {
    return fail('metadata.malformed', 'XML, but not SAML metadata (EntityDescriptor or EntitiesDescriptor)');
  }
  const byThumbprint = new Map<string, X509Certificate>();
  for (const entity of entityElements(root)) {
    for (const cert of readEntity(entity, new Date(), false).signingCertificates) {
      byThumbprint.set(createHash('sha256').update(cert.raw).digest('hex'), cert);
    }
  }
  if (byThumbprint.size === 0) return fail('metadata.no-signing-certificate', 'the metadata lists no signing certificate');
  return ok([...byThumbprint.values()]);
}
