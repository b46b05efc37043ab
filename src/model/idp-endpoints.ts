import type { EntraProvider, KeycloakProvider, Provider } from './config-types';

/**
 * What an IdP really is on the SAML side, from its provider entry: the Issuer of its responses and its
 * SAML sign-in/sign-out endpoint. Entra (global cloud): Issuer `https://sts.windows.net/{tenant}/`, the
 * `SingleSignOnService`/`SingleLogoutService` `https://login.microsoftonline.com/{tenant}/saml2`
 * [https://learn.microsoft.com/entra/identity-platform/federation-metadata; DOMAIN-FACTS.md]. National
 * clouds use other hosts: left unchecked rather than guessed.
 */
export function samlIssuerOf(provider: Provider): string | undefined {
  switch (provider.type) {
    case 'entra':
      return isGlobal(provider) ? `https://sts.windows.net/${provider.tenantId}/` : undefined;
    case 'saml':
      return provider.entityId;
    case 'keycloak':
      return keycloakRealmUrl(provider);
    default:
      return undefined;
  }
}

/** Entra's SAML endpoint for the tenant, by tenant ID (what the portal shows as "Login URL"). */
export function entraSamlEndpoint(provider: EntraProvider): string | undefined {
  return isGlobal(provider) ? `https://login.microsoftonline.com/${provider.tenantId}/saml2` : undefined;
}

/** Entra accepts the tenant's ID or its domain in the path; both name the same tenant. */
export function isEntraSamlEndpoint(provider: EntraProvider, url: string): boolean {
  const m = /^https:\/\/login\.microsoftonline\.com\/([^/?#]+)\/saml2\/?$/i.exec(url.trim());
  const tenant = m?.[1]?.toLowerCase();
  return tenant !== undefined && (tenant === provider.tenantId.toLowerCase() || (provider.tenantDomain !== undefined && tenant === provider.tenantDomain.toLowerCase()));
}

export function keycloakRealmUrl(realm: KeycloakProvider): string {
  return `${realm.baseUrl.replace(/\/+$/, '')}/realms/${realm.realm}`;
}

function isGlobal(p: EntraProvider): boolean {
  return p.cloud === undefined || p.cloud === 'global';
}

/** GUIDs written in a text (tenant IDs in URLs and entity IDs), lower case. */
export function guidsIn(text: string): string[] {
  return [...text.matchAll(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi)].map((m) => m[0].toLowerCase());
}
