/**
 * Friendly labels for SAML attribute names. Entra sends full claim-type URIs and no FriendlyName
 * (DOMAIN-FACTS.md; Microsoft Learn "SAML token claims reference", reference-saml-tokens.md), so
 * a reader needs these to see that `…/claims/givenname` is the first name.
 */
import { ownEntry } from '../own-entry';

export interface AttributeLabel {
  label: string;
  note?: string;
}

const XMLSOAP = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims/';
const MS_IDENTITY = 'http://schemas.microsoft.com/identity/claims/';
const MS_WS2008 = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/';

export const ATTRIBUTE_LABELS: Readonly<Record<string, AttributeLabel>> = {
  [`${XMLSOAP}givenname`]: { label: 'Given name', note: 'Entra user.givenname. Apps that expect ".../firstname" find nothing.' },
  [`${XMLSOAP}surname`]: { label: 'Surname', note: 'Entra user.surname' },
  [`${XMLSOAP}emailaddress`]: { label: 'Email address', note: 'Entra user.mail by default; may be empty for accounts without a mailbox' },
  [`${XMLSOAP}name`]: { label: 'Name (UPN)', note: 'Entra user.userprincipalname by default; mutable' },
  [`${XMLSOAP}nameidentifier`]: { label: 'Name identifier' },
  [`${XMLSOAP}upn`]: { label: 'User principal name' },
  [`${MS_IDENTITY}objectidentifier`]: { label: 'Object ID', note: 'Immutable Entra user object ID; the stable key to link accounts on' },
  [`${MS_IDENTITY}tenantid`]: { label: 'Tenant ID' },
  [`${MS_IDENTITY}identityprovider`]: { label: 'Identity provider', note: 'Differs from the issuer for guests and Microsoft accounts (e.g. live.com)' },
  [`${MS_IDENTITY}displayname`]: { label: 'Display name' },
  'http://schemas.microsoft.com/claims/authnmethodsreferences': { label: 'Authentication methods', note: 'How the user signed in (password, multipleauthn = MFA …)' },
  [`${MS_WS2008}groups`]: { label: 'Groups', note: 'Group object IDs by default (not names); left out when the user is in more than 150 groups' },
  [`${MS_WS2008}role`]: { label: 'Roles', note: 'Assigned app roles (or groups, when "emit groups as role claims" is on)' },
  [`${MS_WS2008}wids`]: { label: 'Directory roles' },
  'http://schemas.microsoft.com/claims/groups.link': { label: 'Groups overage link', note: 'Sent instead of the groups claim when the user is in too many groups' },
  [`${MS_WS2008}authenticationmethod`]: { label: 'Authentication method' },
  [`${MS_WS2008}authenticationinstant`]: { label: 'Authentication instant' },
  // Common LDAP/eduPerson OIDs (urn:oid) as Keycloak, Shibboleth and OneLogin send them.
  'urn:oid:0.9.2342.19200300.100.1.3': { label: 'mail' },
  'urn:oid:2.5.4.42': { label: 'givenName' },
  'urn:oid:2.5.4.4': { label: 'sn (surname)' },
  'urn:oid:2.16.840.1.113730.3.1.241': { label: 'displayName' },
  'urn:oid:0.9.2342.19200300.100.1.1': { label: 'uid' },
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.6': { label: 'eduPersonPrincipalName' },
  'urn:oid:1.3.6.1.4.1.5923.1.1.1.1': { label: 'eduPersonAffiliation' },
};

/** SAML core §8.3 NameID formats. */
export const NAMEID_FORMATS: Readonly<Record<string, string>> = {
  'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified': 'unspecified',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress': 'email address',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent': 'persistent (pairwise, opaque, stable)',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:transient': 'transient (changes every sign-in)',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:entity': 'entity (an entity ID)',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName': 'X.509 subject name',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName': 'Windows domain qualified name',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos': 'Kerberos principal',
};

/** AuthnContextClassRef values (SAML authn-context §3.4, and Entra's own). */
export const AUTHN_CONTEXTS: Readonly<Record<string, string>> = {
  'urn:oasis:names:tc:SAML:2.0:ac:classes:Password': 'password',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport': 'password over TLS',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:X509': 'X.509 certificate',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:Kerberos': 'Kerberos',
  'urn:oasis:names:tc:SAML:2.0:ac:classes:unspecified': 'unspecified',
  'urn:federation:authentication:windows': 'Windows integrated authentication',
  'http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/password': 'password (Entra)',
  'http://schemas.microsoft.com/ws/2008/06/identity/authenticationmethod/x509': 'certificate (Entra)',
  'http://schemas.microsoft.com/claims/multipleauthn': 'multi-factor (Entra)',
};

export function labelOfAttribute(name: string): AttributeLabel | undefined {
  return ownEntry(ATTRIBUTE_LABELS, name);
}
