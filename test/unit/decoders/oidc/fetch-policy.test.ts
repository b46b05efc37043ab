/**
 * Who chooses the host we contact (issue 15 class 15): the address classifier, the well-known IdP
 * hosts (matched exactly), the policy's decisions and the hosts a config names.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addressGuard, decideFetch, isWellKnownIdpHost, namedHostsOf, privateRangeOf, type FetchPolicy } from '../../../../src/decoders/oidc/fetch-policy';

describe('privateRangeOf', () => {
  const table: Array<[string, string | undefined]> = [
    ['127.0.0.1', 'loopback'],
    ['127.255.255.254', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.255', 'private'],
    ['172.32.0.1', undefined],
    ['172.15.255.255', undefined],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.0.1', 'shared (carrier-grade NAT)'],
    ['100.127.255.255', 'shared (carrier-grade NAT)'],
    ['100.128.0.1', undefined],
    ['0.0.0.0', '"this network"'],
    ['8.8.8.8', undefined],
    ['20.190.151.68', undefined],
    ['::1', 'loopback'],
    ['::', 'unspecified'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', undefined],
    ['fc00::1', 'unique-local'],
    ['fd12:3456:789a::1', 'unique-local'],
    ['::ffff:127.0.0.1', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'link-local'],
    ['::ffff:8.8.8.8', undefined],
    ['2001:4860:4860::8888', undefined],
    ['fe80::1%eth0', 'link-local'],
    ['idp.example', 'not an IP address'],
  ];
  for (const [address, expected] of table) {
    test(`${address} → ${expected ?? 'public'}`, () => assert.equal(privateRangeOf(address), expected));
  }
});

describe('isWellKnownIdpHost', () => {
  for (const host of ['login.microsoftonline.com', 'LOGIN.microsoftonline.com.', 'login.microsoftonline.us', 'login.chinacloudapi.cn', 'login.partner.microsoftonline.cn', 'sts.windows.net', 'contoso.okta.com', 'dev-123.oktapreview.com', 'acme.okta-emea.com', 'dev-abc.eu.auth0.com', 'accounts.google.com']) {
    test(`${host} is well known`, () => assert.equal(isWellKnownIdpHost(host), true));
  }
  for (const host of ['login.microsoftonline.com.evil.example', 'evil-login.microsoftonline.com', 'okta.com', 'evilokta.com', 'contoso.okta.com.evil.example', 'auth0.com', 'notauth0.com', 'accounts.google.com.evil.example', 'google.com', 'idp.example']) {
    test(`${host} is not`, () => assert.equal(isWellKnownIdpHost(host), false));
  }
});

describe('decideFetch', () => {
  const base: FetchPolicy = { named: new Map([['127.0.0.1', 'local.sso.json'], ['idp.corp.example', 'corp.sso.json']]), howToAllow: 'run with --fetch-keys' };

  test('a host a config names is fetched, loopback included, and the report says which config', async () => {
    assert.deepEqual(await decideFetch(base, 'https://127.0.0.1:8443/realms/x'), { allowed: true, why: 'issuer named by local.sso.json' });
    assert.deepEqual(await decideFetch(base, 'https://IDP.corp.example/'), { allowed: true, why: 'issuer named by corp.sso.json' });
  });

  test('a well-known cloud IdP is fetched without asking', async () => {
    let asked = 0;
    const d = await decideFetch({ ...base, ask: () => Promise.resolve(++asked > 0) }, 'https://login.microsoftonline.com/tid/v2.0');
    assert.deepEqual([d.allowed, asked], [true, 0]);
  });

  test('any other host is refused with the way to allow it, unless --fetch-keys or the user says Fetch', async () => {
    assert.deepEqual(await decideFetch(base, 'https://idp.example/'), { allowed: false, why: 'idp.example is not named by a config; run with --fetch-keys' });
    assert.equal((await decideFetch({ ...base, allowAny: true }, 'https://idp.example/')).allowed, true);
    assert.equal((await decideFetch({ ...base, ask: () => Promise.resolve(true) }, 'https://idp.example/')).allowed, true);
    assert.equal((await decideFetch({ ...base, ask: () => Promise.resolve(false) }, 'https://idp.example/')).allowed, false);
  });

  test('a private or loopback address nobody names is refused even with --fetch-keys, and never asked about', async () => {
    let asked = 0;
    const policy: FetchPolicy = { named: new Map(), allowAny: true, ask: () => Promise.resolve(++asked > 0), howToAllow: '' };
    for (const issuer of ['https://127.0.0.1:1/', 'https://[::1]/', 'https://169.254.169.254/latest', 'https://10.0.0.5/', 'https://[::ffff:127.0.0.1]/']) {
      const d = await decideFetch(policy, issuer);
      assert.equal(d.allowed, false, issuer);
      assert.match(d.why, /address and no config names it/);
    }
    assert.equal(asked, 0);
  });
});

describe('addressGuard', () => {
  const guard = addressGuard({ named: new Map([['localhost', 'local.sso.json']]) });
  test('refuses a private address behind a name no config names, allows a named one and public ones', () => {
    assert.match(guard('idp.example', '127.0.0.1') ?? '', /resolves to 127\.0\.0\.1, a loopback address/);
    assert.match(guard('idp.example', 'fd00::5') ?? '', /unique-local/);
    assert.equal(guard('localhost', '127.0.0.1'), undefined);
    assert.equal(guard('idp.example', '93.184.215.14'), undefined);
  });
});

describe('namedHostsOf', () => {
  test('issuers, discovery URLs and Keycloak base URLs name hosts; other URLs do not', () => {
    const config = {
      providers: [
        { id: 'kc', type: 'keycloak', baseUrl: 'https://sso.corp.example', realm: 'main', apps: [{ id: 'a', protocol: 'oidc', issuer: 'https://issuer.corp.example/x', trustedKeys: { discoveryUrl: 'https://keys.corp.example/.well-known/openid-configuration' }, redirectUris: ['https://app.corp.example/cb'] }] },
        { id: 'o', type: 'oidc', issuer: 'https://127.0.0.1:9443' },
        { id: 'plain', type: 'oidc', issuer: 'http://insecure.example' },
      ],
    };
    const named = namedHostsOf(config, 'corp.sso.json');
    assert.deepEqual([...named.keys()].sort(), ['127.0.0.1', 'issuer.corp.example', 'keys.corp.example', 'sso.corp.example']);
    assert.equal(named.get('127.0.0.1'), 'corp.sso.json');
  });
});
