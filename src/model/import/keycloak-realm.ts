import type {
  CertificateRef,
  IdpGroup,
  KeycloakIdentityProvider,
  KeycloakMapper,
  KeycloakMapperType,
  KeycloakProvider,
  KeycloakRealmKey,
  KeycloakSamlSettings,
  NameIdFormat,
  TestUser,
} from '../config-types';
import { compact, flag, isObject, objects, slug, str, strings, type ImportResult, type JsonObject } from './json-shapes';
import { ownEntry } from '../../decoders/own-entry';
import { certificateRefFromText } from './certificate-text';

/**
 * Keycloak identity-provider mapper provider IDs → the config's mapper types. From Keycloak's
 * `*IdentityProviderMapper` classes (PROVIDER_ID constants: UserAttributeMapper
 * "saml-user-attribute-idp-mapper", AdvancedAttributeToGroupMapper "saml-advanced-group-idp-mapper", …).
 */
const MAPPER_TYPES: Record<string, KeycloakMapperType> = {
  'saml-user-attribute-idp-mapper': 'attribute-importer',
  'oidc-user-attribute-idp-mapper': 'attribute-importer',
  'hardcoded-role-idp-mapper': 'hardcoded-role',
  'oidc-hardcoded-role-idp-mapper': 'hardcoded-role',
  'oidc-hardcoded-group-idp-mapper': 'hardcoded-group',
  'hardcoded-attribute-idp-mapper': 'hardcoded-attribute',
  'oidc-role-idp-mapper': 'claim-to-role',
  'saml-role-idp-mapper': 'claim-to-role',
  'oidc-advanced-role-idp-mapper': 'advanced-claim-to-role',
  'saml-advanced-role-idp-mapper': 'advanced-claim-to-role',
  'oidc-advanced-group-idp-mapper': 'advanced-claim-to-group',
  'saml-advanced-group-idp-mapper': 'advanced-claim-to-group',
  'oidc-username-idp-mapper': 'username-template',
  'saml-username-idp-mapper': 'username-template',
};

/** True when the importer models a mapper of this Keycloak provider ID (others are skipped with a note). */
export function isModelledMapper(providerId: string): boolean {
  return ownEntry(MAPPER_TYPES, providerId) !== undefined;
}

/** The Keycloak provider ID for a mapper type on a SAML or OIDC identity provider (inverse of the table). */
export function keycloakMapperProviderId(type: KeycloakMapperType, protocol: 'saml' | 'oidc'): string {
  switch (type) {
    case 'attribute-importer':
      return `${protocol}-user-attribute-idp-mapper`;
    case 'hardcoded-role':
      return 'hardcoded-role-idp-mapper';
    case 'hardcoded-group':
      return 'oidc-hardcoded-group-idp-mapper';
    case 'hardcoded-attribute':
      return 'hardcoded-attribute-idp-mapper';
    case 'claim-to-role':
      return `${protocol}-role-idp-mapper`;
    case 'advanced-claim-to-role':
      return `${protocol}-advanced-role-idp-mapper`;
    case 'advanced-claim-to-group':
      return `${protocol}-advanced-group-idp-mapper`;
    case 'username-template':
      return `${protocol}-username-idp-mapper`;
  }
}

/** SAML NameID format URNs (SAML core §8.3) → the config's short names. */
const NAMEID_FORMATS: Record<string, NameIdFormat> = {
  'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress': 'emailAddress',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent': 'persistent',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:transient': 'transient',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified': 'unspecified',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:WindowsDomainQualifiedName': 'windowsDomainQualifiedName',
  'urn:oasis:names:tc:SAML:1.1:nameid-format:X509SubjectName': 'x509SubjectName',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:entity': 'entity',
  'urn:oasis:names:tc:SAML:2.0:nameid-format:kerberos': 'kerberos',
};
export function nameIdFormatUrn(format: NameIdFormat): string {
  return Object.entries(NAMEID_FORMATS).find(([, v]) => v === format)?.[0] ?? format;
}

export interface KeycloakImportOptions {
  /** Server URL up to /realms/ (a realm export does not record the host name). */
  baseUrl?: string;
  /** Provider id in the config; defaults to the realm name. */
  id?: string;
}

export function looksLikeKeycloakRealm(v: unknown): v is JsonObject {
  return isObject(v) && typeof v.realm === 'string' && ('identityProviders' in v || 'identityProviderMappers' in v || 'clients' in v || 'groups' in v);
}

/**
 * A Keycloak realm export (RealmRepresentation, as written by `kc.sh export` or the console's
 * Partial export) → a Keycloak provider: groups, users, realm key certificates, identity providers
 * and their mappers. Secrets and private keys in the export are never copied: client secrets become
 * `{ "env": … }` references, private keys are dropped.
 */
export function importKeycloakRealm(realm: JsonObject, options: KeycloakImportOptions = {}): ImportResult<KeycloakProvider> {
  const notes: string[] = [];
  const realmName = str(realm.realm) ?? 'realm';
  const baseUrl = options.baseUrl ?? 'https://keycloak.example.invalid';
  if (!options.baseUrl) notes.push('a realm export does not record the server URL: baseUrl is a placeholder; pass --base-url');

  const groups: IdpGroup[] = [];
  const walkGroups = (list: unknown, parent: string): void => {
    for (const g of objects(list)) {
      const name = str(g.name);
      if (!name) continue;
      const path = str(g.path) ?? `${parent}/${name}`;
      groups.push(compact({ id: path.replace(/^\//, ''), displayName: name, kind: 'keycloak' as const, path }));
      walkGroups(g.subGroups, path);
    }
  };
  walkGroups(realm.groups, '');

  const users: TestUser[] = objects(realm.users)
    .filter((u) => str(u.username) && !str(u.serviceAccountClientId))
    .map((u) =>
      compact({
        id: str(u.username) ?? 'user',
        userPrincipalName: str(u.username),
        givenName: str(u.firstName),
        surname: str(u.lastName),
        mail: str(u.email),
        groups: strings(u.groups).map((p) => p.replace(/^\//, '')),
      }),
    );

  const keys: KeycloakRealmKey[] = [];
  const components = isObject(realm.components) ? realm.components : {};
  for (const k of objects(components['org.keycloak.keys.KeyProvider'])) {
    const providerId = str(k.providerId) ?? '';
    if (!/^(rsa|rsa-generated|rsa-enc-generated|rsa-enc|java-keystore|ecdsa-generated)$/.test(providerId)) continue;
    const cfg = isObject(k.config) ? k.config : {};
    const first = (key: string): string | undefined => str(strings(cfg[key])[0]);
    if (first('privateKey')) notes.push(`realm key ${str(k.name) ?? providerId}: private key in the export not copied`);
    const certificate = first('certificate');
    const algorithm = first('algorithm');
    const priority = first('priority');
    const keySize = first('keySize');
    keys.push(
      compact({
        name: str(k.name) ?? providerId,
        provider: providerId,
        use: providerId.includes('-enc') || algorithm?.startsWith('RSA-OAEP') || algorithm === 'RSA1_5' ? ('enc' as const) : ('sig' as const),
        algorithm,
        priority: priority !== undefined && /^-?\d+$/.test(priority) ? Number(priority) : undefined,
        keySize: keySize !== undefined && /^\d+$/.test(keySize) ? Number(keySize) : undefined,
        certificate: certificate ? certificateRefFromText(certificate, `realm key ${str(k.name) ?? providerId}`, notes) : undefined,
      }),
    );
  }

  const mappersByAlias = new Map<string, JsonObject[]>();
  for (const m of objects(realm.identityProviderMappers)) {
    const alias = str(m.identityProviderAlias) ?? '';
    mappersByAlias.set(alias, [...(mappersByAlias.get(alias) ?? []), m]);
  }
  const identityProviders: KeycloakIdentityProvider[] = objects(realm.identityProviders).map((idp) => {
    const alias = str(idp.alias) ?? 'idp';
    const providerId = str(idp.providerId) ?? 'oidc';
    const protocol: 'saml' | 'oidc' = providerId === 'saml' ? 'saml' : 'oidc';
    if (!['saml', 'oidc', 'keycloak-oidc', 'microsoft'].includes(providerId)) notes.push(`identity provider ${alias}: provider type ${providerId} imported as OIDC`);
    const cfg = isObject(idp.config) ? idp.config : {};
    const sync = str(cfg.syncMode);
    const syncMode: KeycloakIdentityProvider['syncMode'] = sync === 'IMPORT' || sync === 'LEGACY' || sync === 'FORCE' ? sync : undefined;
    const mappers = (mappersByAlias.get(alias) ?? []).flatMap((m) => importMapper(m, alias, notes));
    const base = compact({
      alias,
      displayName: str(idp.displayName),
      protocol,
      enabled: flag(idp.enabled),
      syncMode,
      firstBrokerLoginFlow: str(idp.firstBrokerLoginFlowAlias),
      mappers,
    });
    if (protocol === 'saml') return { ...base, saml: samlSettings(cfg, alias, notes) };
    const clientId = str(cfg.clientId) ?? '';
    return {
      ...base,
      oidc: compact({
        issuer: str(cfg.issuer),
        clientId,
        // The export holds the secret (or "**********"); the config only ever references one.
        clientSecret: cfg.clientSecret !== undefined ? { env: `KEYCLOAK_${slug(alias).replace(/-/g, '_').toUpperCase()}_CLIENT_SECRET` } : undefined,
        authorizationUrl: str(cfg.authorizationUrl),
        tokenUrl: str(cfg.tokenUrl),
        jwksUrl: str(cfg.jwksUrl),
        defaultScopes: str(cfg.defaultScope)?.split(/\s+/).filter(Boolean),
        clientAuthentication: clientAuth(str(cfg.clientAuthMethod)),
        validateSignature: flag(cfg.validateSignature),
      }),
    };
  });
  for (const alias of mappersByAlias.keys()) if (!identityProviders.some((i) => i.alias === alias)) notes.push(`mappers for unknown identity provider "${alias}" skipped`);

  return {
    value: compact({
      type: 'keycloak' as const,
      id: options.id ?? realmName,
      displayName: str(realm.displayName) ?? realmName,
      baseUrl,
      realm: realmName,
      groups,
      users,
      identityProviders,
      keys,
    }),
    notes,
  };
}

function clientAuth(v: string | undefined): 'client_secret_post' | 'client_secret_basic' | 'client_secret_jwt' | 'private_key_jwt' | undefined {
  return v === 'client_secret_post' || v === 'client_secret_basic' || v === 'client_secret_jwt' || v === 'private_key_jwt' ? v : undefined;
}

function samlSettings(cfg: JsonObject, alias: string, notes: string[]): KeycloakSamlSettings {
  const principal = str(cfg.principalType);
  const sigAlg = str(cfg.signatureAlgorithm);
  const keyName = str(cfg.xmlSigKeyInfoKeyNameTransformer);
  const encAlg = str(cfg.encryptionAlgorithm);
  const certs: CertificateRef[] = (str(cfg.signingCertificate) ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter(Boolean)
    .flatMap((c) => certificateRefFromText(c, `identity provider ${alias}: signing certificate`, notes) ?? []);
  const nameId = str(cfg.nameIDPolicyFormat);
  return compact({
    metadataUrl: str(cfg.metadataDescriptorUrl),
    serviceProviderEntityId: str(cfg.entityId),
    idpEntityId: str(cfg.idpEntityId),
    singleSignOnServiceUrl: str(cfg.singleSignOnServiceUrl),
    singleLogoutServiceUrl: str(cfg.singleLogoutServiceUrl),
    nameIdPolicyFormat: nameId !== undefined ? ownEntry(NAMEID_FORMATS, nameId) : undefined,
    principalType: principal === 'SUBJECT' || principal === 'ATTRIBUTE' || principal === 'FRIENDLY_ATTRIBUTE' ? principal : undefined,
    principalAttribute: str(cfg.principalAttribute),
    wantAuthnRequestsSigned: flag(cfg.wantAuthnRequestsSigned),
    signatureAlgorithm: sigAlg === 'RSA_SHA256' || sigAlg === 'RSA_SHA1' || sigAlg === 'RSA_SHA512' || sigAlg === 'DSA_SHA1' ? sigAlg : undefined,
    signatureKeyName: keyName === 'NONE' || keyName === 'KEY_ID' || keyName === 'CERT_SUBJECT' ? keyName : undefined,
    wantAssertionsSigned: flag(cfg.wantAssertionsSigned),
    wantAssertionsEncrypted: flag(cfg.wantAssertionsEncrypted),
    encryptionAlgorithm: encAlg === 'RSA-OAEP' || encAlg === 'RSA1_5' ? encAlg : undefined,
    validateSignature: flag(cfg.validateSignature),
    signingCertificates: certs,
    postBindingResponse: flag(cfg.postBindingResponse),
    postBindingAuthnRequest: flag(cfg.postBindingAuthnRequest),
  });
}

function importMapper(m: JsonObject, alias: string, notes: string[]): KeycloakMapper[] {
  const name = str(m.name) ?? 'mapper';
  const providerId = str(m.identityProviderMapper) ?? '';
  const type = ownEntry(MAPPER_TYPES, providerId);
  if (!type) {
    notes.push(`mapper ${name} on ${alias}: type ${providerId} is not modelled; skipped`);
    return [];
  }
  const cfg = isObject(m.config) ? m.config : {};
  const sync = str(cfg.syncMode);
  const pairsText = str(cfg.claims) ?? str(cfg.attributes);
  let claims: Array<{ key: string; value: string }> | undefined;
  if (pairsText !== undefined) {
    try {
      const parsed: unknown = JSON.parse(pairsText);
      claims = objects(parsed).map((p) => ({ key: str(p.key) ?? '', value: typeof p.value === 'string' ? p.value : '' }));
    } catch {
      notes.push(`mapper ${name} on ${alias}: claims/attributes is not valid JSON; left out`);
    }
  }
  return [
    compact({
      name,
      type,
      syncMode: sync === 'INHERIT' || sync === 'IMPORT' || sync === 'LEGACY' || sync === 'FORCE' ? sync : undefined,
      attributeName: str(cfg['attribute.name']),
      friendlyName: str(cfg['attribute.friendly.name']),
      nameFormat: nameFormat(str(cfg['attribute.name.format'])),
      claim: str(cfg.claim),
      claimValue: str(cfg['claim.value']) ?? (type === 'claim-to-role' ? str(cfg['attribute.value']) : undefined),
      userAttribute: str(cfg['user.attribute']) ?? (type === 'hardcoded-attribute' ? str(cfg.attribute) : undefined),
      value: type === 'hardcoded-attribute' ? str(cfg['attribute.value']) : undefined,
      role: str(cfg.role),
      group: str(cfg.group),
      claims,
      regex: flag(cfg['are.claim.values.regex']) ?? flag(cfg['are.attribute.values.regex']),
      template: str(cfg.template),
    }),
  ];
}

function nameFormat(v: string | undefined): KeycloakMapper['nameFormat'] {
  return v === 'ATTRIBUTE_FORMAT_BASIC' || v === 'ATTRIBUTE_FORMAT_URI' || v === 'ATTRIBUTE_FORMAT_UNSPECIFIED' ? v : undefined;
}

/** Back to Keycloak's IdentityProviderMapperRepresentation (for round-trip checks and export). */
export function exportKeycloakMapper(m: KeycloakMapper, alias: string, protocol: 'saml' | 'oidc'): JsonObject {
  const config: Record<string, string> = {};
  const set = (k: string, v: string | boolean | undefined): void => {
    if (v !== undefined) config[k] = String(v);
  };
  set('syncMode', m.syncMode);
  set('attribute.name', m.attributeName);
  set('attribute.friendly.name', m.friendlyName);
  set('attribute.name.format', m.nameFormat);
  set('claim', m.claim);
  if (m.type === 'claim-to-role' && protocol === 'saml') set('attribute.value', m.claimValue);
  else set('claim.value', m.claimValue);
  if (m.type === 'hardcoded-attribute') {
    set('attribute', m.userAttribute);
    set('attribute.value', m.value);
  } else set('user.attribute', m.userAttribute);
  set('role', m.role);
  set('group', m.group);
  if (m.claims) set(protocol === 'saml' ? 'attributes' : 'claims', JSON.stringify(m.claims));
  set(protocol === 'saml' ? 'are.attribute.values.regex' : 'are.claim.values.regex', m.regex);
  set('template', m.template);
  return { name: m.name, identityProviderAlias: alias, identityProviderMapper: keycloakMapperProviderId(m.type, protocol), config };
}
