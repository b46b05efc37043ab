/**
 * What each claim means, for the decoded report and hovers. Sources:
 * - RFC 7519 §4.1 (registered claims), OpenID Connect Core 1.0 §2 and §5.1 (ID token, standard claims)
 * - Microsoft Entra ID: learn.microsoft.com/entra/identity-platform/id-token-claims-reference and
 *   access-token-claims-reference (MicrosoftDocs/entra-docs), summarised in shared DOMAIN-FACTS.md.
 */
export interface ClaimInfo {
  title: string;
  description: string;
  /** The value is a NumericDate (seconds since the epoch). */
  time?: boolean;
  /** Which token versions carry it, when Entra-specific. */
  entra?: 'v1' | 'v2' | 'v1+v2';
}

export const CLAIMS: Readonly<Record<string, ClaimInfo>> = {
  iss: { title: 'Issuer', description: 'Who issued the token. Entra v2: https://login.microsoftonline.com/{tenant}/v2.0; v1: https://sts.windows.net/{tenant}/.' },
  sub: { title: 'Subject', description: 'The user the token is about. In Entra it is pairwise: the same user has a different sub in each app.' },
  aud: { title: 'Audience', description: 'Who the token is for. For an ID token, the app (client) ID; your app must reject tokens for other audiences.' },
  exp: { title: 'Expires', description: 'The token must not be accepted on or after this time.', time: true },
  nbf: { title: 'Not before', description: 'The token must not be accepted before this time.', time: true },
  iat: { title: 'Issued at', description: 'When the token was issued.', time: true },
  jti: { title: 'Token ID', description: 'A unique identifier for this token, usable to detect replay.' },
  auth_time: { title: 'Authentication time', description: 'When the user last entered credentials (OIDC Core §2).', time: true },
  nonce: { title: 'Nonce', description: 'Echo of the nonce the app sent in the authorization request; the app must check it to stop replay.' },
  acr: { title: 'Authentication context class', description: 'How strongly the user authenticated (OIDC Core §2).' },
  amr: { title: 'Authentication methods', description: 'How the user authenticated. Entra values: pwd, rsa, otp, fed, wia, mfa, ngcmfa, wiaormfa, none.', entra: 'v1+v2' },
  azp: { title: 'Authorized party', description: 'The client the token was issued to. Entra v2 only (v1 uses appid).', entra: 'v2' },
  at_hash: { title: 'Access token hash', description: 'Binds the ID token to the access token issued with it (OIDC Core §3.1.3.6).' },
  c_hash: { title: 'Code hash', description: 'Binds the ID token to the authorization code (OIDC Core §3.3.2.11).' },
  sid: { title: 'Session ID', description: 'The sign-in session, used for front-/back-channel logout.' },
  name: { title: 'Name', description: 'Display name. Mutable: never use it to authorize.' },
  given_name: { title: 'Given name', description: 'First name (OIDC standard claim). Entra sends it only as an optional claim or with the profile scope.' },
  family_name: { title: 'Family name', description: 'Last name (OIDC standard claim). Entra sends it only as an optional claim.' },
  email: { title: 'E-mail', description: 'Mutable, and in Entra present by default only for guests: add the email optional claim or request the email scope. Do not authorize on it.' },
  email_verified: { title: 'E-mail verified', description: 'Whether the provider verified the e-mail address.' },
  preferred_username: { title: 'Preferred username', description: 'Entra v2: the sign-in name (often the UPN). Mutable and not an e-mail address: never authorize on it.', entra: 'v2' },
  upn: { title: 'User principal name', description: 'Entra: the user\'s sign-in name. For display and hints only; it can change.', entra: 'v1+v2' },
  unique_name: { title: 'Unique name', description: 'Entra v1 only: a human-readable user name. For display only.', entra: 'v1' },
  oid: { title: 'Object ID', description: 'Entra: the user\'s immutable object ID, the same in every app of the tenant. The right key for users (with tid).', entra: 'v1+v2' },
  tid: { title: 'Tenant ID', description: 'Entra: the tenant (directory) the user signed in to. 9188040d-6c67-4c5b-b112-36a304b66dad is the consumer (Microsoft account) tenant.', entra: 'v1+v2' },
  groups: { title: 'Groups', description: 'Entra: group object IDs (GUIDs) by default, not names. Names only for groups assigned to the application with the cloud_displayname option, or sAMAccountName for synced groups. Over 200 groups (150 in SAML) the claim is replaced by an overage link.', entra: 'v1+v2' },
  hasgroups: { title: 'Has groups (overage)', description: 'Entra implicit flow: true replaces the groups claim when the user is in too many groups to fit a URL; query Microsoft Graph for them.', entra: 'v1+v2' },
  _claim_names: { title: 'Distributed claim names', description: 'Entra groups overage: {"groups":"src1"} means the groups did not fit in the token; they must be fetched from Microsoft Graph.', entra: 'v1+v2' },
  _claim_sources: { title: 'Distributed claim sources', description: 'Where the overage claims can be fetched. Entra may point at the retired Azure AD Graph; call Microsoft Graph getMemberObjects instead.', entra: 'v1+v2' },
  roles: { title: 'App roles', description: 'Entra: the app roles assigned to the user (or, in app-only tokens, the app permissions). The recommended basis for authorization.', entra: 'v1+v2' },
  wids: { title: 'Directory roles', description: 'Entra: template IDs of the tenant-wide directory roles the user holds (e.g. 62e90394-69f5-4237-9190-012177145e10 = Global Administrator).', entra: 'v1+v2' },
  scp: { title: 'Scopes', description: 'Entra access tokens: the delegated permissions granted, space-separated.', entra: 'v1+v2' },
  idp: { title: 'Identity provider', description: 'Entra: who authenticated the user when it differs from the issuer (guests, Microsoft accounts: live.com).', entra: 'v1+v2' },
  appid: { title: 'Application ID', description: 'Entra v1: the client the token was issued to (v2 uses azp).', entra: 'v1' },
  appidacr: { title: 'Client authentication', description: 'Entra v1: 0 = public client, 1 = client secret, 2 = certificate.', entra: 'v1' },
  azpacr: { title: 'Client authentication', description: 'Entra v2: 0 = public client, 1 = client secret, 2 = certificate.', entra: 'v2' },
  idtyp: { title: 'Token type', description: 'Entra optional claim: "app" for app-only tokens, "user" for user tokens.', entra: 'v1+v2' },
  ver: { title: 'Version', description: 'Entra token version: "1.0" or "2.0". Decided by the endpoint the app used (v1 /oauth2/authorize, v2 /oauth2/v2.0/authorize).', entra: 'v1+v2' },
  aio: { title: 'Internal (aio)', description: 'Entra internal data for token reuse. Opaque: ignore it.', entra: 'v1+v2' },
  rh: { title: 'Internal (rh)', description: 'Entra internal refresh hint. Opaque: ignore it.', entra: 'v1+v2' },
  uti: { title: 'Token identifier (uti)', description: 'Entra\'s per-token identifier, comparable to jti. Opaque.', entra: 'v1+v2' },
  ipaddr: { title: 'IP address', description: 'Entra v1: the client IP address the user authenticated from.', entra: 'v1' },
  onprem_sid: { title: 'On-premises SID', description: 'Entra: the user\'s on-premises security identifier, for synced users.', entra: 'v1+v2' },
  login_hint: { title: 'Login hint', description: 'Entra: an opaque hint to sign the same user in again.', entra: 'v2' },
  verified_primary_email: { title: 'Verified primary e-mail', description: 'Entra optional claim: the user\'s primary e-mail from their directory object.', entra: 'v1+v2' },
  xms_tcdt: { title: 'Tenant creation time', description: 'Entra optional claim: when the tenant was created.', entra: 'v1+v2', time: true },
  realm_access: { title: 'Realm roles (Keycloak)', description: 'Keycloak: realm-level roles of the user, under realm_access.roles.' },
  resource_access: { title: 'Client roles (Keycloak)', description: 'Keycloak: roles per client, under resource_access.<client>.roles.' },
  typ: { title: 'Type (Keycloak)', description: 'Keycloak: "ID", "Bearer" or "Refresh".' },
  session_state: { title: 'Session state', description: 'The provider session this token belongs to (Keycloak, OIDC Session Management).' },
  cid: { title: 'Client ID (Okta)', description: 'Okta access tokens: the client the token was issued to.' },
  uid: { title: 'User ID (Okta)', description: 'Okta access tokens: the user\'s Okta ID.' },
};

export const HEADER_PARAMS: Readonly<Record<string, string>> = {
  alg: 'Signature algorithm. "none" means unsigned; HS* means a shared secret, which an ID token from Entra never uses.',
  kid: 'Which of the issuer\'s keys signed the token; look it up in the JWKS.',
  x5t: 'SHA-1 thumbprint of the signing certificate (Entra v1 tokens; equals kid).',
  typ: 'Media type of the token, usually "JWT".',
  cty: 'Content type: "JWT" for a nested token.',
  nonce: 'A nonce in the header marks a Microsoft Graph access token, which only Graph can validate.',
  jku: 'A URL for keys chosen by the token\'s author. Never trusted by SSO Lens.',
  jwk: 'A key embedded by the token\'s author. Never trusted by SSO Lens.',
  x5c: 'A certificate chain embedded by the token\'s author. Never trusted on its own.',
  x5u: 'A URL for a certificate chosen by the token\'s author. Never trusted.',
  enc: 'JWE content encryption algorithm.',
  zip: 'Compression applied before encryption.',
};

/** The Entra consumer (MSA) tenant, DOMAIN-FACTS.md. */
export const MSA_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';
