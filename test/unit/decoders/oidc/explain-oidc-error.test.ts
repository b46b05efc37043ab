/** Provider errors from a sign-in, explained the way SAML status codes are. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { explainOidcError } from '../../../../src/decoders/oidc/explain-oidc-error';

test('an Entra redirect-URI error names the AADSTS code, what to register, and keeps the first sentence only', () => {
  const e = explainOidcError({
    error: 'invalid_request',
    error_description: "AADSTS50011: The redirect URI 'http://localhost:53123/' specified in the request does not match the redirect URIs configured for the application. Trace ID: 0000aaaa Correlation ID: bbbb Timestamp: 2026-12-01 10:00:00Z",
  });
  assert.equal(e.aadsts, 'AADSTS50011');
  assert.match(e.message, /^invalid_request AADSTS50011: the redirect URI in the request is not registered/);
  assert.match(e.message, /Mobile and desktop applications/);
  assert.doesNotMatch(e.message, /Trace ID|Correlation ID/);
});

test('a confidential client without its secret (AADSTS7000218) and plain OAuth errors are explained', () => {
  assert.match(explainOidcError({ error: 'invalid_client', error_description: "AADSTS7000218: The request body must contain the following parameter: 'client_assertion' or 'client_secret'." }).message, /confidential client and no client secret was sent/);
  const denied = explainOidcError({ error: 'access_denied', error_description: 'End-User aborted interaction' });
  assert.equal(denied.aadsts, undefined);
  assert.equal(denied.message, 'access_denied: the user or the provider refused the sign-in (Cancel pressed, consent declined, or a policy denied it) (the provider said: "End-User aborted interaction")');
  assert.equal(explainOidcError({ error: 'made_up' }).message, 'made_up');
});

test('an AADSTS code only the SAML table knows is still explained; hostile lengths are cut', () => {
  assert.match(explainOidcError({ error: 'access_denied', error_description: 'AADSTS50105: not assigned' }).message, /not assigned to a role for the application/);
  const long = explainOidcError({ error: 'x'.repeat(5000), error_description: 'y'.repeat(100_000) });
  assert.ok(long.message.length < 1000);
});
