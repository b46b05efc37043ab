import { explainAadsts } from '../saml/status-codes';
import { ownEntry } from '../own-entry';

/**
 * An OAuth 2.0 / OIDC error a provider sent back (the error redirect to the loopback, or a token
 * endpoint error), explained in words: the `error` code (RFC 6749 §4.1.2.1, §5.2; OIDC Core
 * §3.1.2.6; RFC 8628 §3.5), and for Entra the AADSTS code in `error_description`.
 */
export interface OidcErrorInput {
  error: string;
  error_description?: string;
  error_uri?: string;
}

export interface ExplainedOidcError {
  error: string;
  description?: string;
  /** `AADSTS50011` when Entra named one. */
  aadsts?: string;
  /** What it means and what to do, when known. */
  meaning?: string;
  /** One line for a notification or stderr: error, AADSTS code, meaning, the provider's own words. */
  message: string;
}

/** RFC 6749 §4.1.2.1 and §5.2, OIDC Core §3.1.2.6, RFC 8628 §3.5. */
const ERROR_CODES: Readonly<Record<string, string>> = {
  access_denied: 'the user or the provider refused the sign-in (Cancel pressed, consent declined, or a policy denied it)',
  invalid_request: 'the provider rejected the request as malformed (a missing or repeated parameter)',
  unauthorized_client: 'this client may not use this flow (public client flows or the grant type are not enabled for the app)',
  unsupported_response_type: 'the provider does not allow response_type=code for this client',
  invalid_scope: 'a requested scope is unknown to the provider or not allowed for this client (check the app\'s scopes)',
  server_error: 'the provider failed while handling the request',
  temporarily_unavailable: 'the provider is overloaded or down for maintenance; try again later',
  invalid_client: 'client authentication failed: unknown client ID, wrong or missing client secret, or a confidential client signing in as a public one',
  invalid_grant: 'the authorization code or device code was rejected (expired, already used, issued for another redirect URI, or the PKCE verifier does not match)',
  unsupported_grant_type: 'the provider does not support this grant type for this client',
  interaction_required: 'the provider needs the user to interact (sign in, consent or MFA)',
  login_required: 'the user is not signed in at the provider',
  consent_required: 'the user (or an administrator) has not consented to the app',
  account_selection_required: 'the user must pick an account',
  authorization_pending: 'the user has not finished signing in on the device page yet',
  slow_down: 'the device flow polled too fast',
  expired_token: 'the device code expired before the user finished signing in; start again',
};

/**
 * Entra codes seen in OIDC sign-ins that the SAML table does not word for OIDC. From Microsoft Learn
 * "Microsoft Entra authentication and authorization error codes"
 * (https://learn.microsoft.com/entra/identity-platform/reference-error-codes) and the AADSTS7000218
 * troubleshooting article (https://learn.microsoft.com/troubleshoot/entra/entra-id/app-integration/confidential-client-application-authentication-error-aadsts7000218).
 */
const OIDC_AADSTS: Readonly<Record<string, string>> = {
  '50011': 'the redirect URI in the request is not registered on the app: add it under Authentication (for a loopback sign-in, http://localhost under "Mobile and desktop applications"; Entra ignores the port of a localhost redirect URI)',
  '500113': 'no reply address is registered for the application: add a redirect URI under Authentication',
  '700016': 'no application with this client ID exists in the tenant: check the client ID and the tenant (authority)',
  '7000218': 'the app is a confidential client and no client secret was sent: store the secret in SSO Lens secret storage, or turn on "Allow public client flows" under Authentication > Advanced settings',
  '7000215': 'the client secret is wrong (the secret ID was sent instead of its value, or it was rotated)',
  '7000222': 'the client secret has expired: create a new one under Certificates & secrets',
  '700025': 'the app is a public client, so no client secret may be sent: remove clientSecret from the app in the config',
  '700054': 'response_type id_token is not enabled for the app',
  '70011': 'a requested scope is not valid for this app or resource (check the app\'s scopes)',
  '9002327': 'the redirect URI is registered as a single-page application (SPA): register http://localhost under "Mobile and desktop applications" instead',
  '501481': 'the PKCE code_verifier does not match the code_challenge of the authorization request',
  '70008': 'the authorization code expired or was already used; sign in again',
  '70016': 'the user has not finished signing in on the device page yet',
  '70019': 'the device code expired before the user finished signing in; start again',
  '50059': 'no tenant-identifying information in the request: use a tenant ID authority rather than common',
};

/** Explains a provider error; the provider's own words are kept but cut to a sane length. */
export function explainOidcError(input: OidcErrorInput): ExplainedOidcError {
  const error = clip(input.error, 100);
  const description = input.error_description ? clip(input.error_description.replace(/\s+/g, ' ').trim(), 500) : undefined;
  const aadsts = explainAadsts(description);
  const digits = aadsts?.code.slice('AADSTS'.length);
  const meaning = (digits !== undefined ? (ownEntry(OIDC_AADSTS, digits) ?? aadsts?.meaning) : undefined) ?? ownEntry(ERROR_CODES, error);
  const head = `${error}${aadsts ? ` ${aadsts.code}` : ''}${meaning ? `: ${meaning}` : ''}`;
  return {
    error,
    ...(description !== undefined ? { description } : {}),
    ...(aadsts ? { aadsts: aadsts.code } : {}),
    ...(meaning ? { meaning } : {}),
    message: description ? `${head} (the provider said: "${firstSentence(description)}")` : head,
  };
}

function clip(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** Entra appends Trace ID, Correlation ID and Timestamp lines; the first sentence says it. */
function firstSentence(description: string): string {
  const cut = description.search(/\s(Trace ID|Correlation ID|Timestamp):/);
  return cut > 0 ? description.slice(0, cut).trim() : description;
}
