import type { App, AppAssignment, CertificateRef, ClaimsMappingPolicyDefinition, EntraProvider, IdpGroup, KeycloakIdentityProvider, KeycloakMapper, KeycloakMapperType, KeycloakProvider, NameIdFormat, Provider, SsoConfig, TestUser } from '../config-types';
import { importEntraManifest } from '../import/entra-manifest';
import { compact } from '../import/json-shapes';
import { FileRef, type TfEvaluation, type TfInstance } from './tf-evaluate';
import { parseTraversal } from './tf-expression';
import type { TfBlockSource } from './tf-module';
import { isTfObject, isUnknown, TfUnknown, tfToString, type TfValue } from './tf-value';

/** Where a model value was written: a block of a `.tf` file and the attribute path inside it. */
export interface TfOrigin {
  source: TfBlockSource;
  /** Attribute names from the block inward (`web`, `redirect_uris`); an index selects the n-th nested block of that name. */
  attribute: Array<string | number>;
}

/** A value only `terraform apply` decides, shown in the model as the expression text `${…}`. */
export interface TfUnknownValue {
  pointer: string;
  unknown: TfUnknown;
  origin: TfOrigin;
}

export interface TerraformModel {
  config: SsoConfig;
  /** JSON pointer of the model → where it came from (nearest ancestor applies). */
  origins: Map<string, TfOrigin>;
  unknowns: TfUnknownValue[];
  /** Terraform addresses of the model's apps, providers and groups (for the sidecar and the tree). */
  addresses: Map<string, string>;
  /**
   * Pointers of values the model works out rather than reads from a `.tf` attribute (an Entra OIDC app's
   * issuer, from the tenant): the sidecar may set these, e.g. to point "Sign In as This App" at a test provider.
   */
  derived: Set<string>;
}

export const ENTRA_PROVIDER_ID = 'azuread';

/** Keycloak's Terraform `name_id_policy_format` labels → the model's format names (terraform-provider-keycloak, resource_keycloak_saml_identity_provider.go nameIdPolicyFormats). */
const NAME_ID_FORMATS: Record<string, NameIdFormat> = {
  Persistent: 'persistent',
  Transient: 'transient',
  Email: 'emailAddress',
  Kerberos: 'kerberos',
  'X.509 Subject Name': 'x509SubjectName',
  'Windows Domain Qualified Name': 'windowsDomainQualifiedName',
  Unspecified: 'unspecified',
};

/** `keycloak_custom_identity_provider_mapper.identity_provider_mapper` ids (Keycloak's IdentityProviderMapper getId()) → the model's mapper types. */
const CUSTOM_MAPPER_TYPES: Record<string, KeycloakMapperType> = {
  'saml-advanced-group-idp-mapper': 'advanced-claim-to-group',
  'oidc-advanced-group-idp-mapper': 'advanced-claim-to-group',
  'saml-advanced-role-idp-mapper': 'advanced-claim-to-role',
  'oidc-advanced-role-idp-mapper': 'advanced-claim-to-role',
  'saml-role-idp-mapper': 'claim-to-role',
  'oidc-role-idp-mapper': 'claim-to-role',
  'saml-user-attribute-idp-mapper': 'attribute-importer',
  'oidc-user-attribute-idp-mapper': 'attribute-importer',
  'hardcoded-group-idp-mapper': 'hardcoded-group',
  'hardcoded-role-idp-mapper': 'hardcoded-role',
  'hardcoded-attribute-idp-mapper': 'hardcoded-attribute',
  'oidc-username-idp-mapper': 'username-template',
  'saml-username-idp-mapper': 'username-template',
};

function oneOf<T extends string>(v: string | undefined, allowed: readonly T[]): T | undefined {
  return allowed.find((a) => a === v);
}
const str = (v: TfValue | undefined): string | undefined => (v === undefined || isUnknown(v) ? undefined : (tfToString(v) ?? undefined));
const bool = (v: TfValue | undefined): boolean | undefined => (typeof v === 'boolean' ? v : v === 'true' ? true : v === 'false' ? false : undefined);
const list = (v: TfValue | undefined): TfValue[] => (Array.isArray(v) ? v : []);
const block = (v: TfValue | undefined): { [key: string]: TfValue } => {
  const first = list(v)[0];
  return isTfObject(first) ? first : isTfObject(v) ? v : {};
};

/**
 * Builds the SSO Lens config model from an evaluated Terraform module: the `azuread` provider's
 * applications, service principals, groups, users and app role assignments as one Entra provider, and
 * each `keycloak_realm` with its groups, identity providers and mappers as a Keycloak provider. Unknown
 * values are kept as `${expression}` text and listed in `unknowns`, so that no rule judges them.
 */
export function terraformToConfig(ev: TfEvaluation, name: string): TerraformModel {
  const origins = new Map<string, TfOrigin>();
  const unknowns: TfUnknownValue[] = [];
  const addresses = new Map<string, string>();
  const derived = new Set<string>();
  const providers: Provider[] = [];
  const of = (type: string, mode: 'managed' | 'data' = 'managed'): TfInstance[] => ev.instances.filter((i) => i.type === type && i.mode === mode);
  const ids = shortIds(ev.instances);
  const idOf = (i: TfInstance): string => ids.get(i.address) ?? i.address;
  const origin = (i: TfInstance | { source: TfBlockSource }, ...attribute: Array<string | number>): TfOrigin => ({ source: i.source, attribute });
  /** A required string: the value, or the expression text when only apply knows it. */
  const required = (v: TfValue | undefined, pointer: string, o: TfOrigin, expression: string): string => {
    const s = str(v);
    if (s !== undefined) return s;
    const u = isUnknown(v) ? v : new TfUnknown('undeclared', expression);
    unknowns.push({ pointer, unknown: u, origin: o });
    return `\${${u.expression}}`;
  };
  /** Optional attributes that are unknown are left out, and listed. */
  const noteUnknowns = (v: TfValue | undefined, pointer: string, o: TfOrigin): void => {
    if (isUnknown(v)) unknowns.push({ pointer, unknown: v, origin: o });
    else if (Array.isArray(v)) v.forEach((x, n) => isUnknown(x) && unknowns.push({ pointer: `${pointer}/${n}`, unknown: x, origin: o }));
  };
  const knownStrings = (v: TfValue | undefined): string[] => list(v).map(str).filter((s): s is string => s !== undefined);

  // ---- Entra (azuread) ----
  const apps = of('azuread_application');
  const entraGroups = [...of('azuread_group'), ...of('azuread_group', 'data')];
  if (apps.length > 0 || entraGroups.length > 0) {
    const pIndex = providers.length;
    const pPointer = `/providers/${pIndex}`;
    const providerBlock = ev.providers.find((p) => p.name === 'azuread' && p.alias === undefined);
    const tenantId = required(providerBlock?.attrs['tenant_id'] ?? new TfUnknown('unset-variable', 'provider.azuread.tenant_id'), `${pPointer}/tenantId`, providerBlock ? origin(providerBlock, 'tenant_id') : origin(apps[0] ?? entraGroups[0] ?? { source: { file: '', labels: [] } }), 'provider.azuread.tenant_id');
    if (providerBlock) origins.set(pPointer, origin(providerBlock));
    else if (apps[0]) origins.set(pPointer, origin(apps[0]));
    const groups: IdpGroup[] = [];
    for (const g of entraGroups) {
      const gPointer = `${pPointer}/groups/${groups.length}`;
      origins.set(gPointer, origin(g));
      addresses.set(gPointer, g.address);
      // Entra assigns the object ID on apply: unknown unless the sidecar pins it.
      const objectId = g.attrs['object_id'] ?? new TfUnknown('computed', `${g.address}.object_id`, { address: g.address, attribute: ['object_id'] });
      noteUnknowns(objectId, `${gPointer}/objectId`, origin(g));
      const types = knownStrings(g.attrs['types']);
      groups.push(compact({ id: idOf(g), displayName: str(g.attrs['display_name']), objectId: str(objectId), samAccountName: str(g.attrs['onpremises_sam_account_name']), kind: types.includes('Unified') ? ('microsoft365' as const) : bool(g.attrs['security_enabled']) === false ? undefined : ('security' as const) }));
    }
    const users: TestUser[] = of('azuread_user').map((u) => compact({ id: idOf(u), userPrincipalName: str(u.attrs['user_principal_name']), displayName: str(u.attrs['display_name']), givenName: str(u.attrs['given_name']), surname: str(u.attrs['surname']), mail: str(u.attrs['mail']), objectId: str(u.attrs['object_id']) }));
    users.forEach((u, n) => {
      const inst = of('azuread_user')[n];
      if (inst) origins.set(`${pPointer}/users/${n}`, origin(inst));
    });
    const sps = of('azuread_service_principal');
    const builtApps: App[] = [];
    for (const a of apps) {
      const aPointer = `${pPointer}/apps/${builtApps.length}`;
      const sp = sps.find((s) => refersTo(s, 'client_id', a, ev));
      const saml = str(sp?.attrs['preferred_single_sign_on_mode']) === 'saml';
      const web = block(a.attrs['web']);
      const oc = block(a.attrs['optional_claims']);
      const claimList = (v: TfValue | undefined): unknown[] => list(v).filter(isTfObject).map((c) => compact({ name: str(c['name']), source: str(c['source']), essential: bool(c['essential']), additionalProperties: knownStrings(c['additional_properties']) }));
      const manifest = {
        appId: str(a.attrs['client_id']) ?? '',
        ...(str(a.attrs['object_id']) ? { id: str(a.attrs['object_id']) } : {}),
        displayName: str(a.attrs['display_name']) ?? idOf(a),
        signInAudience: str(a.attrs['sign_in_audience']) ?? 'AzureADMyOrg',
        identifierUris: knownStrings(a.attrs['identifier_uris']),
        web: { redirectUris: knownStrings(web['redirect_uris']), ...(str(web['logout_url']) ? { logoutUrl: str(web['logout_url']) } : {}) },
        spa: { redirectUris: knownStrings(block(a.attrs['single_page_application'])['redirect_uris']) },
        publicClient: { redirectUris: knownStrings(block(a.attrs['public_client'])['redirect_uris']) },
        api: { requestedAccessTokenVersion: block(a.attrs['api'])['requested_access_token_version'] ?? null },
        appRoles: list(a.attrs['app_role']).filter(isTfObject).map((r) => ({ value: str(r['value']), displayName: str(r['display_name']), description: str(r['description']), allowedMemberTypes: knownStrings(r['allowed_member_types']), isEnabled: bool(r['enabled']) ?? true, id: str(r['id']) })),
        optionalClaims: { idToken: claimList(block(oc)['id_token'] ?? oc['id_token']), accessToken: claimList(oc['access_token']), saml2Token: claimList(oc['saml2_token']) },
        groupMembershipClaims: knownStrings(a.attrs['group_membership_claims']).join(','),
        passwordCredentials: of('azuread_application_password').some((p) => refersTo(p, 'application_id', a, ev)) ? [{}] : [],
      };
      manifest.optionalClaims.idToken = claimList(oc['id_token']);
      const imported = importEntraManifest(manifest, { tenantId, protocol: saml ? 'saml' : 'oidc', providerId: ENTRA_PROVIDER_ID });
      const app = imported.value.apps?.[0];
      if (!app) continue;
      app.id = idOf(a);
      if (app.protocol === 'oidc') derived.add(`${aPointer}/issuer`);
      origins.set(aPointer, origin(a));
      addresses.set(aPointer, a.address);
      const clientId = a.attrs['client_id'];
      if (!str(clientId)) {
        const appId = required(clientId ?? new TfUnknown('computed', `${a.address}.client_id`, { address: a.address, attribute: ['client_id'] }), `${aPointer}/appId`, origin(a), `${a.address}.client_id`);
        app.appId = appId;
        if (app.protocol === 'oidc') {
          app.clientId = appId;
          unknowns.push({ pointer: `${aPointer}/clientId`, unknown: unknowns[unknowns.length - 1]?.unknown ?? new TfUnknown('computed', `${a.address}.client_id`), origin: origin(a) });
        }
      }
      if (app.protocol === 'oidc') {
        if (app.clientSecret) origins.set(`${aPointer}/clientSecret`, origin(of('azuread_application_password').find((p) => refersTo(p, 'application_id', a, ev)) ?? a));
        delete app.clientSecret; // the secret itself is never in the model; the sidecar names where it is kept
      }
      // Where each field was written.
      const set = (pointer: string, ...attr: Array<string | number>): void => void origins.set(`${aPointer}/${pointer}`, origin(a, ...attr));
      set('displayName', 'display_name');
      noteUnknowns(a.attrs['identifier_uris'], `${aPointer}/identifiers`, origin(a, 'identifier_uris'));
      if (app.protocol === 'saml') {
        set('identifiers', 'identifier_uris');
        set('replyUrls', 'web', 'redirect_uris');
        set('logoutUrl', 'web', 'logout_url');
      } else {
        set('redirectUris', 'web', 'redirect_uris');
        set('logoutUris', 'web', 'logout_url');
        set('accessTokenVersion', 'api', 'requested_access_token_version');
        set('optionalClaims', 'optional_claims');
        set('optionalClaims/idToken', 'optional_claims', 'id_token');
        set('optionalClaims/accessToken', 'optional_claims', 'access_token');
      }
      noteUnknowns(web['redirect_uris'], `${aPointer}/${app.protocol === 'saml' ? 'replyUrls' : 'redirectUris'}`, origin(a, 'web', 'redirect_uris'));
      set('groupsClaim', 'group_membership_claims');
      set('groupsClaim/idToken', 'optional_claims', 'id_token');
      set('groupsClaim/accessToken', 'optional_claims', 'access_token');
      set('groupsClaim/saml', 'optional_claims', 'saml2_token');
      set('optionalClaims/saml2Token', 'optional_claims', 'saml2_token');
      (app.appRoles ?? []).forEach((_r, n) => {
        set(`appRoles/${n}`, 'app_role', n);
        for (const f of ['value', 'displayName', 'description', 'id', 'enabled', 'allowedMemberTypes']) set(`appRoles/${n}/${f}`, 'app_role', n, f === 'displayName' ? 'display_name' : f === 'allowedMemberTypes' ? 'allowed_member_types' : f);
      });
      if (sp) {
        const spSet = (pointer: string, ...attr: Array<string | number>): void => void origins.set(`${aPointer}/${pointer}`, origin(sp, ...attr));
        const required = bool(sp.attrs['app_role_assignment_required']);
        if (required !== undefined) app.assignmentRequired = required;
        spSet('assignmentRequired', 'app_role_assignment_required');
        if (app.protocol === 'saml') {
          const emails = knownStrings(sp.attrs['notification_email_addresses']);
          if (emails.length) app.signing = { ...app.signing, notificationEmails: emails };
          spSet('signing', 'notification_email_addresses');
          const relay = str(block(sp.attrs['saml_single_sign_on'])['relay_state']);
          if (relay) app.relayState = relay;
          spSet('relayState', 'saml_single_sign_on', 'relay_state');
          const login = str(sp.attrs['login_url']);
          if (login) app.signOnUrl = login;
          spSet('signOnUrl', 'login_url');
        }
        // A claims-mapping policy assigned to the service principal: its definition, as Graph stores it, on the app.
        const assignment = of('azuread_service_principal_claims_mapping_policy_assignment').find((x) => refersTo(x, 'service_principal_id', sp, ev));
        const policy = assignment ? of('azuread_claims_mapping_policy').find((x) => refersTo(assignment, 'claims_mapping_policy_id', x, ev)) : undefined;
        if (policy) {
          const definition = list(policy.attrs['definition'])[0];
          const parsed = parsePolicyDefinition(str(definition));
          if (parsed) app.claimsMappingPolicy = parsed;
          else noteUnknowns(definition, `${aPointer}/claimsMappingPolicy`, origin(policy, 'definition'));
          origins.set(`${aPointer}/claimsMappingPolicy`, origin(policy, 'definition'));
        }
        // App role assignments to this app's service principal.
        const assignments: AppAssignment[] = [];
        for (const asg of of('azuread_app_role_assignment')) {
          if (!refersTo(asg, 'resource_object_id', sp, ev)) continue;
          const principal = ev.instances.find((i) => (i.type === 'azuread_group' || i.type === 'azuread_user') && refersTo(asg, 'principal_object_id', i, ev));
          if (!principal) continue;
          const role = roleValue(asg, a, ev);
          const entry: AppAssignment = compact({ ...(principal.type === 'azuread_group' ? { group: idOf(principal) } : { user: idOf(principal) }), role });
          origins.set(`${aPointer}/assignments/${assignments.length}`, origin(asg));
          assignments.push(entry);
        }
        if (assignments.length) app.assignments = assignments;
      }
      builtApps.push(app);
    }
    const entra: EntraProvider = compact({ id: ENTRA_PROVIDER_ID, type: 'entra' as const, tenantId, groups, users, apps: builtApps });
    providers.push(entra);
  }

  // ---- Keycloak ----
  const keycloakBlock = ev.providers.find((p) => p.name === 'keycloak' && p.alias === undefined);
  for (const realm of of('keycloak_realm')) {
    const pIndex = providers.length;
    const pPointer = `/providers/${pIndex}`;
    origins.set(pPointer, origin(realm));
    addresses.set(pPointer, realm.address);
    const realmName = required(realm.attrs['realm'], `${pPointer}/realm`, origin(realm, 'realm'), `${realm.address}.realm`);
    const url = str(keycloakBlock?.attrs['url']);
    const basePath = str(keycloakBlock?.attrs['base_path']) ?? '';
    const baseUrl = url !== undefined ? `${url.replace(/\/+$/, '')}${basePath}` : required(keycloakBlock?.attrs['url'] ?? new TfUnknown('unset-variable', 'provider.keycloak.url'), `${pPointer}/baseUrl`, keycloakBlock ? origin(keycloakBlock, 'url') : origin(realm), 'provider.keycloak.url');
    if (keycloakBlock) origins.set(`${pPointer}/baseUrl`, origin(keycloakBlock, 'url'));
    origins.set(`${pPointer}/realm`, origin(realm, 'realm'));
    const inRealm = (i: TfInstance, attr = 'realm'): boolean => str(i.attrs[attr]) === realmName;
    const groupInstances = of('keycloak_group').filter((g) => inRealm(g, 'realm_id'));
    const groups: IdpGroup[] = groupInstances.map((g, n) => {
      origins.set(`${pPointer}/groups/${n}`, origin(g));
      const parent = groupInstances.find((p) => refersTo(g, 'parent_id', p, ev));
      const name = str(g.attrs['name']) ?? idOf(g);
      return compact({ id: idOf(g), displayName: name, kind: 'keycloak' as const, path: parent ? `/${str(parent.attrs['name']) ?? ''}/${name}` : `/${name}` });
    });
    const brokers: KeycloakIdentityProvider[] = [];
    for (const idp of [...of('keycloak_saml_identity_provider'), ...of('keycloak_oidc_identity_provider')].filter((i) => inRealm(i))) {
      const bPointer = `${pPointer}/identityProviders/${brokers.length}`;
      origins.set(bPointer, origin(idp));
      addresses.set(bPointer, idp.address);
      const alias = required(idp.attrs['alias'], `${bPointer}/alias`, origin(idp, 'alias'), `${idp.address}.alias`);
      const set = (pointer: string, ...attr: Array<string | number>): void => void origins.set(`${bPointer}/${pointer}`, origin(idp, ...attr));
      const syncMode = str(idp.attrs['sync_mode']);
      const isSaml = idp.type === 'keycloak_saml_identity_provider';
      const cert = idp.attrs['signing_certificate'];
      const certificates: CertificateRef[] = [];
      for (const c of (str(cert) ?? '').split(',').filter(Boolean)) {
        const file = FileRef.parse(c);
        certificates.push(file !== undefined ? { file } : /-----BEGIN/.test(c) ? { pem: c } : { base64: c.replace(/\s+/g, '') });
      }
      noteUnknowns(cert, `${bPointer}/saml/signingCertificates`, origin(idp, 'signing_certificate'));
      const nameIdLabel = str(idp.attrs['name_id_policy_format']);
      const broker: KeycloakIdentityProvider = compact({
        alias,
        displayName: str(idp.attrs['display_name']),
        protocol: isSaml ? ('saml' as const) : ('oidc' as const),
        enabled: bool(idp.attrs['enabled']),
        syncMode: syncMode === 'IMPORT' || syncMode === 'LEGACY' || syncMode === 'FORCE' ? syncMode : undefined,
        firstBrokerLoginFlow: str(idp.attrs['first_broker_login_flow_alias']),
        saml: isSaml
          ? compact({
              metadataUrl: str(idp.attrs['metadata_descriptor_url']),
              serviceProviderEntityId: str(idp.attrs['entity_id']),
              idpEntityId: str(idp.attrs['idp_entity_id']),
              singleSignOnServiceUrl: str(idp.attrs['single_sign_on_service_url']),
              singleLogoutServiceUrl: str(idp.attrs['single_logout_service_url']),
              nameIdPolicyFormat: nameIdLabel !== undefined ? (NAME_ID_FORMATS[nameIdLabel] ?? (Object.values(NAME_ID_FORMATS).includes(nameIdLabel as NameIdFormat) ? (nameIdLabel as NameIdFormat) : undefined)) : undefined,
              principalType: oneOf(str(idp.attrs['principal_type']), ['SUBJECT', 'ATTRIBUTE', 'FRIENDLY_ATTRIBUTE'] as const),
              principalAttribute: str(idp.attrs['principal_attribute']),
              wantAuthnRequestsSigned: bool(idp.attrs['want_authn_requests_signed']),
              signatureAlgorithm: oneOf(str(idp.attrs['signature_algorithm']), ['RSA_SHA256', 'RSA_SHA1', 'RSA_SHA512', 'DSA_SHA1'] as const),
              signatureKeyName: oneOf(str(idp.attrs['xml_sign_key_info_key_name_transformer']), ['NONE', 'KEY_ID', 'CERT_SUBJECT'] as const),
              wantAssertionsSigned: bool(idp.attrs['want_assertions_signed']),
              wantAssertionsEncrypted: bool(idp.attrs['want_assertions_encrypted']),
              encryptionAlgorithm: oneOf(str(idp.attrs['encryption_algorithm']), ['RSA-OAEP', 'RSA1_5'] as const),
              validateSignature: bool(idp.attrs['validate_signature']),
              signingCertificates: certificates,
              postBindingResponse: bool(idp.attrs['post_binding_response']),
              postBindingAuthnRequest: bool(idp.attrs['post_binding_authn_request']),
            })
          : undefined,
        oidc: !isSaml
          ? compact({
              issuer: str(idp.attrs['issuer']),
              clientId: required(idp.attrs['client_id'], `${bPointer}/oidc/clientId`, origin(idp, 'client_id'), `${idp.address}.client_id`),
              authorizationUrl: str(idp.attrs['authorization_url']),
              tokenUrl: str(idp.attrs['token_url']),
              jwksUrl: str(idp.attrs['jwks_url']),
              defaultScopes: str(idp.attrs['default_scopes'])?.split(/\s+/).filter(Boolean),
              validateSignature: bool(idp.attrs['validate_signature']),
            })
          : undefined,
      });
      for (const [model, tf] of [
        ['alias', 'alias'], ['displayName', 'display_name'], ['enabled', 'enabled'], ['syncMode', 'sync_mode'], ['saml/metadataUrl', 'metadata_descriptor_url'], ['saml/serviceProviderEntityId', 'entity_id'],
        ['saml/singleSignOnServiceUrl', 'single_sign_on_service_url'], ['saml/singleLogoutServiceUrl', 'single_logout_service_url'], ['saml/nameIdPolicyFormat', 'name_id_policy_format'], ['saml/principalType', 'principal_type'],
        ['saml/wantAuthnRequestsSigned', 'want_authn_requests_signed'], ['saml/signatureAlgorithm', 'signature_algorithm'], ['saml/signatureKeyName', 'xml_sign_key_info_key_name_transformer'], ['saml/wantAssertionsSigned', 'want_assertions_signed'],
        ['saml/wantAssertionsEncrypted', 'want_assertions_encrypted'], ['saml/encryptionAlgorithm', 'encryption_algorithm'], ['saml/validateSignature', 'validate_signature'], ['saml/signingCertificates', 'signing_certificate'],
        ['oidc/issuer', 'issuer'], ['oidc/clientId', 'client_id'], ['oidc/authorizationUrl', 'authorization_url'], ['oidc/tokenUrl', 'token_url'], ['oidc/jwksUrl', 'jwks_url'],
      ] as const) set(model, tf);
      const mappers: KeycloakMapper[] = [];
      for (const m of ev.instances.filter((i) => i.type.startsWith('keycloak_') && i.type.endsWith('_identity_provider_mapper') && inRealm(i) && str(i.attrs['identity_provider_alias']) === alias)) {
        const mapper = mapperOf(m);
        if (!mapper) continue;
        const mPointer = `${bPointer}/mappers/${mappers.length}`;
        origins.set(mPointer, origin(m));
        for (const [model, tf] of [['name', ['name']], ['attributeName', ['attribute_name']], ['friendlyName', ['attribute_friendly_name']], ['claim', ['claim_name']], ['userAttribute', ['user_attribute']], ['role', ['role']], ['group', ['group']], ['claims', ['extra_config', 'claims']], ['syncMode', ['extra_config', 'syncMode']]] as const) origins.set(`${mPointer}/${model}`, origin(m, ...tf));
        if (m.type === 'keycloak_custom_identity_provider_mapper') {
          origins.set(`${mPointer}/claims`, origin(m, 'extra_config', mapper.type.startsWith('advanced') && str(block(m.attrs['extra_config'])['attributes']) ? 'attributes' : 'claims'));
          origins.set(`${mPointer}/group`, origin(m, 'extra_config', 'group'));
          origins.set(`${mPointer}/role`, origin(m, 'extra_config', 'role'));
        }
        mappers.push(mapper);
      }
      if (mappers.length) broker.mappers = mappers;
      brokers.push(broker);
    }
    const keycloak: KeycloakProvider = compact({ id: idOf(realm), type: 'keycloak' as const, displayName: str(realm.attrs['display_name']), baseUrl, realm: realmName, groups, identityProviders: brokers });
    providers.push(keycloak);
  }

  // The Entra app each Keycloak SAML broker signs in through: the app whose reply URL is the broker's endpoint.
  for (const p of providers) {
    if (p.type !== 'keycloak') continue;
    for (const b of p.identityProviders ?? []) {
      // Matched by the reply URL, else by the identifier Keycloak sends as SP entity ID (the realm URL by default),
      // so that a mistyped reply URL still links the two hops and the cross-hop rules can say what differs.
      const endpoint = `${p.baseUrl}/realms/${p.realm}/broker/${b.alias}/endpoint`;
      const entityId = b.saml?.serviceProviderEntityId ?? `${p.baseUrl}/realms/${p.realm}`;
      const candidates = providers.flatMap((q) => q.apps ?? []);
      const app = candidates.find((a) => (a.protocol === 'saml' ? a.replyUrls : a.redirectUris ?? []).includes(endpoint)) ?? candidates.find((a) => a.protocol === 'saml' && a.identifiers.includes(entityId));
      if (app) b.upstreamApp = app.id;
    }
  }
  return { config: { version: 1, name, providers }, origins, unknowns, addresses, derived };
}

function mapperOf(m: TfInstance): KeycloakMapper | undefined {
  const extra = isTfObject(m.attrs['extra_config']) ? m.attrs['extra_config'] : block(m.attrs['extra_config']);
  const syncMode = oneOf(str(extra['syncMode']), ['INHERIT', 'IMPORT', 'LEGACY', 'FORCE'] as const);
  const base = { name: str(m.attrs['name']) ?? m.name, ...(syncMode ? { syncMode } : {}) };
  const nameFormat = oneOf(str(extra['attribute.name.format']), ['ATTRIBUTE_FORMAT_BASIC', 'ATTRIBUTE_FORMAT_URI', 'ATTRIBUTE_FORMAT_UNSPECIFIED'] as const);
  const format = nameFormat ? { nameFormat } : {};
  switch (m.type) {
    case 'keycloak_attribute_importer_identity_provider_mapper':
      return compact({ ...base, type: 'attribute-importer' as const, attributeName: str(m.attrs['attribute_name']), friendlyName: str(m.attrs['attribute_friendly_name']), claim: str(m.attrs['claim_name']), userAttribute: str(m.attrs['user_attribute']), ...format });
    case 'keycloak_hardcoded_role_identity_provider_mapper':
      return compact({ ...base, type: 'hardcoded-role' as const, role: str(m.attrs['role']) });
    case 'keycloak_hardcoded_group_identity_provider_mapper':
      return compact({ ...base, type: 'hardcoded-group' as const, group: str(m.attrs['group']) });
    case 'keycloak_hardcoded_attribute_identity_provider_mapper':
      return compact({ ...base, type: 'hardcoded-attribute' as const, userAttribute: str(m.attrs['attribute_name']), value: str(m.attrs['attribute_value']) });
    case 'keycloak_attribute_to_role_identity_provider_mapper':
      return compact({ ...base, type: 'claim-to-role' as const, attributeName: str(m.attrs['attribute_name']), friendlyName: str(m.attrs['attribute_friendly_name']), claim: str(m.attrs['claim_name']), claimValue: str(m.attrs['claim_value']) ?? str(m.attrs['attribute_value']), role: str(m.attrs['role']) });
    case 'keycloak_custom_identity_provider_mapper': {
      const type = CUSTOM_MAPPER_TYPES[str(m.attrs['identity_provider_mapper']) ?? ''];
      if (!type) return undefined;
      const pairs = str(extra['claims']) ?? str(extra['attributes']);
      let claims: Array<{ key: string; value: string }> | undefined;
      try {
        const parsed: unknown = pairs !== undefined ? JSON.parse(pairs) : undefined;
        if (Array.isArray(parsed)) claims = parsed.filter((c): c is { key: string; value: string } => c !== null && typeof c === 'object' && typeof (c as { key?: unknown }).key === 'string').map((c) => ({ key: c.key, value: String(c.value ?? '') }));
      } catch {
        claims = undefined;
      }
      const regex = bool(extra['are.claim.values.regex'] ?? extra['are.attribute.values.regex']);
      return compact({
        ...base,
        type,
        claims,
        regex,
        group: str(extra['group']),
        role: str(extra['role']),
        attributeName: str(extra['attribute.name']) ?? str(extra['attribute']),
        claim: str(extra['claim']),
        claimValue: str(extra['claim.value']) ?? str(extra['attribute.value']),
        userAttribute: str(extra['user.attribute']) ?? str(extra['attribute']),
        value: str(extra['attribute.value']),
        template: str(extra['template']),
        ...format,
      });
    }
    default:
      return undefined;
  }
}

/** The role value an assignment grants: `app_role_ids["value"]`, or an app role id written out; undefined = Default Access. */
function roleValue(asg: TfInstance, app: TfInstance, ev: TfEvaluation): string | undefined {
  const v = asg.attrs['app_role_id'];
  if (isUnknown(v) && v.ref?.attribute[0] === 'app_role_ids') return v.ref.attribute[1];
  const raw = rawTraversal(asg, 'app_role_id');
  const idx = raw?.findIndex((s) => 'name' in s && s.name === 'app_role_ids') ?? -1;
  const key = idx >= 0 ? raw?.[idx + 1] : undefined;
  if (key && 'key' in key) return String(key.key);
  const id = str(v);
  if (id === undefined || id === '00000000-0000-0000-0000-000000000000') return undefined;
  void ev;
  const role = list(app.attrs['app_role']).filter(isTfObject).find((r) => str(r['id']) === id);
  return role ? str(role['value']) : undefined;
}

/** The traversal written in an attribute (`"${azuread_group.g["a"].object_id}"`), when it is a plain reference. */
function rawTraversal(i: TfInstance, attr: string): ReturnType<typeof parseTraversal> {
  const raw = i.raw[attr];
  if (typeof raw !== 'string') return undefined;
  const m = /^\$\{(.*)\}$/s.exec(raw.trim());
  return m ? parseTraversal(m[1] ?? '') : undefined;
}

/**
 * Whether `from.attr` refers to the resource instance `to`: by the reference the evaluator kept (values
 * known only after apply), by the reference as written, or by an equal known value.
 */
function refersTo(from: TfInstance, attr: string, to: TfInstance, ev: TfEvaluation): boolean {
  void ev;
  const v = from.attrs[attr];
  if (isUnknown(v) && v.ref) return v.ref.address === to.address;
  const steps = rawTraversal(from, attr);
  if (steps) {
    if (steps.some((s) => 'expr' in s)) return false;
    const names = steps.filter((s) => 'name' in s).map((s) => (s).name);
    const keys = steps.filter((s) => 'key' in s).map((s) => String((s).key));
    const prefix = from.modulePath.map((p) => `module.${p.name}${p.key === undefined ? '' : `[${JSON.stringify(p.key)}]`}.`).join('');
    if (names[0] === 'each') {
      // for_each over a map of references: fall through to the value comparison
    } else if (names[0] === to.type && names[1] === to.name && `${prefix}${to.type}.${to.name}${keys[0] !== undefined ? `[${JSON.stringify(to.key !== undefined && typeof to.key === 'number' ? Number(keys[0]) : keys[0])}]` : ''}` === to.address) return true;
    else if (names[0] === 'data' && names[1] === to.type && names[2] === to.name && to.mode === 'data') return true;
  }
  const known = str(v);
  if (known === undefined) return false;
  const target = to.attrs['object_id'] ?? to.attrs['client_id'];
  return str(target) === known || str(to.attrs['client_id']) === known || str(to.attrs['object_id']) === known;
}

/** Short, stable ids: the for_each key, else the resource name (`this`/`main` take their module's name or key); the full address on a clash. */
function shortIds(instances: TfInstance[]): Map<string, string> {
  const out = new Map<string, string>();
  const taken = new Map<string, number>();
  const short = (i: TfInstance): string => {
    if (i.key !== undefined) return String(i.key);
    const mod = i.modulePath[i.modulePath.length - 1];
    if ((i.name === 'this' || i.name === 'main') && mod) return mod.key !== undefined ? String(mod.key) : mod.name;
    return i.name;
  };
  for (const i of instances) {
    const k = `${i.type}:${short(i)}`;
    taken.set(k, (taken.get(k) ?? 0) + 1);
  }
  for (const i of instances) out.set(i.address, (taken.get(`${i.type}:${short(i)}`) ?? 0) > 1 ? i.address : short(i));
  return out;
}

/** `definition = [jsonencode({ ClaimsMappingPolicy = { … } })]`: the policy object, or undefined when unknown or not a policy. */
function parsePolicyDefinition(text: string | undefined): ClaimsMappingPolicyDefinition | undefined {
  if (text === undefined) return undefined;
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, 'ClaimsMappingPolicy')) return undefined;
    const inner = (v as { ClaimsMappingPolicy: unknown }).ClaimsMappingPolicy;
    return typeof inner === 'object' && inner !== null && !Array.isArray(inner) ? (v as ClaimsMappingPolicyDefinition) : undefined;
  } catch {
    return undefined;
  }
}
