import type { Provider } from './config-types';
import { SAML_CLAIMS_NS } from './emitted-claims';
import { ownEntry } from '../decoders/own-entry';

/**
 * Claims that say who a user *seems* to be but that a user or an administrator of some tenant can
 * change: an address, a login name, a display name. Deciding team, group, role or IAM-role
 * membership from them lets whoever can set the value choose their own access — the "nOAuth" class
 * of mistakes (Descope's 2023 disclosure, https://www.descope.com/blog/post/noauth; Microsoft's
 * advisory https://msrc.microsoft.com/blog/2023/06/potential-risk-of-privilege-escalation-in-azure-ad-applications/).
 *
 * Microsoft recommends never authorizing on the email claim or other mutable claims such as
 * `preferred_username`, and deciding on `oid`/`sub` together with `tid` instead
 * [https://learn.microsoft.com/entra/identity-platform/claims-validation;
 * https://learn.microsoft.com/entra/identity-platform/migrate-off-email-claim-authorization].
 * `upn`, `unique_name` and `name` are display values of the same kind
 * [https://learn.microsoft.com/entra/identity-platform/id-token-claims-reference].
 */
export type MutableClaimKind = 'email' | 'username' | 'display-name';

/** JWT claim names, lower-case. */
const JWT_MUTABLE: Record<string, MutableClaimKind> = {
  email: 'email',
  upn: 'username',
  preferred_username: 'username',
  unique_name: 'username',
  name: 'display-name',
};

/** SAML attribute Names (Entra's and the WS-* ones other IdPs reuse), lower-case [doc: reference-saml-tokens.md]. */
const SAML_MUTABLE: Record<string, MutableClaimKind> = {
  [`${SAML_CLAIMS_NS}/emailaddress`.toLowerCase()]: 'email',
  'http://schemas.xmlsoap.org/claims/emailaddress': 'email',
  [`${SAML_CLAIMS_NS}/email`.toLowerCase()]: 'email',
  // Entra puts the UPN into …/claims/name.
  [`${SAML_CLAIMS_NS}/name`.toLowerCase()]: 'username',
  [`${SAML_CLAIMS_NS}/upn`.toLowerCase()]: 'username',
  'http://schemas.microsoft.com/identity/claims/displayname': 'display-name',
};

/** What kind of mutable claim `name` is (a JWT claim or a SAML attribute Name), or undefined when it is not one. */
export function mutableClaimKind(name: string): MutableClaimKind | undefined {
  const key = name.trim().toLowerCase();
  return ownEntry(JWT_MUTABLE, key) ?? ownEntry(SAML_MUTABLE, key);
}

/**
 * Claims that say an email address was verified: OIDC's `email_verified` (OIDC Core 5.1), and Entra's
 * optional claim `xms_edov` ("email domain owner verified"; Entra sends no `email_verified`)
 * [https://learn.microsoft.com/entra/identity-platform/optional-claims-reference].
 */
export const EMAIL_VERIFIED_CLAIMS = ['email_verified', 'xms_edov'];

/** The claims to decide on instead, for this provider and protocol. */
export function saferClaimAdvice(provider: Provider, protocol: 'oidc' | 'saml', kind: MutableClaimKind): string {
  if (provider.type === 'entra') {
    const ids = protocol === 'saml' ? 'the object ID (http://schemas.microsoft.com/identity/claims/objectidentifier) together with the tenant ID (…/identity/claims/tenantid)' : '`oid` (or `sub`) together with `tid`';
    const email = kind === 'email' && protocol === 'oidc' ? "; if it must be the address, add Entra's optional claim `xms_edov` and require it to be true alongside `email`" : '';
    return `decide on ${ids}, or on groups or app roles${email}`;
  }
  const sub = protocol === 'saml' ? 'a persistent NameID or an immutable ID attribute' : '`sub` (unique per issuer)';
  const email = kind === 'email' && protocol === 'oidc' ? ', or require `email_verified` to be true alongside `email`' : '';
  return `decide on ${sub}, or on groups or roles${email}`;
}

export function describeMutable(kind: MutableClaimKind): string {
  return kind === 'email' ? 'an email address users or administrators can set (unverified in many tenants)' : kind === 'username' ? 'a login name administrators can change and reassign' : 'a display name users can change';
}
