import { ownEntry } from '../own-entry';

/** Top-level and second-level status codes, SAML core §3.2.2.2. */
export const STATUS_CODES: Readonly<Record<string, string>> = {
  'urn:oasis:names:tc:SAML:2.0:status:Success': 'Success',
  'urn:oasis:names:tc:SAML:2.0:status:Requester': 'the request was wrong (an error on the requester / SP side)',
  'urn:oasis:names:tc:SAML:2.0:status:Responder': 'the IdP could not perform the request',
  'urn:oasis:names:tc:SAML:2.0:status:VersionMismatch': 'SAML version mismatch',
  'urn:oasis:names:tc:SAML:2.0:status:AuthnFailed': 'authentication failed',
  'urn:oasis:names:tc:SAML:2.0:status:InvalidAttrNameOrValue': 'invalid attribute name or value',
  'urn:oasis:names:tc:SAML:2.0:status:InvalidNameIDPolicy': 'the requested NameID policy cannot be met (NameIDPolicy Format in the AuthnRequest)',
  'urn:oasis:names:tc:SAML:2.0:status:NoAuthnContext': 'the requested authentication context cannot be met (RequestedAuthnContext)',
  'urn:oasis:names:tc:SAML:2.0:status:NoAvailableIDP': 'no available IdP',
  'urn:oasis:names:tc:SAML:2.0:status:NoPassive': 'IsPassive was requested but the user must interact',
  'urn:oasis:names:tc:SAML:2.0:status:NoSupportedIDP': 'no supported IdP',
  'urn:oasis:names:tc:SAML:2.0:status:PartialLogout': 'logout did not reach every session',
  'urn:oasis:names:tc:SAML:2.0:status:ProxyCountExceeded': 'proxy count exceeded',
  'urn:oasis:names:tc:SAML:2.0:status:RequestDenied': 'the request was denied',
  'urn:oasis:names:tc:SAML:2.0:status:RequestUnsupported': 'the request is not supported',
  'urn:oasis:names:tc:SAML:2.0:status:RequestVersionDeprecated': 'request version deprecated',
  'urn:oasis:names:tc:SAML:2.0:status:RequestVersionTooHigh': 'request version too high',
  'urn:oasis:names:tc:SAML:2.0:status:RequestVersionTooLow': 'request version too low',
  'urn:oasis:names:tc:SAML:2.0:status:ResourceNotRecognized': 'resource not recognised',
  'urn:oasis:names:tc:SAML:2.0:status:TooManyResponses': 'too many responses',
  'urn:oasis:names:tc:SAML:2.0:status:UnknownAttrProfile': 'unknown attribute profile',
  'urn:oasis:names:tc:SAML:2.0:status:UnknownPrincipal': 'the principal is unknown to the IdP',
  'urn:oasis:names:tc:SAML:2.0:status:UnsupportedBinding': 'unsupported binding',
};

/**
 * Entra sign-in errors that reach SAML apps most often, from Microsoft Learn "Microsoft Entra
 * authentication and authorization error codes"
 * (https://learn.microsoft.com/entra/identity-platform/reference-error-codes). Entra puts the code
 * in StatusMessage ("AADSTS50105: …").
 */
export const AADSTS_CODES: Readonly<Record<string, string>> = {
  '50011': 'the reply URL in the request (OIDC redirect_uri, SAML AssertionConsumerServiceURL) does not match a redirect URI / Reply URL configured for the application; Entra compares them exactly',
  '50020': 'the user account from this identity provider does not exist in the tenant (a guest who was not invited?)',
  '50034': 'the user account does not exist in the directory',
  '50053': 'the account is locked (too many sign-in attempts)',
  '50055': 'the password has expired',
  '50057': 'the user account is disabled',
  '50058': 'silent sign-in failed: no signed-in session (IsPassive / prompt=none)',
  '50076': 'multi-factor authentication is required (location or policy)',
  '50079': 'the user must register for multi-factor authentication',
  '50105': 'the signed-in user is not assigned to a role for the application: assign the user or a group in Enterprise applications > Users and groups, or turn off "Assignment required"',
  '50126': 'invalid username or password',
  '53003': 'access was blocked by a Conditional Access policy',
  '65001': 'the user or administrator has not consented to use the application',
  '70001': 'the application is disabled or not found in the tenant',
  '75005': 'the SAML message is not valid (Entra could not parse the request)',
  '75011': 'the authentication method the user used does not match the one requested (RequestedAuthnContext); remove RequestedAuthnContext or allow that method',
  '75016': 'the NameIDPolicy Format in the request is not supported for this app; ask for unspecified or the format configured in the app',
  '76021': 'the request was signed, but the signature did not verify (check the SP certificate uploaded to Entra)',
  '90014': 'a required field is missing from the request',
  '700016': 'no application with this identifier (the AuthnRequest Issuer / SP entity ID) is registered in the tenant: it must equal "Identifier (Entity ID)" of the enterprise application',
  '7500514': 'Entra found no supported SAML response type',
  '750054': 'SAMLRequest or SAMLResponse must be present as a query parameter for the HTTP-Redirect binding',
  // OIDC / OAuth codes seen in error redirects and token responses (same Microsoft Learn page).
  '50148': 'the code_verifier does not match the code_challenge of the authorization request (PKCE)',
  '54005': 'the authorization code was already redeemed: codes are single-use',
  '70008': 'the authorization code or refresh token has expired or been revoked',
  '90002': 'the tenant was not found: check the tenant ID or domain in the authority URL',
  '90102': 'the redirect_uri value is not a valid absolute URI',
  '500113': 'no reply address is registered for the application',
  '650056': 'the application is misconfigured: the client has not listed permissions for the resource, or an admin has not consented',
  '700051': "response_type 'token' is not enabled for the application: turn on access tokens (implicit grant) or use the authorization-code flow",
  '700054': "response_type 'id_token' is not enabled for the application: turn on ID tokens (implicit grant and hybrid flows) under Authentication, or ask for response_type=code",
  '7000215': 'an invalid client secret was provided (the secret value, not the secret ID, is needed; it may have expired)',
  '7000218': 'the token request needs client_assertion or client_secret: the app is a confidential client',
  '9002326': 'cross-origin token redemption is permitted only for the "Single-page application" platform: register the redirect URI as SPA',
};

/** The first AADSTS code in a status message, with its meaning when known. */
export function explainAadsts(message: string | undefined): { code: string; meaning?: string } | undefined {
  const m = /AADSTS(\d{5,7})/.exec(message ?? '');
  if (!m || m[1] === undefined) return undefined;
  const meaning = ownEntry(AADSTS_CODES, m[1]);
  return meaning ? { code: `AADSTS${m[1]}`, meaning } : { code: `AADSTS${m[1]}` };
}
