import type { NameIdFormat } from '../config-types';

/** The config's short NameID formats as the URNs in a SAML Subject [SAML 2.0 Core §8.3]. */
export const NAMEID_FORMAT_URNS: Record<NameIdFormat, string> = {
  emailAddress: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
  unspecified: 'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified',
  x509SubjectName: 'urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName',
  windowsDomainQualifiedName: 'urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName',
  persistent: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent',
  transient: 'urn:oasis:names:tc:SAML:2.0:nameid-format:transient',
  entity: 'urn:oasis:names:tc:SAML:2.0:nameid-format:entity',
  kerberos: 'urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos',
};

/** Short name of a NameID format URN (`emailAddress`), or the URN itself when unknown. */
export function shortNameIdFormat(urn: string | undefined): string {
  if (urn === undefined) return 'unspecified (no Format)';
  const hit = (Object.entries(NAMEID_FORMAT_URNS) as Array<[NameIdFormat, string]>).find(([, u]) => u === urn);
  return hit ? hit[0] : urn;
}
