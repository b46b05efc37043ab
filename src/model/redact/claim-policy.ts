/**
 * Which claim, attribute and parameter values a redacted capture keeps. Kept: what diagnoses a
 * sign-in (issuer, audience, times, algorithms, tenant, app roles, scopes, correlation values such
 * as state and nonce). Replaced: everything that identifies a person or lets someone replay the
 * sign-in. Claim *names* always stay.
 */
import type { PlaceholderBook } from './placeholders';
import { ownEntry } from '../../decoders/own-entry';

/**
 * Claims whose values stay. Registered (RFC 7519 §4.1), OIDC Core §2 and §3.1.3.6, Entra ID token
 * and access token claims (https://learn.microsoft.com/en-us/entra/identity-platform/id-token-claims-reference,
 * access-token-claims-reference), Keycloak's and Okta's structural claims.
 */
const KEEP_CLAIMS = new Set([
  'iss', 'aud', 'exp', 'nbf', 'iat', 'auth_time', 'jti', 'azp', 'nonce', 'acr', 'amr', 'at_hash', 'c_hash', 's_hash', 'sid', 'typ', 'ver',
  'tid', 'appid', 'appidacr', 'azpacr', 'idp', 'scp', 'roles', 'wids', 'hasgroups', '_claim_names', 'aio', 'rh', 'uti', 'xms_tcdt', 'xms_tpl', 'xms_pl', 'xms_ftd', 'xms_idrel', 'tenant_region_scope', 'tenant_ctry', 'acct', 'app_displayname',
  'session_state', 'scope', 'allowed-origins', 'realm_access', 'resource_access', 'client_id', 'cid', 'email_verified', 'token_type', 'expires_in', 'ext_expires_in', 'token_use', 'event_id', 'origin_jti',
]);

/** Claims that hold a person's name. */
const NAME_CLAIMS = new Set(['name', 'given_name', 'family_name', 'middle_name', 'nickname', 'unique_name', 'u_first_name', 'u_last_name', 'displayname', 'givenname', 'surname', 'firstname', 'lastname', 'commonname', 'cn']);
/** Claims that hold an e-mail or sign-in name. */
const EMAIL_CLAIMS = new Set(['email', 'emails', 'upn', 'preferred_username', 'verified_primary_email', 'verified_secondary_email', 'emailaddress', 'login_hint', 'username', 'loginfmt', 'userprincipalname', 'mail']);
/** Claims that hold an object ID or subject. */
const OBJECT_ID_CLAIMS = new Set(['sub', 'oid', 'objectidentifier', 'uid', 'puid', 'altsecid', 'nameid', 'onprem_sid', 'sourceanchor', 'immutableid']);
/** Claims whose values are group IDs (GUIDs redacted as object IDs; names kept). */
const GROUP_CLAIMS = new Set(['groups', 'group', 'memberof']);

/** The last segment of a claim URI (`http://schemas…/claims/emailaddress` → `emailaddress`), lower-cased. */
export function claimKey(name: string): string {
  const last = name.split(/[/#]/).filter(Boolean).pop() ?? name;
  return last.toLowerCase();
}

/**
 * A claim value as a redacted capture shows it. `strict`: values of claims not known to be harmless
 * are replaced too (token payloads and SAML attributes); otherwise only known personal claims are
 * (JSON bodies such as a discovery document, whose values diagnose).
 */
export function redactClaimValue(name: string, value: string, book: PlaceholderBook, strict: boolean): string {
  const key = claimKey(name);
  if (KEEP_CLAIMS.has(name) || KEEP_CLAIMS.has(key) || key === 'tenantid' || key === 'identityprovider' || key === 'authnmethodsreferences' || key === 'role' || key === 'wids' || key === 'groups.link') return value;
  if (GROUP_CLAIMS.has(key)) return /^[0-9a-f-]{36}$/i.test(value) ? book.personal(value, 'object-id') : value;
  if (EMAIL_CLAIMS.has(key)) return book.personal(value, 'email');
  if (NAME_CLAIMS.has(key)) return book.personal(value, 'name');
  if (OBJECT_ID_CLAIMS.has(key)) return book.personal(value, 'object-id');
  if (!strict) return value;
  if (/^(true|false|\d+)$/.test(value)) return value;
  return book.personal(value);
}

/** True when a claim is one the non-strict policy would change (a known personal claim). */
export function isPersonalClaim(name: string): boolean {
  const key = claimKey(name);
  return EMAIL_CLAIMS.has(key) || NAME_CLAIMS.has(key) || OBJECT_ID_CLAIMS.has(key) || GROUP_CLAIMS.has(key);
}

/** What a request parameter (query, form field, JSON member) carries, by its name. */
export type ParamKind = 'code' | 'token' | 'secret' | 'saml' | 'xml' | 'signature' | 'personal' | 'keep' | 'other';

const PARAM_KINDS: Record<string, ParamKind> = {
  // RFC 6749 §4.1.2, RFC 8628 §3.2, SAML bindings §3.6 (artifact).
  code: 'code',
  device_code: 'code',
  user_code: 'code',
  samlart: 'code',
  session_code: 'code',
  // RFC 6749 §5.1, OIDC Core §3.2.2.5, OIDC Back-Channel Logout §2.4, RFC 7523 §2.2.
  id_token: 'token',
  access_token: 'token',
  refresh_token: 'token',
  logout_token: 'token',
  token: 'token',
  assertion: 'token',
  client_assertion: 'token',
  subject_token: 'token',
  // Entra's sign-in pages carry session state in these form fields.
  flowtoken: 'token',
  canary: 'token',
  // RFC 6749 §2.3.1, RFC 7636 §4.1; passwords typed into a login form.
  client_secret: 'secret',
  code_verifier: 'secret',
  password: 'secret',
  passwd: 'secret',
  pwd: 'secret',
  credential: 'secret',
  samlresponse: 'saml',
  samlrequest: 'saml',
  // WS-Federation: the token response (a SAML assertion inside) travels as XML in `wresult`.
  wresult: 'xml',
  // SAML bindings §3.4.4.1: the HTTP-Redirect binding's detached signature.
  signature: 'signature',
  state: 'keep',
  nonce: 'keep',
  relaystate: 'keep',
  sigalg: 'keep',
};

export function paramKind(name: string): ParamKind {
  const lower = name.toLowerCase();
  const known = ownEntry(PARAM_KINDS, lower);
  if (known) return known;
  if (EMAIL_CLAIMS.has(lower) || NAME_CLAIMS.has(lower) || OBJECT_ID_CLAIMS.has(lower)) return 'personal';
  return 'other';
}
