import { explainAadsts } from '../saml/status-codes';
import { finding, type Finding } from '../result';
import { ownEntry } from '../own-entry';

/**
 * Which config field an AADSTS code points at, so `--config` can name the element to fix. Codes
 * and meanings: Microsoft Learn "Microsoft Entra authentication and authorization error codes",
 * https://learn.microsoft.com/entra/identity-platform/reference-error-codes
 */
export type AadstsField = 'reply-url' | 'identifier' | 'assignment' | 'consent' | 'response-type' | 'client-secret' | 'authn-context' | 'tenant' | 'mfa';

export const AADSTS_FIELDS: Readonly<Record<string, AadstsField>> = {
  AADSTS50011: 'reply-url',
  AADSTS90102: 'reply-url',
  AADSTS500113: 'reply-url',
  AADSTS9002326: 'reply-url',
  AADSTS700016: 'identifier',
  AADSTS50105: 'assignment',
  AADSTS65001: 'consent',
  AADSTS650056: 'consent',
  AADSTS700051: 'response-type',
  AADSTS700054: 'response-type',
  AADSTS7000215: 'client-secret',
  AADSTS7000218: 'client-secret',
  AADSTS75011: 'authn-context',
  AADSTS50020: 'tenant',
  AADSTS90002: 'tenant',
  AADSTS50076: 'mfa',
  AADSTS50079: 'mfa',
};

/** What the field means in words, for the message when no config is given. */
const FIELD_ADVICE: Readonly<Record<AadstsField, string>> = {
  'reply-url': "the app's redirect URIs / Reply URLs",
  identifier: "the app's client ID or Identifier (Entity ID)",
  assignment: "the app's user and group assignment",
  consent: "the app's API permissions and consent",
  'response-type': "the app's implicit grant settings (or the response_type asked for)",
  'client-secret': "the app's client secret",
  'authn-context': 'the RequestedAuthnContext the SP sends',
  tenant: 'the tenant (guest invitation, tenant ID in the authority)',
  mfa: 'Conditional Access / MFA registration of the user (not the app config)',
};

/**
 * OAuth 2.0 (RFC 6749 §4.1.2.1, §5.2) and OpenID Connect Core §3.1.2.6 error codes.
 */
const OAUTH_ERRORS: Readonly<Record<string, string>> = {
  invalid_request: 'the request is missing a parameter, repeats one, or is otherwise malformed',
  unauthorized_client: 'the client is not allowed to use this grant or response type',
  access_denied: 'the user or the authorization server denied the request',
  unsupported_response_type: 'the provider does not support this response_type for the client',
  invalid_scope: 'a requested scope is invalid or unknown',
  server_error: 'the provider hit an unexpected condition',
  temporarily_unavailable: 'the provider is overloaded or under maintenance',
  interaction_required: 'the user must interact (prompt=none was asked)',
  login_required: 'the user must sign in (prompt=none was asked)',
  account_selection_required: 'the user must pick an account (prompt=none was asked)',
  consent_required: 'the user must consent (prompt=none was asked)',
  invalid_request_uri: 'request_uri is invalid',
  invalid_request_object: 'the request object is invalid',
  invalid_grant: 'the code or refresh token is invalid, expired, revoked, already used, or was issued for another redirect_uri or client',
  invalid_client: 'client authentication failed (unknown client, wrong secret or assertion)',
  unsupported_grant_type: 'the provider does not support this grant type',
};

export interface OAuthError {
  error: string;
  description?: string;
  uri?: string;
}

/** `oidc.error`, plus `entra.aadsts` when the description carries an AADSTS code. */
export function explainOAuthError(e: OAuthError, where: string): Finding[] {
  const meaning = ownEntry(OAUTH_ERRORS, e.error);
  const text = `${where}: error=${e.error}${meaning ? ` (${meaning})` : ''}${e.description ? `; error_description: ${oneLine(e.description)}` : ''}`;
  const out: Finding[] = [{ ...finding('oidc.error', 'error', text), code: e.error }];
  out.push(...explainAadstsIn(e.description));
  return out;
}

/** `entra.aadsts` for the first AADSTS code in a text (error_description, StatusMessage, an error page). */
export function explainAadstsIn(text: string | undefined): Finding[] {
  const a = explainAadsts(text);
  if (!a) return [];
  const field = ownEntry(AADSTS_FIELDS, a.code);
  const advice = field ? `; look at ${FIELD_ADVICE[field]}` : '';
  const message = `${a.code}: ${a.meaning ?? 'see https://login.microsoftonline.com/error?code=' + a.code.slice(6)}${advice}`;
  return [{ ...finding('entra.aadsts', 'error', message), code: a.code }];
}

/**
 * Keycloak's error page (themes/base/login/error.ftl): `<div id="kc-error-message"><p
 * class="instruction">…</p>`. Its messages (messages_en.properties) include "Invalid redirect uri"
 * (invalidRedirectUriMessage) and "Invalid parameter: redirect_uri".
 */
export function keycloakErrorMessage(html: string): string | undefined {
  const at = html.indexOf('kc-error-message');
  if (at < 0) return undefined;
  const m = /<p[^>]*class="[^"]*instruction[^"]*"[^>]*>([\s\S]{0,2000}?)<\/p>/.exec(html.slice(at, at + 4000));
  const text = m?.[1] !== undefined ? htmlText(m[1]) : undefined;
  return text || undefined;
}

export function explainKeycloakPage(html: string): Finding[] {
  const message = keycloakErrorMessage(html);
  if (message === undefined) return [];
  const redirect = /redirect.?ur[il]/i.test(message);
  return [
    {
      ...finding('keycloak.error-page', 'error', `Keycloak showed its error page: "${message}"${redirect ? "; the redirect_uri is not one of the client's Valid Redirect URIs" : ''}`),
      ...(redirect ? { code: 'invalid-redirect-uri' } : {}),
    },
  ];
}

/** The text of an error page: AADSTS messages are in the HTML of Entra's sign-in error page. */
export function htmlText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/gi, ' ')
    .replace(/<style[\s\S]*?<\/style>/gi, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCharCode(Number(d) % 65536))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16) % 65536))
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}

function oneLine(s: string): string {
  const line = s.replace(/\s+/g, ' ').trim();
  return line.length > 500 ? `${line.slice(0, 500)}…` : line;
}
