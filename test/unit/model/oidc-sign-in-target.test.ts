/** Where "Sign In as This App…" signs in: authority, MSAL protocol mode, loopback redirect, secret reference. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { SsoConfig } from '../../../src/model/config-types';
import { asIndex } from '../../../src/model/config-index';
import { oidcSignInTarget, type OidcSignInTarget } from '../../../src/model/oidc-sign-in-target';
import { example } from './helpers';

function targetOf(config: SsoConfig, appId: string): OidcSignInTarget {
  const entry = asIndex(config).app(appId);
  assert.ok(entry, appId);
  const t = oidcSignInTarget(entry);
  assert.ok(t.ok, t.ok ? '' : t.message);
  return t.value;
}

describe('oidcSignInTarget', () => {
  test('Palette on Entra: the tenant authority in AAD mode, a random port (Entra ignores it), the registered localhost path, the secret-storage reference', () => {
    const t = targetOf(example('palette'), 'palette');
    assert.equal(t.authority, 'https://login.microsoftonline.com/5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480');
    assert.equal(t.protocolMode, 'AAD');
    assert.deepEqual(t.knownAuthorities, []);
    assert.deepEqual(t.scopes, ['openid', 'profile', 'email']);
    assert.equal(t.loopback.registered, 'http://localhost:8000');
    assert.equal(t.loopback.port, undefined, 'any port: Entra ignores the port of a localhost redirect URI');
    assert.equal(t.loopback.host, 'localhost');
    assert.equal(t.loopback.bare, true, 'sent as http://localhost:PORT, as registered: no path');
    assert.deepEqual(t.clientSecret, { secretStorage: 'palette/oidc-client-secret' });
  });

  test('national clouds pick their login host; a v1 issuer (sts.windows.net) still signs in at the login host', () => {
    const config = example('palette');
    const p = config.providers[0];
    assert.ok(p?.type === 'entra');
    p.cloud = 'usgov';
    const app = p.apps?.[0];
    assert.ok(app?.protocol === 'oidc');
    delete app.issuer;
    assert.equal(targetOf(config, 'palette').authority, 'https://login.microsoftonline.us/5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480');
    app.issuer = 'https://sts.windows.net/5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480/';
    assert.equal(targetOf(config, 'palette').authority, 'https://login.microsoftonline.us/5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480');
  });

  test('an app pointed at another issuer (a test provider) is generic OIDC: its host is a known authority, a registered loopback port is kept', () => {
    const config = example('palette');
    const app = config.providers[0]?.apps?.[0];
    assert.ok(app?.protocol === 'oidc');
    app.issuer = 'https://127.0.0.1:8443/';
    const t = targetOf(config, 'palette');
    assert.equal(t.authority, 'https://127.0.0.1:8443');
    assert.equal(t.protocolMode, 'OIDC');
    assert.deepEqual(t.knownAuthorities, ['127.0.0.1:8443']);
    assert.equal(t.loopback.port, 8000, 'providers other than Entra may compare ports');
  });

  test('Keycloak realms and Okta authorization servers are OIDC authorities; without a loopback redirect URI the user is told what to register', () => {
    const config: SsoConfig = {
      version: 1,
      providers: [
        { id: 'kc', type: 'keycloak', baseUrl: 'https://sso.example.com/', realm: 'spark', apps: [{ id: 'spark', protocol: 'oidc', clientId: 'spark-ui', redirectUris: ['https://spark.example.com/cb'] }] },
        { id: 'okta', type: 'okta', domain: 'example.okta.com', authorizationServers: [{ id: 'default', issuer: 'https://example.okta.com/oauth2/default' }], apps: [{ id: 'cli', protocol: 'oidc', clientId: '0oa1', authorizationServer: 'default', scopes: ['openid', 'groups'] }] },
        { id: 'idp', type: 'saml', entityId: 'urn:idp', apps: [{ id: 'sp', protocol: 'saml', identifiers: ['urn:sp'], replyUrls: ['https://sp.example.com/acs'] }] },
      ],
    };
    const kc = targetOf(config, 'spark');
    assert.equal(kc.authority, 'https://sso.example.com/realms/spark');
    assert.deepEqual(kc.knownAuthorities, ['sso.example.com']);
    assert.equal(kc.loopback.registered, undefined);
    assert.match(kc.loopback.register, /http:\/\/localhost .*RFC 8252/);
    const okta = targetOf(config, 'cli');
    assert.equal(okta.authority, 'https://example.okta.com/oauth2/default');
    assert.deepEqual(okta.scopes, ['openid', 'groups']);
    const saml = asIndex(config).app('sp');
    assert.ok(saml);
    const refused = oidcSignInTarget(saml);
    assert.equal(refused.ok, false);
    assert.match(refused.ok ? '' : refused.message, /SAML app/);
  });
});
