import { childPointer, toPointer } from '../json-pointer';
import { isObject, str, type JsonObject } from '../import/json-shapes';
import { isModelledMapper } from '../import/keycloak-realm';
import { keptIndices, PointerMap } from './pointer-map';

const KEY_PROVIDERS = /^(rsa|rsa-generated|rsa-enc-generated|rsa-enc|java-keystore|ecdsa-generated)$/;

/** SAML identity provider settings (config model) → keys of the IdP's `config` map in the realm export. */
const SAML_CONFIG: Record<string, readonly string[]> = {
  metadataUrl: ['metadataDescriptorUrl'],
  serviceProviderEntityId: ['entityId'],
  idpEntityId: ['idpEntityId'],
  singleSignOnServiceUrl: ['singleSignOnServiceUrl'],
  singleLogoutServiceUrl: ['singleLogoutServiceUrl'],
  nameIdPolicyFormat: ['nameIDPolicyFormat'],
  principalType: ['principalType'],
  principalAttribute: ['principalAttribute'],
  wantAuthnRequestsSigned: ['wantAuthnRequestsSigned'],
  signatureAlgorithm: ['signatureAlgorithm'],
  signatureKeyName: ['xmlSigKeyInfoKeyNameTransformer'],
  wantAssertionsSigned: ['wantAssertionsSigned'],
  wantAssertionsEncrypted: ['wantAssertionsEncrypted'],
  encryptionAlgorithm: ['encryptionAlgorithm'],
  validateSignature: ['validateSignature'],
  signingCertificates: ['signingCertificate'],
  postBindingResponse: ['postBindingResponse'],
  postBindingAuthnRequest: ['postBindingAuthnRequest'],
};
const OIDC_CONFIG: Record<string, readonly string[]> = {
  issuer: ['issuer'],
  clientId: ['clientId'],
  clientSecret: ['clientSecret'],
  authorizationUrl: ['authorizationUrl'],
  tokenUrl: ['tokenUrl'],
  jwksUrl: ['jwksUrl'],
  defaultScopes: ['defaultScope'],
  clientAuthentication: ['clientAuthMethod'],
  validateSignature: ['validateSignature'],
};
/** Mapper fields → keys of the mapper's `config` map (both spellings Keycloak uses for SAML and OIDC). */
const MAPPER_CONFIG: Record<string, readonly string[]> = {
  syncMode: ['syncMode'],
  attributeName: ['attribute.name'],
  friendlyName: ['attribute.friendly.name'],
  nameFormat: ['attribute.name.format'],
  claim: ['claim'],
  claimValue: ['claim.value', 'attribute.value'],
  userAttribute: ['user.attribute', 'attribute'],
  value: ['attribute.value'],
  role: ['role'],
  group: ['group'],
  claims: ['claims', 'attributes'],
  regex: ['are.claim.values.regex', 'are.attribute.values.regex'],
  template: ['template'],
};

const inConfig = (table: Record<string, readonly string[]>): Record<string, readonly string[]> =>
  Object.fromEntries(Object.entries(table).map(([k, v]) => [k, v.map((key) => toPointer(['config', key]))]));

/**
 * Where each part of the provider `importKeycloakRealm` builds came from in the realm export. Walks
 * the export in the importer's own order (groups depth-first, users without service accounts, key
 * providers of the modelled kinds, modelled mappers per identity provider alias).
 */
export function keycloakRealmPointers(realm: JsonObject, provider: string): PointerMap {
  const map = new PointerMap(realm);
  map.fields(provider, '/realm', { id: ['/realm'], realm: ['/realm'], displayName: ['/displayName', '/realm'], baseUrl: ['/realm'] });

  let g = 0;
  const walkGroups = (list: unknown, at: string): void => {
    if (!Array.isArray(list)) return;
    list.forEach((v, i) => {
      if (!isObject(v) || !str(v.name)) return;
      const src = childPointer(at, i);
      map.fields(childPointer(provider, 'groups', g++), src, { id: ['/path', '/name'], path: ['/path', '/name'], displayName: ['/name'] });
      walkGroups(v.subGroups, childPointer(src, 'subGroups'));
    });
  };
  walkGroups(realm.groups, '/groups');

  keptIndices(realm.users, (u) => isObject(u) && !!str(u.username) && !str(u.serviceAccountClientId)).forEach((src, i) => {
    const user = childPointer(provider, 'users', i);
    const at = childPointer('/users', src);
    map.fields(user, at, { id: ['/username'], userPrincipalName: ['/username'], givenName: ['/firstName'], surname: ['/lastName'], mail: ['/email'], groups: ['/groups'] });
    const u = (realm.users as unknown[])[src] as JsonObject;
    keptIndices(u.groups, (x) => typeof x === 'string').forEach((s, j) => map.set(childPointer(user, 'groups', j), [childPointer(at, 'groups', s)]));
  });

  const components = isObject(realm.components) ? realm.components : {};
  const keyList = components['org.keycloak.keys.KeyProvider'];
  keptIndices(keyList, (k) => isObject(k) && KEY_PROVIDERS.test(str(k.providerId) ?? '')).forEach((src, i) => {
    const at = childPointer('/components', 'org.keycloak.keys.KeyProvider', src);
    map.fields(childPointer(provider, 'keys', i), at, {
      name: ['/name', '/providerId'],
      provider: ['/providerId'],
      algorithm: ['/config/algorithm'],
      priority: ['/config/priority'],
      keySize: ['/config/keySize'],
      certificate: ['/config/certificate/0', '/config/certificate'],
    });
  });

  const mappers = keptIndices(realm.identityProviderMappers, (m) => isObject(m) && isModelledMapper(str(m.identityProviderMapper) ?? ''));
  keptIndices(realm.identityProviders, isObject).forEach((src, i) => {
    const idp = (realm.identityProviders as unknown[])[src] as JsonObject;
    const at = childPointer('/identityProviders', src);
    const model = childPointer(provider, 'identityProviders', i);
    map.fields(model, at, { alias: ['/alias'], displayName: ['/displayName', '/alias'], protocol: ['/providerId'], enabled: ['/enabled'], syncMode: ['/config/syncMode'], firstBrokerLoginFlow: ['/firstBrokerLoginFlowAlias'], mappers: ['/alias'] });
    const protocol = str(idp.providerId) === 'saml' ? 'saml' : 'oidc';
    map.fields(childPointer(model, protocol), childPointer(at, 'config'), {});
    for (const [field, rel] of Object.entries(inConfig(protocol === 'saml' ? SAML_CONFIG : OIDC_CONFIG))) map.set(childPointer(model, protocol, field), rel.map((r) => at + r), at);
    const alias = str(idp.alias) ?? '';
    mappers
      .filter((m) => (str(((realm.identityProviderMappers as unknown[])[m] as JsonObject).identityProviderAlias) ?? '') === alias)
      .forEach((m, k) => {
        const mat = childPointer('/identityProviderMappers', m);
        map.fields(childPointer(model, 'mappers', k), mat, { name: ['/name'], type: ['/identityProviderMapper'], ...inConfig(MAPPER_CONFIG) });
      });
  });
  return map;
}
