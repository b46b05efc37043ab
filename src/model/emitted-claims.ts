import type { App, GroupsClaim, OidcApp, Provider, SamlApp } from './config-types';
import { includesBasicClaimSet, SAML_NAMEID_CLAIM_TYPE } from './claims/claims-mapping-policy';
import { ownEntry } from '../decoders/own-entry';

/**
 * Which claims (OIDC) or attribute Names (SAML) a provider sends for an app *as configured here*.
 * `undefined` means "cannot tell" (Keycloak and generic providers run arbitrary mappers), and rules
 * stay silent rather than guess.
 */

/** Always in an Entra ID token [doc: id-token-claims-reference.md]. */
const ENTRA_ID_TOKEN_BASE = ['aud', 'iss', 'iat', 'nbf', 'exp', 'aio', 'idp', 'nonce', 'rh', 'sub', 'tid', 'uti', 'ver', 'sid', 'login_hint', 'c_hash', 'at_hash'];
/** v2 with the `profile` scope [doc: id-token-claims-reference.md]. */
const ENTRA_V2_PROFILE = ['name', 'oid', 'preferred_username'];
/** v1 ID tokens carry these without optional claims [doc: id-token-claims-reference.md]. */
const ENTRA_V1_EXTRA = ['name', 'oid', 'upn', 'unique_name', 'given_name', 'family_name', 'amr', 'ipaddr', 'pwd_exp', 'pwd_url'];

/** OIDC Core 5.1 standard claims plus JWT registered claims: what a generic IdP may send per scope. */
export const OIDC_STANDARD_CLAIMS: Record<string, string[]> = {
  openid: ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'acr', 'amr', 'azp', 'at_hash', 'c_hash', 'jti', 'nbf', 'sid'],
  profile: ['name', 'family_name', 'given_name', 'middle_name', 'nickname', 'preferred_username', 'profile', 'picture', 'website', 'gender', 'birthdate', 'zoneinfo', 'locale', 'updated_at'],
  email: ['email', 'email_verified'],
  address: ['address'],
  phone: ['phone_number', 'phone_number_verified'],
};

/** The Entra SAML attribute namespaces [doc: reference-saml-tokens.md]. */
export const SAML_CLAIMS_NS = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';
export const ENTRA_GROUPS_ATTRIBUTE = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups';
export const ENTRA_ROLE_ATTRIBUTE = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';
/** Sent instead of the groups when a SAML token would carry more than 150 groups. */
export const ENTRA_GROUPS_LINK_ATTRIBUTE = 'http://schemas.microsoft.com/claims/groups.link';

/** Attributes in every Entra SAML assertion whatever "Attributes & Claims" says [doc: reference-saml-tokens.md]. */
const ENTRA_SAML_ALWAYS = [
  'http://schemas.microsoft.com/identity/claims/tenantid',
  'http://schemas.microsoft.com/identity/claims/objectidentifier',
  'http://schemas.microsoft.com/identity/claims/displayname',
  'http://schemas.microsoft.com/identity/claims/identityprovider',
  'http://schemas.microsoft.com/claims/authnmethodsreferences',
];

/** The portal's default "Attributes & Claims" of a new non-gallery SAML app. */
export const ENTRA_SAML_DEFAULT_CLAIMS = [
  { name: 'givenname', namespace: SAML_CLAIMS_NS, source: 'user.givenname' },
  { name: 'surname', namespace: SAML_CLAIMS_NS, source: 'user.surname' },
  { name: 'emailaddress', namespace: SAML_CLAIMS_NS, source: 'user.mail' },
  { name: 'name', namespace: SAML_CLAIMS_NS, source: 'user.userprincipalname' },
];

export function samlAttributeName(claim: { name: string; namespace?: string }): string {
  return claim.namespace ? `${claim.namespace.replace(/\/$/, '')}/${claim.name}` : claim.name;
}

export function entraTokenVersion(app: OidcApp, provider: Provider): 1 | 2 {
  const issuer = app.issuer ?? '';
  if (/sts\.windows\.net/i.test(issuer)) return 1;
  if (/\/v2\.0\/?$/.test(issuer)) return 2;
  return provider.type === 'entra' ? 2 : 2;
}

function groupsEnabled(g: GroupsClaim | undefined): boolean {
  return !!g && g.membership.some((m) => m !== 'None');
}

/** Claim names in the ID token the product receives; undefined when unknowable. */
export function emittedIdTokenClaims(app: OidcApp, provider: Provider): Set<string> | undefined {
  const scopes = new Set(app.scopes ?? ['openid', 'profile', 'email']);
  if (provider.type === 'entra') {
    const out = new Set(ENTRA_ID_TOKEN_BASE);
    const v = entraTokenVersion(app, provider);
    if (v === 1) ENTRA_V1_EXTRA.forEach((c) => out.add(c));
    else if (scopes.has('profile')) ENTRA_V2_PROFILE.forEach((c) => out.add(c));
    if (scopes.has('email')) out.add('email');
    for (const c of app.optionalClaims?.idToken ?? []) out.add(c.name);
    for (const e of app.claimsMappingPolicy?.ClaimsMappingPolicy.ClaimsSchema ?? []) if (e.JwtClaimType !== undefined) out.add(e.JwtClaimType);
    const g = app.groupsClaim;
    if (groupsEnabled(g)) {
      out.add(g?.idToken?.emitAsRoles ? 'roles' : 'groups');
      if (g?.membership.some((m) => m === 'All' || m === 'DirectoryRole')) out.add('wids');
    }
    if ((app.appRoles ?? []).length > 0) out.add('roles');
    return out;
  }
  if (provider.type === 'okta') {
    const out = new Set<string>();
    for (const s of scopes) for (const c of ownEntry(OIDC_STANDARD_CLAIMS, s) ?? []) out.add(c);
    OIDC_STANDARD_CLAIMS.openid?.forEach((c) => out.add(c));
    ['ver', 'jti', 'idp', 'auth_time'].forEach((c) => out.add(c));
    const server = app.authorizationServer !== undefined ? provider.authorizationServers?.find((s) => s.id === app.authorizationServer) : undefined;
    for (const c of server?.claims ?? []) if (c.tokenType === 'id') out.add(c.name);
    if (groupsEnabled(app.groupsClaim)) out.add(app.groupsClaim?.claimName ?? 'groups');
    return out;
  }
  if (provider.type === 'oidc' && provider.emittedClaims) {
    const out = new Set(provider.emittedClaims);
    for (const s of scopes) for (const c of ownEntry(OIDC_STANDARD_CLAIMS, s) ?? []) out.add(c);
    OIDC_STANDARD_CLAIMS.openid?.forEach((c) => out.add(c));
    return out;
  }
  return undefined;
}

/** Attribute Names in the SAML assertion; undefined when unknowable. */
export function emittedSamlAttributes(app: SamlApp, provider: Provider): Set<string> | undefined {
  if (provider.type !== 'entra') return undefined;
  const out = new Set<string>(ENTRA_SAML_ALWAYS);
  const policy = app.claimsMappingPolicy;
  if (policy) {
    // A claims-mapping policy supersedes the Attributes & Claims page [doc: reference-claims-customization.md].
    if (includesBasicClaimSet(policy)) for (const c of ENTRA_SAML_DEFAULT_CLAIMS) out.add(samlAttributeName(c));
    for (const e of policy.ClaimsMappingPolicy.ClaimsSchema ?? []) if (e.SamlClaimType !== undefined && e.SamlClaimType !== SAML_NAMEID_CLAIM_TYPE) out.add(e.SamlClaimType);
  } else {
    const claims = app.claims && app.claims.length > 0 ? app.claims : ENTRA_SAML_DEFAULT_CLAIMS;
    for (const c of claims) out.add(samlAttributeName(c));
  }
  const g = app.groupsClaim;
  if (groupsEnabled(g)) out.add(g?.saml?.emitAsRoles ? ENTRA_ROLE_ATTRIBUTE : ENTRA_GROUPS_ATTRIBUTE);
  // Assigned app roles are sent as …/claims/role by default.
  if ((app.appRoles ?? []).length > 0) out.add(ENTRA_ROLE_ATTRIBUTE);
  return out;
}

export function emittedClaims(app: App, provider: Provider): Set<string> | undefined {
  return app.protocol === 'oidc' ? emittedIdTokenClaims(app, provider) : emittedSamlAttributes(app, provider);
}

/** The claim that carries roles for this app. */
export function roleClaimName(app: App): string {
  return app.protocol === 'oidc' ? 'roles' : ENTRA_ROLE_ATTRIBUTE;
}

/** The claim that carries groups for this app, when groups are sent. */
export function groupsClaimName(app: App): string | undefined {
  const g = app.groupsClaim;
  if (!groupsEnabled(g)) return undefined;
  const settings = app.protocol === 'oidc' ? g?.idToken : g?.saml;
  if (settings?.emitAsRoles) return roleClaimName(app);
  if (app.protocol === 'saml') return ENTRA_GROUPS_ATTRIBUTE;
  return g?.claimName ?? 'groups';
}
