/**
 * The SSO Lens configuration model: what a `*.sso.json` / `sso-lens.json` file describes once it has
 * passed the JSON schema (schemas/sso-config.schema.json). The schema is the contract for editors;
 * these types are the same shape for code. Field comments name the console setting each mirrors.
 *
 * Layout: providers (Entra tenants, Keycloak realms, Okta orgs, generic OIDC/SAML IdPs) hold their
 * groups, test users and the applications registered with them; each application carries both the
 * IdP-side registration and the consuming product's side (claim mapping, teams, CEL authorization).
 * Keycloak realms also hold the identity providers they broker, with their mappers.
 */

export type ConfigVersion = 1;

export interface SsoConfig {
  $schema?: string;
  version: ConfigVersion;
  name?: string;
  description?: string;
  providers: Provider[];
}

export type Provider = EntraProvider | KeycloakProvider | OktaProvider | OidcProvider | SamlProvider;
export type ProviderType = Provider['type'];

interface ProviderBase {
  /** Unique within the file; apps and references use it. */
  id: string;
  displayName?: string;
  description?: string;
  /** Directory groups (Entra groups, Okta groups, Keycloak groups). */
  groups?: IdpGroup[];
  /** Test personas: who signs in, with which group memberships. */
  users?: TestUser[];
  apps?: App[];
}

export interface EntraProvider extends ProviderBase {
  type: 'entra';
  /** Directory (tenant) ID GUID. */
  tenantId: string;
  /** Primary or verified domain, e.g. contoso.onmicrosoft.com. */
  tenantDomain?: string;
  /** National cloud; decides the login host. */
  cloud?: 'global' | 'usgov' | 'china';
}

export interface KeycloakProvider extends ProviderBase {
  type: 'keycloak';
  /** Server URL up to, not including, `/realms/` (keeps `/auth` on Keycloak < 17 or when configured). */
  baseUrl: string;
  realm: string;
  /** Identity providers this realm brokers (Identity providers page). */
  identityProviders?: KeycloakIdentityProvider[];
  /** Realm keys (Realm settings → Keys): signing and encryption certificates. */
  keys?: KeycloakRealmKey[];
}

export interface OktaProvider extends ProviderBase {
  type: 'okta';
  /** Okta org domain, e.g. example.okta.com. */
  domain: string;
  authorizationServers?: OktaAuthorizationServer[];
}

export interface OidcProvider extends ProviderBase {
  type: 'oidc';
  issuer: string;
  /** Claims this IdP is known to put into ID tokens beyond the standard ones. */
  emittedClaims?: string[];
}

export interface SamlProvider extends ProviderBase {
  type: 'saml';
  entityId: string;
  metadataUrl?: string;
  metadataFile?: string;
  singleSignOnUrl?: string;
  signingCertificates?: CertificateRef[];
}

export interface IdpGroup {
  /** Local name used by references in this file (users, teams, assignments). */
  id: string;
  /** Display name in the directory. */
  displayName?: string;
  /** Entra/Okta object ID (GUID for Entra). */
  objectId?: string;
  /** On-premises sAMAccountName for groups synced by Entra Connect. */
  samAccountName?: string;
  /** Security, Microsoft 365, or a Keycloak group path. */
  kind?: 'security' | 'microsoft365' | 'distribution' | 'keycloak';
  /** Keycloak group path such as /tenant-admin (Keycloak groups only). */
  path?: string;
}

export interface TestUser {
  id: string;
  userPrincipalName?: string;
  displayName?: string;
  givenName?: string;
  surname?: string;
  mail?: string;
  objectId?: string;
  /** Guest (B2B) account: Entra sends `email` to guests by default. */
  guest?: boolean;
  /** Where a guest's account lives: another Entra tenant ("Microsoft Entra guests") or elsewhere ("External guests"); claim conditions tell them apart. */
  guestHome?: 'entra' | 'external';
  /** Ids of groups in this provider the user is a member of. */
  groups?: string[];
  /** Further directory attributes a claim may read (extension attributes, department…). */
  attributes?: Record<string, string | string[]>;
}

/**
 * A secret is never written into the file: an environment variable or VS Code secret storage.
 * `expires` (ISO-8601 date) is the expiry the IdP shows for it (Entra: Certificates & secrets →
 * Expires), so SSO Lens can warn before it runs out.
 */
export type SecretRef = ({ env: string } | { secretStorage: string }) & { expires?: string };

/** A certificate: a file next to the config, inline PEM/base64, or only its thumbprint. */
export type CertificateRef = { file: string } | { pem: string } | { base64: string } | { thumbprint: string; notAfter?: string };

export type App = OidcApp | SamlApp;

export interface AppRole {
  /** The value sent in the `roles` claim (JWT) or `…/claims/role` attribute (SAML). */
  value: string;
  displayName?: string;
  description?: string;
  allowedMemberTypes?: Array<'User' | 'Application'>;
  enabled?: boolean;
  /** Entra app role ID (GUID). */
  id?: string;
}

/** Graph `groupMembershipClaims` values. */
export type GroupMembershipClaims = 'None' | 'SecurityGroup' | 'All' | 'DirectoryRole' | 'ApplicationGroup';
export type GroupClaimFormat =
  | 'objectId'
  | 'sAMAccountName'
  | 'netbiosDomainAndSamAccountName'
  | 'dnsDomainAndSamAccountName'
  | 'onPremisesSid'
  | 'cloudDisplayName';

export interface GroupClaimTokenSettings {
  format?: GroupClaimFormat;
  /** "Emit groups as role claims": groups go to the role claim and app roles are dropped from it. */
  emitAsRoles?: boolean;
}

export interface GroupsClaim {
  /** Which groups: Token configuration → Add groups claim (manifest `groupMembershipClaims`). */
  membership: GroupMembershipClaims[];
  idToken?: GroupClaimTokenSettings;
  accessToken?: GroupClaimTokenSettings;
  saml?: GroupClaimTokenSettings;
  /** Group filter (enterprise app → Attributes & Claims → groups claim → Filter groups). */
  filter?: { attribute: 'displayName' | 'samAccountName'; match: 'prefix' | 'contains' | 'suffix'; value: string };
  /** Okta-style: the claim name when not `groups`. */
  claimName?: string;
}

export interface OptionalClaim {
  name: string;
  essential?: boolean;
  source?: string | null;
  additionalProperties?: string[];
}

export interface OptionalClaims {
  idToken?: OptionalClaim[];
  accessToken?: OptionalClaim[];
  saml2Token?: OptionalClaim[];
}

/** Who is assigned to the app (Enterprise application → Users and groups). */
export interface AppAssignment {
  /** A user id from the provider's `users`. */
  user?: string;
  /** A group id from the provider's `groups`. */
  group?: string;
  /** App role value granted; absent = "Default Access". */
  role?: string;
}

/** Where a team on the consuming product gets its members. Exactly one source is set. */
export interface TeamSource {
  /** Members of this IdP group (id in the provider's `groups`); the token carries it in the app's group claim format. */
  group?: string;
  /** Users assigned this app role (value). */
  appRole?: string;
  /** Members of this Keycloak group (assigned by the realm's identity-provider mappers). */
  keycloakGroup?: string;
  /** Whoever's token has this claim value. */
  claim?: { name: string; value: string };
}

export interface Team {
  /** The team/group name on the product side (Palette team name, Spark group name…). */
  name: string;
  description?: string;
  /** Roles the product gives the team (documentation; not evaluated). */
  roles?: string[];
  /** Where members come from. */
  source?: TeamSource;
}

/** How the consuming product reads user attributes out of the token/assertion. */
export interface ClaimMapping {
  email?: string;
  firstName?: string;
  lastName?: string;
  displayName?: string;
  username?: string;
  /** The claim whose values name teams (Palette "Spectro Team"). */
  team?: string;
}

export interface CelAuthorization {
  /** CEL expression evaluated against the ID token payload. */
  expression: string;
  /** Claims beyond openid/profile/email the expression reads (Exoscale "OIDC Additional Claims"). */
  additionalClaims?: string[];
}

interface AppBase {
  id: string;
  displayName?: string;
  description?: string;
  /** The consuming product, e.g. "Spectro Cloud Palette". */
  product?: string;
  /** Entra application (client) ID GUID, also shown for SAML enterprise apps. */
  appId?: string;
  /** Entra object ID of the app registration. */
  objectId?: string;
  appRoles?: AppRole[];
  groupsClaim?: GroupsClaim;
  optionalClaims?: OptionalClaims;
  /** "Assignment required?" on the enterprise app's Properties page. */
  assignmentRequired?: boolean;
  assignments?: AppAssignment[];
  claimMapping?: ClaimMapping;
  teams?: Team[];
  /** Teams users land in when no team claim value matches (Palette "Default Teams"). */
  defaultTeams?: string[];
  /** How team names are compared with claim values. */
  teamMatching?: 'exact' | 'case-insensitive';
  /** A claims-mapping policy assigned to the app's service principal; supersedes the Attributes & Claims page. */
  claimsMappingPolicy?: ClaimsMappingPolicyDefinition;
}

export interface OidcApp extends AppBase {
  protocol: 'oidc';
  issuer?: string;
  clientId: string;
  clientSecret?: SecretRef;
  redirectUris?: string[];
  logoutUris?: string[];
  scopes?: string[];
  /** Entra manifest `api.acceptMappedClaims`: the app accepts claims a claims-mapping policy changed without a custom signing key. */
  acceptMappedClaims?: boolean;
  /** Entra `api.requestedAccessTokenVersion`. */
  accessTokenVersion?: 1 | 2;
  /** Okta: the custom authorization server (id in the provider) that issues the tokens. */
  authorizationServer?: string;
  authorization?: CelAuthorization;
  /** Entra `keyCredentials` and token encryption for OIDC app registrations. */
  certificates?: AppCertificate[];
  /** The keys the consumer trusts for this app's tokens (as a SAML app's certificates): a JWKS file, a discovery URL, pinned `kid`s. */
  trustedKeys?: OidcTrustedKeys;
}

/** Trust for an OIDC app's ID tokens. Several may be set: keys come from the file and the discovery URL, and only pinned kids count. */
export interface OidcTrustedKeys {
  /** A JWKS (or JWK, PEM key, certificate) file next to the config. */
  jwksFile?: string;
  /** An OpenID Connect discovery document URL; fetched only when the network is allowed. */
  discoveryUrl?: string;
  /** Key IDs (`kid`) the consumer pins: a token signed with any other key is refused. */
  keyIds?: string[];
}

export type NameIdFormat = 'emailAddress' | 'persistent' | 'transient' | 'unspecified' | 'windowsDomainQualifiedName' | 'x509SubjectName' | 'entity' | 'kerberos';

export interface SamlClaim {
  /** Attribute Name as sent (short name; the namespace is prepended when set). */
  name: string;
  namespace?: string;
  /** Entra source attribute, e.g. user.mail, user.givenname, user.assignedroles; any other text is a constant. */
  source: string;
  /** Source = Transformation: at most two steps, applied in order; the first reads `source` unless it names its own input. */
  transformations?: ClaimTransformation[];
  /** Claim conditions: the source by user type and scoped groups, evaluated as Entra does. */
  conditions?: ClaimCondition[];
}

/**
 * One step of an Entra claim transformation, as the Manage transformation page shows it
 * [doc: https://learn.microsoft.com/en-us/entra/identity-platform/saml-claims-customization#claim-transformations].
 * Operands are user attributes (`user.…`) or constants (any other text).
 */
export interface ClaimTransformation {
  method: ClaimTransformationMethod;
  /** Parameter 1 (input); defaults to the claim's source (first step) or the previous step's output. */
  input?: string;
  /** Join: Parameter 2; Contains/StartWith/EndWith/IfEmpty/IfNotEmpty: Parameter 2 (output). */
  parameter2?: string;
  /** Contains/StartWith/EndWith/IfEmpty/RegexReplace: Parameter 3 (output if there's no match). */
  parameter3?: string;
  /** Contains/StartWith/EndWith: Value; Extract(): the matching value (the first one for Between). */
  value?: string;
  /** Extract() - Between matching: the second matching value. */
  value2?: string;
  /** Join: Separator. */
  separator?: string;
  /** Substring(): StartIndex (zero-based) and Length. */
  startIndex?: number;
  length?: number;
  /** RegexReplace(): Regex pattern (.NET syntax as typed in the portal) and Replacement pattern with `{group}` placeholders. */
  regexPattern?: string;
  replacementPattern?: string;
  /** RegexReplace(): additional parameters by name (up to five), each a user attribute. */
  additionalParameters?: Record<string, string>;
  /** Treat source as multivalued: apply to every value, not only the first. */
  treatAsMultiValued?: boolean;
}

export type ClaimTransformationMethod =
  | 'ExtractMailPrefix'
  | 'Join'
  | 'ToLowercase'
  | 'ToUppercase'
  | 'Contains'
  | 'StartWith'
  | 'EndWith'
  | 'ExtractAfter'
  | 'ExtractBefore'
  | 'ExtractBetween'
  | 'ExtractAlphaPrefix'
  | 'ExtractAlphaSuffix'
  | 'ExtractNumericPrefix'
  | 'ExtractNumericSuffix'
  | 'IfEmpty'
  | 'IfNotEmpty'
  | 'SubstringFixedLength'
  | 'SubstringEndOfString'
  | 'RegexReplace';

/** A claim condition row (Manage claim → Claim conditions). */
export interface ClaimCondition {
  userType: 'any' | 'members' | 'allGuests' | 'entraGuests' | 'externalGuests';
  /** Scoped groups (ids in the provider's `groups`); the user must be in one of them. */
  groups?: string[];
  /** Source = Attribute: the attribute or constant emitted. */
  source?: string;
  /** Source = Transformation: evaluated after every Attribute condition. */
  transformations?: ClaimTransformation[];
}

/**
 * A claims-mapping policy as Microsoft Graph stores it (`definition`, parsed)
 * [doc: https://learn.microsoft.com/en-us/entra/identity-platform/reference-claims-customization].
 * When assigned to the app's service principal it supersedes the Attributes & Claims page.
 */
export interface ClaimsMappingPolicyDefinition {
  ClaimsMappingPolicy: {
    Version?: number;
    IncludeBasicClaimSet?: boolean | 'true' | 'false' | 'True' | 'False';
    ClaimsSchema?: ClaimsSchemaEntry[];
    ClaimsTransformations?: ClaimsPolicyTransformation[];
  };
}

export interface ClaimsSchemaEntry {
  Source?: string;
  ID?: string;
  Value?: string;
  ExtensionID?: string;
  TransformationId?: string;
  JwtClaimType?: string;
  SamlClaimType?: string;
  SamlNameIdFormat?: string;
  SAMLNameForm?: string;
}

export interface ClaimsPolicyTransformation {
  ID: string;
  TransformationMethod: string;
  InputClaims?: Array<{ ClaimTypeReferenceId: string; TransformationClaimType: string; TreatAsMultiValue?: boolean }>;
  InputParameters?: Array<{ ID: string; Value: string; DataType?: string }>;
  OutputClaims?: Array<{ ClaimTypeReferenceId: string; TransformationClaimType: string }>;
}

export interface SamlApp extends AppBase {
  protocol: 'saml';
  /** Basic SAML Configuration → Identifier (Entity ID); the first is the default. */
  identifiers: string[];
  /** Basic SAML Configuration → Reply URL (Assertion Consumer Service URL). */
  replyUrls: string[];
  signOnUrl?: string;
  relayState?: string;
  logoutUrl?: string;
  /** Unique User Identifier; `transformations` allow only ExtractMailPrefix and Join (Join's suffix a verified domain). */
  nameId?: { format?: NameIdFormat; source?: string; transformations?: ClaimTransformation[] };
  claims?: SamlClaim[];
  /** App Federation Metadata URL. */
  metadataUrl?: string;
  /** Federation Metadata XML downloaded from the app (path next to this file). */
  metadataFile?: string;
  signing?: {
    certificate?: CertificateRef;
    algorithm?: 'rsa-sha256' | 'rsa-sha1';
    option?: 'sign-assertion' | 'sign-response' | 'sign-response-and-assertion';
    notificationEmails?: string[];
  };
  encryption?: { enabled: boolean; certificate?: CertificateRef; algorithm?: 'aes256-cbc' | 'aes128-cbc' | 'aes256-gcm' };
  verificationCertificates?: { required: boolean; allowSha1?: boolean; certificates?: CertificateRef[] };
  /** The product's own SAML settings (what was typed or uploaded on the SP side). */
  serviceProvider?: SamlServiceProviderSettings;
}

export interface SamlServiceProviderSettings {
  /** The SP entity ID the product shows (and sends as AuthnRequest Issuer); must be one of the app's identifiers. */
  entityId?: string;
  /** The ACS / reply URL the product shows; must be one of the app's reply URLs. */
  acsUrl?: string;
  /** The IdP entity ID the product expects as Issuer (Entra: https://sts.windows.net/{tenant}/). */
  idpEntityId?: string;
  /** The IdP login URL the product redirects to (Entra: https://login.microsoftonline.com/{tenant}/saml2). */
  idpSsoUrl?: string;
  idpCertificate?: CertificateRef;
  /** Metadata file uploaded to the product. */
  metadataFile?: string;
  connectionName?: string;
  /** Who signs in with SSO (Asset Panda "Enable Type"). */
  enablement?: { mode: 'all-users' | 'selected-domains' | 'disabled'; domains?: string[] };
}

export interface AppCertificate {
  usage: 'Sign' | 'Verify' | 'Encrypt';
  displayName?: string;
  certificate: CertificateRef;
  keyId?: string;
}

export type KeycloakSyncMode = 'INHERIT' | 'IMPORT' | 'LEGACY' | 'FORCE';

export interface KeycloakIdentityProvider {
  alias: string;
  displayName?: string;
  protocol: 'saml' | 'oidc';
  enabled?: boolean;
  /** The app (id in this file) on the upstream IdP that this broker signs in through. */
  upstreamApp?: string;
  syncMode?: Exclude<KeycloakSyncMode, 'INHERIT'>;
  firstBrokerLoginFlow?: string;
  saml?: KeycloakSamlSettings;
  oidc?: KeycloakOidcSettings;
  mappers?: KeycloakMapper[];
}

export interface KeycloakSamlSettings {
  /** "SAML entity descriptor" (metadata URL imported when the provider was added). */
  metadataUrl?: string;
  /** "Service provider entity ID"; Keycloak defaults it to the realm URL. */
  serviceProviderEntityId?: string;
  idpEntityId?: string;
  singleSignOnServiceUrl?: string;
  singleLogoutServiceUrl?: string;
  nameIdPolicyFormat?: NameIdFormat;
  principalType?: 'SUBJECT' | 'ATTRIBUTE' | 'FRIENDLY_ATTRIBUTE';
  principalAttribute?: string;
  wantAuthnRequestsSigned?: boolean;
  signatureAlgorithm?: 'RSA_SHA256' | 'RSA_SHA1' | 'RSA_SHA512' | 'DSA_SHA1';
  signatureKeyName?: 'NONE' | 'KEY_ID' | 'CERT_SUBJECT';
  wantAssertionsSigned?: boolean;
  wantAssertionsEncrypted?: boolean;
  encryptionAlgorithm?: 'RSA-OAEP' | 'RSA1_5';
  validateSignature?: boolean;
  signingCertificates?: CertificateRef[];
  postBindingResponse?: boolean;
  postBindingAuthnRequest?: boolean;
}

export interface KeycloakOidcSettings {
  issuer?: string;
  clientId: string;
  clientSecret?: SecretRef;
  authorizationUrl?: string;
  tokenUrl?: string;
  jwksUrl?: string;
  defaultScopes?: string[];
  clientAuthentication?: 'client_secret_post' | 'client_secret_basic' | 'client_secret_jwt' | 'private_key_jwt';
  validateSignature?: boolean;
}

export type KeycloakMapperType =
  | 'attribute-importer'
  | 'hardcoded-role'
  | 'hardcoded-group'
  | 'hardcoded-attribute'
  | 'claim-to-role'
  | 'advanced-claim-to-role'
  | 'advanced-claim-to-group'
  | 'username-template';

export interface KeycloakMapper {
  name: string;
  type: KeycloakMapperType;
  syncMode?: KeycloakSyncMode;
  /** SAML attribute importer / attribute-to-role: the attribute Name (full URI for Entra). */
  attributeName?: string;
  /** SAML: match on FriendlyName instead (Entra sends none). */
  friendlyName?: string;
  nameFormat?: 'ATTRIBUTE_FORMAT_BASIC' | 'ATTRIBUTE_FORMAT_URI' | 'ATTRIBUTE_FORMAT_UNSPECIFIED';
  /** OIDC: the claim read (attribute importer, claim to role). */
  claim?: string;
  /** claim-to-role: the value that grants the role. */
  claimValue?: string;
  /** The Keycloak user attribute written (attribute importer, hardcoded attribute). */
  userAttribute?: string;
  /** Hardcoded attribute value. */
  value?: string;
  /** Role granted (realm role or client.role). */
  role?: string;
  /** Keycloak group (name or path) joined. */
  group?: string;
  /** Advanced mappers: all of these key/value pairs must be present. */
  claims?: Array<{ key: string; value: string }>;
  /** "Regex Claim Values" / "Regex Attribute Values". */
  regex?: boolean;
  /** username-template: the template, e.g. ${CLAIM.email}. */
  template?: string;
}

export interface KeycloakRealmKey {
  name: string;
  /** Key provider: rsa-generated, rsa-enc-generated, rsa… */
  provider?: string;
  use: 'sig' | 'enc';
  algorithm?: string;
  priority?: number;
  keySize?: number;
  certificate?: CertificateRef;
}

export interface OktaAuthorizationServer {
  id: string;
  name?: string;
  /** Issuer URI, e.g. https://example.okta.com/oauth2/aus…. */
  issuer: string;
  audience?: string;
  claims?: OktaCustomClaim[];
}

export interface OktaCustomClaim {
  name: string;
  tokenType: 'id' | 'access';
  alwaysInclude?: boolean;
  valueType: 'expression' | 'groups';
  value?: string;
  groupFilter?: { match: 'startsWith' | 'equals' | 'contains' | 'regex'; value: string };
  scopes?: string[];
}
