/** Provider errors in words: OAuth error codes, AADSTS codes with the setting to look at, Keycloak's error page. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { explainAadstsIn, explainKeycloakPage, explainOAuthError, keycloakErrorMessage } from '../../../../src/decoders/capture/explain-errors';
import { compareReplyUrl } from '../../../../src/model/flow';

describe('provider errors explained', () => {
  test('the common AADSTS codes are named with their meaning and the setting concerned', () => {
    const cases: Array<[string, RegExp]> = [
      ['AADSTS50011', /redirect URIs \/ Reply URLs/],
      ['AADSTS700016', /Identifier \(Entity ID\)/],
      ['AADSTS50105', /assignment/],
      ['AADSTS75011', /RequestedAuthnContext/],
      ['AADSTS50076', /multi-factor/],
      ['AADSTS50079', /register for multi-factor/],
      ['AADSTS65001', /consent/],
      ['AADSTS90102', /absolute URI/],
      ['AADSTS700054', /id_token/],
      ['AADSTS50020', /does not exist in the tenant/],
    ];
    for (const [code, meaning] of cases) {
      const [f] = explainAadstsIn(`${code}: something went wrong.\r\nTrace ID: 0000`);
      assert.equal(f?.id, 'entra.aadsts');
      assert.equal(f?.code, code);
      assert.match(f?.message ?? '', meaning, code);
    }
    assert.match(explainAadstsIn('AADSTS9999999: new')[0]?.message ?? '', /login\.microsoftonline\.com\/error\?code=9999999/);
    assert.deepEqual(explainAadstsIn('no code here'), []);
  });

  test('an OAuth error names the code and keeps the description on one line', () => {
    const [oidc] = explainOAuthError({ error: 'invalid_grant', description: 'AADSTS70008: The provided authorization code or refresh token has expired.\r\nTrace ID: x' }, 'the token endpoint answered with an error');
    assert.equal(oidc?.code, 'invalid_grant');
    assert.match(oidc?.message ?? '', /already used/);
    assert.ok(!(oidc?.message ?? '').includes('\n'));
  });

  test("Keycloak's error page (error.ftl: kc-error-message > p.instruction) is read as text", () => {
    const page = '<div id="kc-error-message">\n  <p class="instruction">Invalid parameter: redirect_uri</p>\n</div>';
    assert.equal(keycloakErrorMessage(page), 'Invalid parameter: redirect_uri');
    const [f] = explainKeycloakPage('<div id="kc-error-message"><p class="instruction">Invalid redirect uri &amp; <b>more</b></p></div>');
    assert.equal(f?.id, 'keycloak.error-page');
    assert.equal(f?.code, 'invalid-redirect-uri');
    assert.match(f?.message ?? '', /"Invalid redirect uri & more"/);
    assert.deepEqual(explainKeycloakPage('<p class="instruction">not Keycloak</p>'), []);
  });

  test('reply URLs are compared character by character', () => {
    const configured = ['https://app.example/signin-oidc', 'https://other.example/cb'];
    assert.equal(compareReplyUrl('https://app.example/signin-oidc', configured).matches, true);
    assert.match(compareReplyUrl('https://app.example/signin-oidc/', configured).closest?.explanation ?? '', /trailing "\/" the config does not/);
    assert.match(compareReplyUrl('https://app.example/Signin-OIDC', configured).closest?.explanation ?? '', /only in case/);
    assert.match(compareReplyUrl('http://app.example/signin-oidc', configured).closest?.explanation ?? '', /scheme/);
    const port = compareReplyUrl('https://app.example:8443/signin-oidc', configured).closest;
    assert.equal(port?.url, 'https://app.example/signin-oidc');
    assert.equal(port?.differsAt, 'https://app.example'.length);
    assert.equal(compareReplyUrl('https://x', []).closest, undefined);
  });
});
