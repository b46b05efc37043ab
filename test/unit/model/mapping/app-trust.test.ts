import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../../src/decoders/inspect-options';
import { DiscoveryKeySource } from '../../../../src/decoders/oidc/key-source';
import type { InspectReport } from '../../../../src/decoders/result';
import { indexConfig } from '../../../../src/model/config-index';
import type { OidcApp, SsoConfig } from '../../../../src/model/config-types';
import { appExpectations, appTrustMaterial, fetchAppTrust, pinnedKeyFindings, type AppExpectations } from '../../../../src/model/mapping';
import { parseJsonc } from '../../../../src/model/jsonc';
import { NodeFetcher } from '../../../../src/platform/node-fetcher';
import { runCliCaptured } from '../../../builders/cli-io';
import { rsaSigner, type TestSigner } from '../../../builders/jwt-builder';
import { CLIENT_ID, providerSigningKey, startOidcProvider, type OidcHarness } from '../../../builders/oidc-provider-harness';
import { EXAMPLES } from '../helpers';

/**
 * OIDC trusted keys in the config (`trustedKeys`: JWKS file, discovery URL, pinned kids), used as a
 * SAML app's certificates are: tokens issued by oidc-provider on loopback https, or signed with jose.
 */
const exoscale = (): SsoConfig => parseJsonc(readFileSync(join(EXAMPLES, 'exoscale.sso.json'), 'utf8')) as SsoConfig;
const appOf = (c: SsoConfig): OidcApp => c.providers[0]?.apps?.[0] as OidcApp;
const noFiles = (): undefined => undefined;

describe('OIDC trusted keys', () => {
  let harness: OidcHarness;
  let token: string;
  let dir: string;
  let signer: TestSigner;

  before(async () => {
    harness = await startOidcProvider([await providerSigningKey('k-2026')]);
    token = await harness.issueIdToken();
    signer = await rsaSigner('kid-a');
    dir = mkdtempSync(join(tmpdir(), 'sso-lens-oidc-trust-'));
  });
  after(async () => {
    await harness.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The Exoscale example pointed at the loopback provider (the user's own IdP), with `trustedKeys`. */
  function harnessConfig(trustedKeys: OidcApp['trustedKeys']): SsoConfig {
    const c = exoscale();
    const app = appOf(c);
    app.issuer = harness.issuer;
    app.clientId = CLIENT_ID;
    if (trustedKeys) app.trustedKeys = trustedKeys;
    return c;
  }

  async function run(c: SsoConfig, online: boolean): Promise<{ report: InspectReport; expectations: AppExpectations }> {
    const index = indexConfig(c);
    const entry = index.apps[0];
    assert.ok(entry);
    const e = appExpectations(index, entry, noFiles);
    assert.ok(e.ok, e.ok ? '' : e.message);
    const keySource = online ? new DiscoveryKeySource(new NodeFetcher({ ca: harness.server.ca })) : undefined;
    const expectations = await fetchAppTrust(e.value, keySource, e.value.expected.issuer);
    // As inspect --config and Test with a Token… do: the app's trust, no issuer fetch behind pinned kids.
    const r = await inspectArtifact(Buffer.from(token), defaultInspectOptions({ trust: expectations.trust, expected: expectations.expected }));
    assert.ok(r.ok);
    return { report: { ...r.value, findings: [...r.value.findings, ...(expectations.fetchFindings ?? []), ...pinnedKeyFindings(r.value, expectations, 'exoscale')] }, expectations };
  }

  it('a discovery URL is fetched when the network is allowed and verifies the provider\'s token', async () => {
    const before = harness.server.count('/.well-known/openid-configuration');
    const { report, expectations } = await run(harnessConfig({ discoveryUrl: `${harness.issuer}/.well-known/openid-configuration` }), true);
    assert.equal(report.signature.status, 'valid', JSON.stringify(report.findings));
    assert.equal(harness.server.count('/.well-known/openid-configuration'), before + 1);
    assert.ok(expectations.trustSources.some((s) => s.includes('/jwks')), expectations.trustSources.join('; '));
  });

  it('offline, nothing is fetched and the signature is not checked', async () => {
    const before = harness.server.requests.length;
    const { report } = await run(harnessConfig({ discoveryUrl: `${harness.issuer}/.well-known/openid-configuration` }), false);
    assert.equal(report.signature.status, 'not-checked');
    assert.equal(harness.server.requests.length, before);
  });

  it('a token whose kid is not pinned: jwt.kid-not-pinned at trustedKeys/keyIds, and the unpinned key does not verify it', async () => {
    const { report } = await run(harnessConfig({ discoveryUrl: `${harness.issuer}/.well-known/openid-configuration`, keyIds: ['k-2025'] }), true);
    const f = report.findings.find((x) => x.id === 'jwt.kid-not-pinned');
    assert.equal(f?.severity, 'error');
    assert.equal(f?.path, '/providers/0/apps/0/trustedKeys/keyIds');
    assert.match(f?.message ?? '', /"k-2026".*pinned: k-2025/);
    assert.notEqual(report.signature.status, 'valid');
  });

  it('pinned kids alone (online): the issuer\'s keys narrowed to the pinned kid verify the token', async () => {
    const { report } = await run(harnessConfig({ keyIds: ['k-2026'] }), true);
    assert.equal(report.signature.status, 'valid', JSON.stringify(report.findings));
    assert.equal(report.findings.find((x) => x.id === 'jwt.kid-not-pinned'), undefined);
  });

  it('a JWKS file relative to the config, through sso-lens inspect --config (offline): valid; another kid pinned: exit 1', async () => {
    writeFileSync(join(dir, 'keys.json'), JSON.stringify({ keys: [signer.publicJwk] }));
    const c = exoscale();
    const app = appOf(c);
    app.trustedKeys = { jwksFile: 'keys.json' };
    writeFileSync(join(dir, 'exo.sso.json'), JSON.stringify(c));
    const now = new Date();
    const jwt = await signer.sign({ iss: app.issuer, aud: app.clientId, sub: 's', email: 'ada@exoscale.com', iat: Math.floor(now.getTime() / 1000), exp: Math.floor(now.getTime() / 1000) + 600 });
    writeFileSync(join(dir, 't.jwt'), jwt);
    const r = await runCliCaptured(['inspect', join(dir, 't.jwt'), '--config', join(dir, 'exo.sso.json'), '--app', 'exoscale', '--json', '--offline']);
    const j = JSON.parse(r.stdout) as { signature: { status: string }; findings: Array<{ id: string; path?: string }> };
    assert.equal(j.signature.status, 'valid', r.stdout);
    assert.equal(r.code, 0, r.stdout);
    // The JWKS publishes both keys; the product pins only kid-b (the one it was told about).
    writeFileSync(join(dir, 'keys.json'), JSON.stringify({ keys: [signer.publicJwk, (await rsaSigner('kid-b')).publicJwk] }));
    app.trustedKeys = { jwksFile: 'keys.json', keyIds: ['kid-b'] };
    writeFileSync(join(dir, 'exo.sso.json'), JSON.stringify(c));
    const p = await runCliCaptured(['inspect', join(dir, 't.jwt'), '--config', join(dir, 'exo.sso.json'), '--app', 'exoscale', '--json', '--offline']);
    const k = JSON.parse(p.stdout) as typeof j;
    assert.equal(p.code, 1);
    assert.equal(k.findings.find((f) => f.id === 'jwt.kid-not-pinned')?.path, '/providers/0/apps/0/trustedKeys/keyIds');
    assert.equal(k.signature.status, 'invalid');
    assert.ok(k.findings.some((f) => f.id === 'jwt.key-not-found'), p.stdout);
  });

  it('appTrustMaterial: an unreadable JWKS file is a failure, not silently no trust', () => {
    const c = exoscale();
    appOf(c).trustedKeys = { jwksFile: 'missing.json' };
    const index = indexConfig(c);
    const entry = index.apps[0];
    assert.ok(entry);
    const t = appTrustMaterial(index, entry, noFiles);
    assert.equal(t.ok, false);
    assert.match(t.ok ? '' : t.message, /cannot read missing\.json/);
  });
});
