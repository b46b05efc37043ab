import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Fetcher } from '../../../../src/decoders/oidc/fetcher';
import type { ConfigFinding } from '../../../../src/model/config-finding';
import type { SsoConfig } from '../../../../src/model/config-types';
import { checkLive, type LiveCheckOptions } from '../../../../src/model/live/check-live';
import { liveSources } from '../../../../src/model/live/live-sources';
import { validateConfigText } from '../../../../src/model/validate-config';
import { NodeFetcher } from '../../../../src/platform/node-fetcher';
import { idpCertificate, idpMetadata, jwksOf, publishingServer, publishOidc, type IdpCertificate } from '../../../builders/published-keys';
import { example } from '../helpers';

const XML = 'application/samlmetadata+xml';

function indexOf(config: SsoConfig): NonNullable<ReturnType<typeof validateConfigText>['index']> {
  const v = validateConfigText(JSON.stringify(config), { rules: [] });
  assert.ok(v.index && v.schemaValid, JSON.stringify(v.findings));
  return v.index;
}

function only(findings: readonly ConfigFinding[], id: string): ConfigFinding {
  const hits = findings.filter((f) => f.id === id);
  assert.equal(hits.length, 1, `one ${id} among ${findings.map((f) => `${f.id}@${f.path}`).join(', ')}`);
  return hits[0] as ConfigFinding;
}

/** A generic SAML IdP with one app whose IdP side is pinned three ways: certificate, thumbprint, metadata file. */
function samlConfig(metadataUrl: string, pins: { signing?: IdpCertificate; thumbprint?: string; metadataFile?: string }): SsoConfig {
  return {
    version: 1,
    providers: [
      {
        id: 'idp',
        type: 'saml',
        entityId: 'https://idp.example/',
        apps: [
          {
            id: 'portal',
            protocol: 'saml',
            identifiers: ['https://portal.example/saml'],
            replyUrls: ['https://portal.example/saml/acs'],
            metadataUrl,
            ...(pins.metadataFile ? { metadataFile: pins.metadataFile } : {}),
            ...(pins.signing ? { signing: { certificate: { pem: pins.signing.pem } } } : {}),
            ...(pins.thumbprint ? { serviceProvider: { idpCertificate: { thumbprint: pins.thumbprint } } } : {}),
          },
        ],
      },
    ],
  };
}

describe('live comparison against a loopback IdP', () => {
  let server: Awaited<ReturnType<typeof publishingServer>>;
  let fetcher: NodeFetcher;
  let current: IdpCertificate;
  let next: IdpCertificate;
  let ending: IdpCertificate;
  let gone: IdpCertificate;
  const now = new Date();
  const opts = (extra: Partial<LiveCheckOptions> = {}): LiveCheckOptions => ({ fetcher, now, ...extra });

  before(async () => {
    server = await publishingServer();
    fetcher = new NodeFetcher({ ca: server.ca });
    [current, next, ending, gone] = await Promise.all([
      idpCertificate('IdP signing 2026', -30, 700, now),
      idpCertificate('IdP signing 2028 (staged)', 5, 1100, now),
      idpCertificate('IdP signing ending', -300, 12, now),
      idpCertificate('IdP signing 2023 (rolled)', -900, 400, now),
    ]);
  });
  after(() => server.close());

  test('SAML: a pinned certificate no longer published has rolled over (error on the pin, quick fix for a thumbprint)', async () => {
    server.publish('/rolled/metadata.xml', XML, idpMetadata('https://idp.example/', [current]));
    const r = await checkLive(indexOf(samlConfig(`${server.origin}/rolled/metadata.xml`, { signing: gone, thumbprint: gone.sha1 })), opts());
    const rolled = r.findings.filter((f) => f.id === 'live.key-rolled-over');
    assert.deepEqual(rolled.map((f) => f.path).sort(), ['/providers/0/apps/0/serviceProvider/idpCertificate', '/providers/0/apps/0/signing/certificate']);
    for (const f of rolled) {
      assert.equal(f.severity, 'error');
      assert.match(f.message, new RegExp(current.sha1), 'names the certificate published now');
      assert.match(f.message, /sign-ins it signs fail now/);
    }
    const fix = rolled.find((f) => f.path.endsWith('idpCertificate'))?.fix;
    assert.deepEqual(fix && { path: fix.path, value: fix.value }, { path: '/providers/0/apps/0/serviceProvider/idpCertificate/thumbprint', value: current.sha1 });
    assert.ok(!r.findings.some((f) => f.id === 'live.key-staged'), 'nothing is staged when the pin is gone');
    assert.equal(r.sources[0]?.status, 'fetched');
    assert.equal(server.count('/rolled/'), 1, 'the document is fetched once for both pins');
  });

  test('SAML: a new certificate published beside the pinned one is staged, with the date it becomes valid', async () => {
    server.publish('/staged/metadata.xml', XML, idpMetadata('https://idp.example/', [current, next]));
    const r = await checkLive(indexOf(samlConfig(`${server.origin}/staged/metadata.xml`, { signing: current })), opts());
    assert.ok(!r.findings.some((f) => f.id === 'live.key-rolled-over'), 'the pinned certificate is still published');
    const staged = only(r.findings, 'live.key-staged');
    assert.equal(staged.severity, 'warning');
    assert.equal(staged.path, '/providers/0/apps/0/metadataUrl');
    assert.match(staged.message, new RegExp(next.sha1));
    assert.match(staged.message, /becomes valid on \d{4}-\d{2}-\d{2}T.*\(in (4|5) d/);
  });

  test('SAML: a published certificate that expires within the warning window counts down; a shorter window is quiet', async () => {
    server.publish('/ending/metadata.xml', XML, idpMetadata('https://idp.example/', [ending]));
    const config = samlConfig(`${server.origin}/ending/metadata.xml`, { thumbprint: ending.sha1 });
    const r = await checkLive(indexOf(config), opts());
    const f = only(r.findings, 'cert.expiring');
    assert.equal(f.path, '/providers/0/apps/0/serviceProvider/idpCertificate', 'on the thumbprint pin, which cannot know its own expiry');
    assert.ok(f.expires && Math.abs(Date.parse(f.expires) - (now.getTime() + 12 * 86_400_000)) < 86_400_000, `expires ${f.expires}`);
    const quiet = await checkLive(indexOf(config), opts({ expiryWarningDays: 7 }));
    assert.ok(!quiet.findings.some((x) => x.id === 'cert.expiring'));
  });

  test('SAML: an expired published certificate is an error', async () => {
    const expired = await idpCertificate('IdP signing expired', -400, -2, now);
    server.publish('/expired/metadata.xml', XML, idpMetadata('https://idp.example/', [expired]));
    const r = await checkLive(indexOf(samlConfig(`${server.origin}/expired/metadata.xml`, { thumbprint: expired.sha1 })), opts());
    assert.equal(only(r.findings, 'cert.expired').severity, 'error');
  });

  test('SAML: a pinned metadata file from another tenant differs from what is published', async () => {
    const onDisk = idpMetadata('https://sts.windows.net/00000000-1111-2222-3333-444444444444/', [gone]);
    server.publish('/tenant/metadata.xml', XML, idpMetadata('https://sts.windows.net/aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/', [current]));
    const config = samlConfig(`${server.origin}/tenant/metadata.xml`, { metadataFile: 'federationmetadata.xml' });
    const r = await checkLive(indexOf(config), opts({ readFile: (rel) => (rel === 'federationmetadata.xml' ? Buffer.from(onDisk) : undefined) }));
    const f = only(r.findings, 'live.metadata-differs');
    assert.equal(f.path, '/providers/0/apps/0/metadataFile');
    assert.equal(f.severity, 'error', 'every signing certificate in the file is gone');
    assert.match(f.message, /00000000-1111-2222-3333-444444444444.*aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee/);
  });

  test('Keycloak: the realm descriptor is compared with the realm keys the config pins', async () => {
    server.publish('/auth/realms/spark/protocol/saml/descriptor', XML, idpMetadata(`${server.origin}/auth/realms/spark`, [next]));
    const config: SsoConfig = { version: 1, providers: [{ id: 'kc', type: 'keycloak', baseUrl: `${server.origin}/auth`, realm: 'spark', keys: [{ name: 'rsa-generated', use: 'sig', certificate: { pem: current.pem } }] }] };
    const r = await checkLive(indexOf(config), opts());
    assert.equal(only(r.findings, 'live.key-rolled-over').path, '/providers/0/keys/0/certificate');
  });

  test('OIDC: pinned kids that are gone, staged keys beside a pinned one, and the pinned key\'s expiry', async () => {
    const rolledIssuer = publishOidc(server, '/oidc-rolled', jwksOf([{ kid: 'k-2028', cert: next }]));
    const stagedIssuer = publishOidc(server, '/oidc-staged', jwksOf([{ kid: 'k-ending', cert: ending }, { kid: 'k-2028', cert: next }]));
    const app = (id: string, issuer: string) => ({ id, protocol: 'oidc' as const, clientId: `${id}-client`, issuer });
    const config: SsoConfig = { version: 1, providers: [{ id: 'op', type: 'oidc', issuer: rolledIssuer, apps: [app('rolled', rolledIssuer), app('staged', stagedIssuer)] }] };
    const pinnedKeys: LiveCheckOptions['pinnedKeys'] = (entry) => [{ kid: entry.value.id === 'rolled' ? 'k-2026' : 'k-ending', pointer: `${entry.pointer}/trustedKeys/kids/0`, label: `pinned key of app ${entry.value.id}` }];
    const r = await checkLive(indexOf(config), opts({ pinnedKeys }));
    const rolled = only(r.findings, 'live.key-rolled-over');
    assert.equal(rolled.path, '/providers/0/apps/0/trustedKeys/kids/0');
    assert.match(rolled.message, /kid k-2026.*kid k-2028/);
    const staged = only(r.findings, 'live.key-staged');
    assert.equal(staged.path, '/providers/0/apps/1/issuer');
    assert.match(staged.message, /kid k-2028/);
    const expiring = only(r.findings, 'cert.expiring');
    assert.equal(expiring.path, '/providers/0/apps/1/trustedKeys/kids/0');
    assert.equal(server.count('/oidc-rolled/.well-known/openid-configuration'), 1);
    assert.equal(server.count('/oidc-rolled/keys'), 1);
  });

  test('OIDC: the app\'s own trustedKeys — pinned kids, the kids of its JWKS file and its discovery URL — are what is compared', async () => {
    const issuer = publishOidc(server, '/oidc-trusted', jwksOf([{ kid: 'k-2028', cert: next }]));
    const pinnedFile = Buffer.from(jwksOf([{ kid: 'k-file-2025', cert: gone }]));
    const config: SsoConfig = {
      version: 1,
      providers: [{ id: 'op', type: 'oidc', issuer, apps: [{ id: 'app', protocol: 'oidc', clientId: 'c', issuer, trustedKeys: { discoveryUrl: `${issuer}/.well-known/openid-configuration`, keyIds: ['k-2026'], jwksFile: 'keys/pinned.jwks.json' } }] }],
    };
    const r = await checkLive(indexOf(config), opts({ readFile: (rel) => (rel === 'keys/pinned.jwks.json' ? pinnedFile : undefined) }));
    const rolledPaths = r.findings.filter((f) => f.id === 'live.key-rolled-over').map((f) => f.path);
    assert.deepEqual(rolledPaths.sort(), ['/providers/0/apps/0/trustedKeys/jwksFile', '/providers/0/apps/0/trustedKeys/keyIds/0'], `both the pinned kid and the file's kid are gone: ${JSON.stringify(r)}`);
    assert.equal(r.sources[0]?.pointer, '/providers/0/apps/0/trustedKeys/discoveryUrl', 'the discovery URL the config names is the source');
  });

  test('OIDC: an app\'s custom signing certificate (usage Sign) missing from the JWKS has rolled over', async () => {
    const issuer = publishOidc(server, '/oidc-sign', jwksOf([{ kid: 'tenant-key', cert: current }]));
    const config: SsoConfig = { version: 1, providers: [{ id: 'op', type: 'oidc', issuer, apps: [{ id: 'app', protocol: 'oidc', clientId: 'c', issuer, certificates: [{ usage: 'Sign', certificate: { pem: gone.pem } }, { usage: 'Verify', certificate: { pem: ending.pem } }] }] }] };
    const r = await checkLive(indexOf(config), opts());
    assert.equal(only(r.findings, 'live.key-rolled-over').path, '/providers/0/apps/0/certificates/0/certificate', 'a Verify (client credential) certificate is never looked for in the JWKS');
  });

  test('a document that cannot be fetched is said so; nothing is compared or guessed', async () => {
    const r = await checkLive(indexOf(samlConfig(`${server.origin}/missing.xml`, { signing: current })), opts());
    const f = only(r.findings, 'live.fetch-failed');
    assert.equal(f.path, '/providers/0/apps/0/metadataUrl');
    assert.match(f.message, /HTTP 404/);
    assert.equal(r.findings.length, 1);
    const plain = await checkLive(indexOf(samlConfig(server.origin.replace('https:', 'http:') + '/staged/metadata.xml', { signing: current })), opts());
    assert.match(only(plain.findings, 'live.fetch-failed').message, /only https/);
  });

  test('offline: nothing is fetched, and every source says so', async () => {
    const before = server.requests.length;
    server.publish('/offline/metadata.xml', XML, idpMetadata('https://idp.example/', [current]));
    const issuer = publishOidc(server, '/offline-oidc', jwksOf([{ kid: 'k', cert: current }]));
    const config = samlConfig(`${server.origin}/offline/metadata.xml`, { signing: gone });
    config.providers.push({ id: 'op', type: 'oidc', issuer, apps: [{ id: 'o', protocol: 'oidc', clientId: 'c', issuer }] });
    const r = await checkLive(indexOf(config), { now, offlineReason: 'the workspace is not trusted' });
    assert.equal(r.fetched, false);
    assert.equal(r.offline, 'the workspace is not trusted');
    assert.deepEqual(r.findings.map((f) => [f.id, f.severity, f.path]), [
      ['live.not-fetched', 'info', '/providers/0/apps/0/metadataUrl'],
      ['live.not-fetched', 'info', '/providers/1/apps/0/issuer'],
    ]);
    assert.match(r.findings[0]?.message ?? '', /nothing fetched \(the workspace is not trusted\)/);
    assert.equal(server.requests.length, before, 'the loopback server saw no request');
  });

  test('the scope of a tree node picks the sources that concern it', async () => {
    server.publish('/scope/metadata.xml', XML, idpMetadata('https://idp.example/', [current]));
    const config = samlConfig(`${server.origin}/scope/metadata.xml`, { signing: current });
    config.providers.push({ id: 'other', type: 'saml', entityId: 'https://other.example/', metadataUrl: `${server.origin}/scope/other.xml` });
    const r = await checkLive(indexOf(config), opts({ scope: '/providers/0/apps/0' }));
    assert.deepEqual(r.sources.map((s) => s.pointer), ['/providers/0/apps/0/metadataUrl']);
    assert.equal(server.count('/scope/other.xml'), 0);
  });
});

describe('what a live check would fetch for the examples', () => {
  test('Entra: the OIDC discovery document with ?appid=, and the App Federation Metadata URL the config names', () => {
    const palette = validateConfigText(JSON.stringify(example('palette')), { rules: [] }).index;
    assert.ok(palette);
    const oidc = liveSources(palette).find((s) => s.kind === 'oidc-discovery');
    assert.match(oidc?.url ?? '', /^https:\/\/login\.microsoftonline\.com\/5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480\/v2\.0\/\.well-known\/openid-configuration\?appid=[0-9a-f-]{36}$/);
    const spark = validateConfigText(JSON.stringify(example('spark-keycloak')), { rules: [] }).index;
    assert.ok(spark);
    const urls = liveSources(spark).map((s) => [s.pointer, s.url]);
    assert.deepEqual(urls, [
      ['/providers/0/apps/0/metadataUrl', 'https://login.microsoftonline.com/4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0/federationmetadata/2007-06/federationmetadata.xml?appid=3b8f1d2e-6c4a-4e9b-a1d7-5f2c8e0b9a64'],
      ['/providers/1/baseUrl', 'https://keycloak.uat.coherent.global/auth/realms/mytenant/protocol/saml/descriptor'],
      ['/providers/1/identityProviders/0/saml/metadataUrl', 'https://login.microsoftonline.com/4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0/federationmetadata/2007-06/federationmetadata.xml?appid=3b8f1d2e-6c4a-4e9b-a1d7-5f2c8e0b9a64'],
    ]);
  });
});

describe('when the network may be used', () => {
  test('never in an untrusted workspace, whatever the setting; not with the setting off', async () => {
    const { networkOffReason } = await import('../../../../src/platform/network-policy');
    assert.equal(networkOffReason({ trusted: false, enabled: true, settingId: 'ssoLens.network.enabled' }), 'the workspace is not trusted');
    assert.equal(networkOffReason({ trusted: true, enabled: false, settingId: 'ssoLens.network.enabled' }), 'ssoLens.network.enabled is off');
    assert.equal(networkOffReason({ trusted: true, enabled: true, settingId: 'ssoLens.network.enabled' }), undefined);
  });

  test('an untrusted workspace: the check is offline, and a loopback IdP sees no request', async () => {
    const { networkOffReason } = await import('../../../../src/platform/network-policy');
    const server = await publishingServer();
    try {
      const cert = await idpCertificate('untrusted', -1, 100);
      server.publish('/m.xml', XML, idpMetadata('https://idp.example/', [cert]));
      const reason = networkOffReason({ trusted: false, enabled: true, settingId: 'ssoLens.network.enabled' });
      // What "Check Live" does: a fetcher only when there is no reason against the network.
      const r = await checkLive(indexOf(samlConfig(`${server.origin}/m.xml`, { signing: cert })), reason === undefined ? { fetcher: new NodeFetcher({ ca: server.ca }) } : { offlineReason: reason });
      assert.equal(r.offline, 'the workspace is not trusted');
      assert.equal(server.requests.length, 0);
    } finally {
      await server.close();
    }
  });
});

test('a URL holding a value only terraform apply decides is not requested', async () => {
  const asked: string[] = [];
  const fetcher: Fetcher = { getText: (url) => (asked.push(url), Promise.resolve({ ok: false, error: { id: 'jwt.keys-fetch-failed', message: 'not expected' } })) };
  const index = indexOf({
    version: 1,
    providers: [{ id: 'azuread', type: 'entra', tenantId: 'a0c3b2d1-0000-4000-8000-000000000001', apps: [{ id: 'palette', protocol: 'oidc', clientId: '7d2e9b41-3c5a-4f86-b0e1-6a9c8d4f2e17', issuer: 'https://login.microsoftonline.com/${var.tenant_id}/v2.0', redirectUris: ['https://palette.example/callback'] }] }],
  });
  const result = await checkLive(index, { fetcher });
  assert.deepEqual(asked, []);
  assert.equal(result.fetched, false);
  assert.deepEqual(result.sources.map((s) => s.status), ['not-fetched']);
  assert.match(only(result.findings, 'live.not-fetched').message, /holds \$\{var\.tenant_id\}, which only terraform apply/);
});
