import type {
  AppCertificate,
  AppRole,
  EntraProvider,
  GroupClaimFormat,
  GroupClaimTokenSettings,
  GroupMembershipClaims,
  GroupsClaim,
  OidcApp,
  OptionalClaim,
  OptionalClaims,
  SamlApp,
} from '../config-types';
import { compact, isObject, objects, slug, str, strings, type ImportResult, type JsonObject } from './json-shapes';
import { ownEntry } from '../../decoders/own-entry';
import { certificateRefFromText } from './certificate-text';

/** optionalClaims `groups` additionalProperties → group claim format [doc: optional-claims-reference.md]. */
const FORMAT_BY_PROPERTY: Record<string, GroupClaimFormat> = {
  sam_account_name: 'sAMAccountName',
  dns_domain_and_sam_account_name: 'dnsDomainAndSamAccountName',
  netbios_domain_and_sam_account_name: 'netbiosDomainAndSamAccountName',
  on_premise_security_identifier: 'onPremisesSid',
  cloud_displayname: 'cloudDisplayName',
};
const MEMBERSHIP: GroupMembershipClaims[] = ['None', 'SecurityGroup', 'All', 'DirectoryRole', 'ApplicationGroup'];

export interface EntraImportOptions {
  /** Directory (tenant) ID; a manifest does not contain it. */
  tenantId?: string;
  /** Force the protocol; by default SAML when the manifest has SAML identifiers/claims, else OIDC. */
  protocol?: 'oidc' | 'saml';
  providerId?: string;
}

export function looksLikeEntraManifest(v: unknown): v is JsonObject {
  return isObject(v) && typeof v.appId === 'string' && ('signInAudience' in v || 'web' in v || 'requiredResourceAccess' in v || 'optionalClaims' in v);
}

/**
 * An Entra application manifest in Microsoft Graph format (App registrations → Manifest, the only
 * format the editor accepts since January 2025; Graph `application` resource) → an Entra provider with
 * one app. Client secrets (`passwordCredentials`) are never copied; a reference placeholder is added.
 */
export function importEntraManifest(manifest: JsonObject, options: EntraImportOptions = {}): ImportResult<EntraProvider> {
  const notes: string[] = [];
  if (isObject(manifest.replyUrlsWithType) || Array.isArray(manifest.replyUrlsWithType) || 'oauth2Permissions' in manifest)
    notes.push('this looks like the retired Azure AD Graph manifest format (replyUrlsWithType/oauth2Permissions); export the Microsoft Graph format instead — those fields were not imported');
  const tenantId = options.tenantId ?? '00000000-0000-0000-0000-000000000000';
  if (!options.tenantId) notes.push('a manifest does not record the tenant: tenantId is a placeholder; pass --tenant-id');
  // Legacy Azure AD Graph manifests call the display name `name` (Microsoft Learn, "Azure AD Graph app manifest").
  const displayName = str(manifest.displayName) ?? str(manifest.name) ?? 'app';
  const appId = str(manifest.appId) ?? '';
  const web = isObject(manifest.web) ? manifest.web : {};
  const spa = isObject(manifest.spa) ? manifest.spa : {};
  const publicClient = isObject(manifest.publicClient) ? manifest.publicClient : {};
  const api = isObject(manifest.api) ? manifest.api : {};
  const identifierUris = strings(manifest.identifierUris);

  const appRoles: AppRole[] = objects(manifest.appRoles).map((r) =>
    compact({
      value: str(r.value) ?? '',
      displayName: str(r.displayName),
      description: str(r.description),
      allowedMemberTypes: strings(r.allowedMemberTypes).filter((t): t is 'User' | 'Application' => t === 'User' || t === 'Application'),
      enabled: typeof r.isEnabled === 'boolean' ? r.isEnabled : undefined,
      id: str(r.id),
    }),
  );

  const oc = isObject(manifest.optionalClaims) ? manifest.optionalClaims : {};
  const optionalClaims: OptionalClaims = {};
  const groupSettings: Partial<Record<'idToken' | 'accessToken' | 'saml', GroupClaimTokenSettings>> = {};
  for (const [key, target] of [['idToken', 'idToken'], ['accessToken', 'accessToken'], ['saml2Token', 'saml']] as const) {
    const list: OptionalClaim[] = [];
    for (const c of objects(oc[key])) {
      const name = str(c.name);
      if (!name) continue;
      const props = strings(c.additionalProperties);
      if (name === 'groups') {
        const format = props.map((p) => ownEntry(FORMAT_BY_PROPERTY, p)).find((f): f is GroupClaimFormat => f !== undefined);
        groupSettings[target] = compact({ format: format ?? 'objectId', emitAsRoles: props.includes('emit_as_roles') ? true : undefined });
        continue;
      }
      list.push(compact({ name, essential: typeof c.essential === 'boolean' && c.essential ? true : undefined, source: str(c.source), additionalProperties: props }));
    }
    if (list.length) optionalClaims[key] = list;
  }
  const membership = (str(manifest.groupMembershipClaims) ?? '')
    .split(',')
    .map((s) => s.trim())
    .map((s) => MEMBERSHIP.find((m) => m.toLowerCase() === s.toLowerCase()))
    .filter((m): m is GroupMembershipClaims => m !== undefined);
  const groupsClaim: GroupsClaim | undefined = membership.length > 0 && !(membership.length === 1 && membership[0] === 'None') ? compact({ membership, ...groupSettings }) : undefined;
  if (!groupsClaim && Object.keys(groupSettings).length > 0) notes.push('a groups optional claim is configured but groupMembershipClaims is None: Entra sends no groups');

  const certificates: AppCertificate[] = objects(manifest.keyCredentials)
    .filter((k) => str(k.type) === undefined || str(k.type) === 'AsymmetricX509Cert')
    .map((k) => {
      const usage = str(k.usage);
      const key = str(k.key);
      const thumb = str(k.customKeyIdentifier);
      const fromKey = key ? certificateRefFromText(key, `keyCredential ${str(k.keyId) ?? str(k.displayName) ?? ''}`.trim(), notes) : undefined;
      const certificate = fromKey ?? compact({ thumbprint: thumb && /^[0-9A-Fa-f]{40}$/.test(thumb) ? thumb.toUpperCase() : '0'.repeat(40), notAfter: str(k.endDateTime) });
      return compact({ usage: usage === 'Sign' || usage === 'Encrypt' ? usage : ('Verify' as const), displayName: str(k.displayName), keyId: str(k.keyId), certificate });
    });
  if (str(manifest.tokenEncryptionKeyId)) notes.push(`token encryption uses keyCredential ${String(manifest.tokenEncryptionKeyId)}`);
  if (objects(manifest.passwordCredentials).length > 0) notes.push('client secrets (passwordCredentials) are never imported: clientSecret references the environment variable instead; set it or use secret storage');

  const looksSaml = options.protocol === 'saml' || (options.protocol === undefined && (optionalClaims.saml2Token !== undefined || !!str(manifest.samlMetadataUrl) || identifierUris.some((u) => !u.startsWith('api://'))) && identifierUris.length > 0);
  const common = compact({
    id: slug(displayName),
    displayName,
    appId,
    objectId: str(manifest.id),
    appRoles,
    groupsClaim,
    optionalClaims: Object.keys(optionalClaims).length ? optionalClaims : undefined,
  });
  let app: OidcApp | SamlApp;
  if (looksSaml) {
    app = compact({
      ...common,
      protocol: 'saml' as const,
      identifiers: identifierUris,
      replyUrls: strings(web.redirectUris),
      logoutUrl: str(web.logoutUrl),
      metadataUrl: str(manifest.samlMetadataUrl),
    });
    if (certificates.length) notes.push('SAML signing certificates live on the enterprise application (service principal), not in the manifest; keyCredentials were not imported for this SAML app');
  } else {
    app = compact({
      ...common,
      protocol: 'oidc' as const,
      issuer: `https://login.microsoftonline.com/${tenantId}/v2.0`,
      clientId: appId,
      clientSecret: objects(manifest.passwordCredentials).length > 0 ? { env: `${slug(displayName).replace(/-/g, '_').toUpperCase()}_CLIENT_SECRET` } : undefined,
      redirectUris: [...strings(web.redirectUris), ...strings(spa.redirectUris), ...strings(publicClient.redirectUris)],
      logoutUris: str(web.logoutUrl) ? [String(web.logoutUrl)] : undefined,
      accessTokenVersion: api.requestedAccessTokenVersion === 2 ? (2 as const) : api.requestedAccessTokenVersion === 1 ? (1 as const) : undefined,
      certificates,
    });
  }
  return {
    value: compact({ type: 'entra' as const, id: options.providerId ?? `entra-${str(manifest.publisherDomain)?.split('.')[0] ?? 'tenant'}`, tenantId, tenantDomain: str(manifest.publisherDomain), apps: [app] }),
    notes,
  };
}

/** Back to the manifest's `groupMembershipClaims` and `optionalClaims` (round-trip checks, export). */
export function exportEntraClaims(app: OidcApp | SamlApp): { groupMembershipClaims: string | null; optionalClaims: Record<string, JsonObject[]> } {
  const props = Object.fromEntries(Object.entries(FORMAT_BY_PROPERTY).map(([k, v]) => [v, k]));
  const out: Record<string, JsonObject[]> = { idToken: [], accessToken: [], saml2Token: [] };
  for (const [key, target] of [['idToken', 'idToken'], ['accessToken', 'accessToken'], ['saml2Token', 'saml']] as const) {
    for (const c of app.optionalClaims?.[key] ?? []) out[key]?.push({ name: c.name, source: c.source ?? null, essential: c.essential ?? false, additionalProperties: c.additionalProperties ?? [] });
    const g = app.groupsClaim?.[target];
    if (g) {
      const additional = [...(g.format && g.format !== 'objectId' ? [props[g.format] ?? ''] : []), ...(g.emitAsRoles ? ['emit_as_roles'] : [])];
      out[key]?.push({ name: 'groups', source: null, essential: false, additionalProperties: additional });
    }
  }
  return { groupMembershipClaims: app.groupsClaim ? app.groupsClaim.membership.join(', ') : null, optionalClaims: out };
}
