import { childPointer } from '../json-pointer';
import { isObject, str, type JsonObject } from '../import/json-shapes';
import { keptIndices, PointerMap } from './pointer-map';
import { ownEntry } from '../../decoders/own-entry';

/**
 * The retired Azure AD Graph manifest format (what the portal's manifest editor showed until 2025 and
 * what many repositories still keep): `name`, `replyUrlsWithType` [{ url, type }], `logoutUrl`,
 * `accessTokenAcceptedVersion`, key credentials with `value` / `endDate`.
 * https://learn.microsoft.com/entra/identity-platform/reference-app-manifest (Azure AD Graph format)
 */
export function isAadGraphManifest(m: JsonObject): boolean {
  return Array.isArray(m.replyUrlsWithType) || 'oauth2Permissions' in m || ('name' in m && !('displayName' in m));
}

/** `replyUrlsWithType[].type` → the Microsoft Graph platform that holds the URL. */
const PLATFORM_OF: Record<string, 'web' | 'spa' | 'publicClient'> = { Web: 'web', Spa: 'spa', InstalledClient: 'publicClient' };

/** Unknown types (and `constructor`, `__proto__`) are Web, as the importer's default. */
function platformOf(type: unknown): 'web' | 'spa' | 'publicClient' {
  return ownEntry(PLATFORM_OF, str(type) ?? 'Web') ?? 'web';
}

/** Reply URL source pointers per platform, in the order the importer reads them. */
function replyUrlSources(m: JsonObject): Record<'web' | 'spa' | 'publicClient', string[]> {
  const out: Record<'web' | 'spa' | 'publicClient', string[]> = { web: [], spa: [], publicClient: [] };
  if (Array.isArray(m.replyUrlsWithType)) {
    keptIndices(m.replyUrlsWithType, (r) => isObject(r) && typeof r.url === 'string').forEach((i) => {
      const r = (m.replyUrlsWithType as unknown[])[i] as JsonObject;
      out[platformOf(r.type)].push(childPointer('/replyUrlsWithType', i, 'url'));
    });
    return out;
  }
  for (const platform of ['web', 'spa', 'publicClient'] as const) {
    const p = m[platform];
    if (isObject(p)) out[platform] = keptIndices(p.redirectUris, (u) => typeof u === 'string').map((i) => childPointer('', platform, 'redirectUris', i));
  }
  return out;
}

/** An Azure AD Graph manifest in Microsoft Graph's shape, so the one importer reads both. */
export function graphShapeOf(m: JsonObject): JsonObject {
  if (!isAadGraphManifest(m)) return m;
  const urls = (platform: 'web' | 'spa' | 'publicClient'): string[] =>
    (Array.isArray(m.replyUrlsWithType) ? m.replyUrlsWithType : []).filter((r): r is JsonObject => isObject(r) && typeof r.url === 'string' && (platformOf(r.type)) === platform).map((r) => String(r.url));
  const rest: JsonObject = { ...m };
  delete rest.replyUrlsWithType;
  delete rest.oauth2Permissions;
  return {
    ...rest,
    displayName: m.name,
    web: { redirectUris: urls('web'), logoutUrl: m.logoutUrl ?? null },
    spa: { redirectUris: urls('spa') },
    publicClient: { redirectUris: urls('publicClient') },
    api: { requestedAccessTokenVersion: m.accessTokenAcceptedVersion ?? null },
    keyCredentials: (Array.isArray(m.keyCredentials) ? m.keyCredentials : []).map((k: unknown) => (isObject(k) ? { ...k, key: k.value ?? k.key ?? null, endDateTime: k.endDate ?? k.endDateTime ?? null } : k)),
  };
}

/**
 * Where each part of the provider `importEntraManifest` builds came from in the manifest (Microsoft
 * Graph or Azure AD Graph format), in the importer's order.
 */
export function entraManifestPointers(m: JsonObject, provider: string): PointerMap {
  const map = new PointerMap(m);
  const anchor = ['/displayName', '/name', '/appId'];
  map.fields(provider, '/publisherDomain', { id: ['/publisherDomain'], tenantId: anchor, tenantDomain: ['/publisherDomain'] });
  map.set(provider, ['/publisherDomain', ...anchor]);
  const app = childPointer(provider, 'apps', 0);
  const urls = replyUrlSources(m);
  map.set(app, anchor);
  for (const [field, rel] of Object.entries({
    id: anchor,
    displayName: anchor,
    appId: ['/appId'],
    clientId: ['/appId'],
    objectId: ['/id', '/objectId'],
    appRoles: ['/appRoles'],
    groupsClaim: ['/groupMembershipClaims'],
    optionalClaims: ['/optionalClaims'],
    identifiers: ['/identifierUris'],
    replyUrls: ['/web/redirectUris', '/replyUrlsWithType'],
    redirectUris: ['/web/redirectUris', '/replyUrlsWithType'],
    logoutUrl: ['/web/logoutUrl', '/logoutUrl'],
    logoutUris: ['/web/logoutUrl', '/logoutUrl'],
    metadataUrl: ['/samlMetadataUrl'],
    clientSecret: ['/passwordCredentials'],
    issuer: ['/signInAudience', ...anchor],
    accessTokenVersion: ['/api/requestedAccessTokenVersion', '/accessTokenAcceptedVersion'],
    certificates: ['/keyCredentials'],
  })) map.set(childPointer(app, field), rel, anchor[0]);
  map.set(childPointer(app, 'groupsClaim', 'membership'), ['/groupMembershipClaims']);

  keptIndices(m.appRoles, isObject).forEach((src, i) =>
    map.fields(childPointer(app, 'appRoles', i), childPointer('/appRoles', src), { value: ['/value'], displayName: ['/displayName'], description: ['/description'], allowedMemberTypes: ['/allowedMemberTypes'], enabled: ['/isEnabled'], id: ['/id'] }),
  );

  const oc = isObject(m.optionalClaims) ? m.optionalClaims : {};
  for (const [key, target] of [['idToken', 'idToken'], ['accessToken', 'accessToken'], ['saml2Token', 'saml']] as const) {
    const named = keptIndices(oc[key], (c) => isObject(c) && !!str(c.name));
    const list = (oc[key] ?? []) as unknown[];
    const groups = named.filter((i) => (list[i] as JsonObject).name === 'groups');
    const last = groups[groups.length - 1];
    if (last !== undefined) map.set(childPointer(app, 'groupsClaim', target), [childPointer('/optionalClaims', key, last)]);
    named
      .filter((i) => (list[i] as JsonObject).name !== 'groups')
      .forEach((src, k) => map.fields(childPointer(app, 'optionalClaims', key, k), childPointer('/optionalClaims', key, src), { name: ['/name'], source: ['/source'], essential: ['/essential'], additionalProperties: ['/additionalProperties'] }));
  }

  const identifierUris = keptIndices(m.identifierUris, (u) => typeof u === 'string');
  identifierUris.forEach((src, i) => map.set(childPointer(app, 'identifiers', i), [childPointer('/identifierUris', src)]));
  urls.web.forEach((src, i) => map.set(childPointer(app, 'replyUrls', i), [src]));
  [...urls.web, ...urls.spa, ...urls.publicClient].forEach((src, i) => map.set(childPointer(app, 'redirectUris', i), [src]));

  keptIndices(m.keyCredentials, (k) => isObject(k) && (str(k.type) === undefined || str(k.type) === 'AsymmetricX509Cert')).forEach((src, i) =>
    map.fields(childPointer(app, 'certificates', i), childPointer('/keyCredentials', src), { usage: ['/usage'], displayName: ['/displayName'], keyId: ['/keyId'], certificate: ['/key', '/value', '/customKeyIdentifier'] }),
  );
  return map;
}
