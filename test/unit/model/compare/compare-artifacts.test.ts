/**
 * "Compare With…": two ID tokens issued by the real oidc-provider for two personas, and two
 * samlify-minted SAML responses, compared semantically — claims, signature, conditions and, through
 * the Palette example config, the teams gained and lost with the rule that made the difference.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../../src/decoders/inspect-options';
import type { InspectReport } from '../../../../src/decoders/result';
import { compareArtifacts, type ComparisonReport } from '../../../../src/model/compare';
import { runCliCaptured } from '../../../builders/cli-io';
import { buildHar } from '../../../builders/har-builder';
import { providerSigningKey, startOidcProvider, type OidcHarness } from '../../../builders/oidc-provider-harness';
import { makeSamlKeys, mintSamlResponse, type SamlKeys } from '../../../builders/samlify-minter';
import { example } from '../helpers';

const PALETTE_CLIENT = '7d2e9b41-3c5a-4f86-b0e1-6a9c8d4f2e17';
const TENANT = '5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480';
const TENANT_ADMINS = 'e3ac07cc-bd12-4edc-92a4-983d783153ba';
const PROJECT_ADMINS = '88f61c49-1dd1-40c3-a820-68a513a38725';
const CLUSTER_ADMINS = '3f33c3a5-e0af-4ef6-9671-c7545fe264f3';

const persona = (extra: Record<string, unknown>): Record<string, unknown> => ({ ver: '2.0', tid: TENANT, oid: '0b5e9f2a-6c1d-4a8b-9e3f-7d2c1a0b9e84', name: 'Jane Doe', preferred_username: 'jane.doe@example.com', email: 'jane.doe@example.com', ...extra });

async function inspect(text: string): Promise<InspectReport> {
  const r = await inspectArtifact(Buffer.from(text), defaultInspectOptions());
  assert.ok(r.ok);
  return r.value;
}

describe('compare two ID tokens from a real provider (two personas)', () => {
  let idp: OidcHarness;
  let dir: string;
  let works: string;
  let fails: string;
  let again: string;
  let config: string;

  before(async () => {
    idp = await startOidcProvider([await providerSigningKey('k1')], { clientId: PALETTE_CLIENT, claims: persona({ groups: [TENANT_ADMINS, CLUSTER_ADMINS] }) });
    dir = mkdtempSync(join(tmpdir(), 'sso-lens-compare-'));
    works = join(dir, 'works.jwt');
    fails = join(dir, 'fails.jwt');
    again = join(dir, 'again.jwt');
    writeFileSync(works, await idp.issueIdToken());
    writeFileSync(again, await idp.issueIdToken());
    const failing = persona({ groups: [PROJECT_ADMINS] });
    delete failing['email'];
    idp.useClaims(failing);
    writeFileSync(fails, await idp.issueIdToken());
    // The Palette example config, with this provider as the app's issuer.
    const palette = example('palette');
    const app = palette.providers[0]?.apps?.[0];
    assert.ok(app?.protocol === 'oidc');
    app.issuer = idp.issuer;
    config = join(dir, 'palette.sso.json');
    writeFileSync(config, JSON.stringify(palette));
  });
  after(async () => {
    await idp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('claims added, removed and changed; per-sign-in claims only counted', async () => {
    const c = compareArtifacts({ report: await inspect(await readText(works)), source: 'works.jwt' }, { report: await inspect(await readText(fails)), source: 'fails.jwt' });
    const byName = new Map(c.data.claims.map((x) => [x.name, x]));
    assert.equal(byName.get('email')?.change, 'removed');
    assert.deepEqual(byName.get('groups'), { name: 'groups', change: 'changed', left: [TENANT_ADMINS, CLUSTER_ADMINS], right: [PROJECT_ADMINS] });
    assert.ok(!byName.has('exp') && !byName.has('nonce') && !byName.has('iss'), 'times, nonces and same values are not claim differences');
    assert.ok(c.data.volatileClaimsChanged.includes('iat') || c.data.volatileClaimsChanged.includes('nonce'));
    assert.equal(c.data.signature.find((f) => f.field === 'algorithm')?.same, true);
    assert.equal(c.data.conditions.find((f) => f.field === 'issuer')?.same, true);
    assert.equal(c.data.equivalent, false);
  });

  it('sso-lens compare --config --app: teams lost and gained in B, and the rules that made the difference (exit 1)', async () => {
    const run = await runCliCaptured(['compare', works, fails, '--config', config, '--app', 'palette', '--offline', '--json']);
    assert.equal(run.code, 1, run.stderr);
    const c = JSON.parse(run.stdout) as ComparisonReport;
    assert.equal(c.kind, 'comparison');
    assert.equal(c.items.length, 2);
    const m = c.data.mapping;
    assert.ok(m, 'the mapping outcome is compared');
    assert.equal(m.app, 'palette');
    assert.deepEqual(m.teamsLost.sort(), [CLUSTER_ADMINS, TENANT_ADMINS].sort());
    assert.deepEqual(m.teamsGained, [PROJECT_ADMINS]);
    const lost = m.rules.find((r) => r.rule.includes(TENANT_ADMINS));
    assert.ok(lost && lost.left && !lost.right, 'the tenant-admins team rule fired only in A');
    assert.match(lost.path, /^\/providers\/0\/apps\/0\//);
    assert.ok(m.attributes.some((a) => a.name === 'email' && a.left === 'jane.doe@example.com' && a.right === undefined));
    assert.ok(c.data.findings.onlyRight.some((f) => f.id === 'mapping.claim-missing'), 'B misses the email claim the mapping reads');
    const text = await runCliCaptured(['compare', works, fails, '--config', config, '--app', 'palette', '--offline']);
    assert.match(text.stdout, /Teams lost in B/);
    assert.match(text.stdout, /− email/);
  });

  it('two sign-ins of the same persona are equivalent (exit 0)', async () => {
    const run = await runCliCaptured(['compare', works, again, '--config', config, '--app', 'palette', '--offline', '--json']);
    assert.equal(run.code, 0, run.stdout.slice(0, 2000));
    const c = JSON.parse(run.stdout) as ComparisonReport;
    assert.equal(c.data.equivalent, true);
    assert.deepEqual(c.data.claims, []);
  });

  it('two HARs: their last tokens are compared', async () => {
    const har = (jwt: string) => buildHar([{ url: 'https://app.example/start' }, { method: 'POST', url: 'https://app.example/callback', form: { id_token: jwt, state: 's' } }]);
    const a = await inspect(har(await readText(works)));
    const b = await inspect(har(await readText(fails)));
    const c = compareArtifacts({ report: a, source: 'a.har' }, { report: b, source: 'b.har' });
    assert.equal(c.data.left.kind, 'jwt');
    assert.equal(c.data.left.item, 1);
    assert.ok(c.data.claims.some((x) => x.name === 'groups'));
  });

  it('usage errors exit 2', async () => {
    assert.equal((await runCliCaptured(['compare', works])).code, 2);
    assert.equal((await runCliCaptured(['compare', works, join(dir, 'missing.jwt')])).code, 2);
  });
});

describe('compare two SAML responses minted by samlify', () => {
  let keys: SamlKeys;
  const issuer = 'https://sts.windows.net/5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480/';
  const acs = 'https://iomete.dataco.example/api/v1/identity/saml/callback';
  before(async () => {
    keys = await makeSamlKeys();
  });

  it('attributes, NameID, audience and findings that differ', async () => {
    const a = await mintSamlResponse({ keys, issuer, audience: acs, acs, nameId: 'analyst@dataco.com', attributes: [['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', ['analyst@dataco.com']], ['http://schemas.microsoft.com/ws/2008/06/identity/claims/groups', [TENANT_ADMINS]]] });
    const b = await mintSamlResponse({ keys, issuer, audience: `${acs}/`, acs, nameId: 'guest@dataco.com', nameIdFormat: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent', attributes: [['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', ['guest@dataco.com']], ['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname', ['Guest']]] });
    const options = { ...defaultInspectOptions(), expected: { audience: acs } };
    const ra = await inspectArtifact(Buffer.from(a), options);
    const rb = await inspectArtifact(Buffer.from(b), options);
    assert.ok(ra.ok && rb.ok);
    const c = compareArtifacts({ report: ra.value, source: 'a' }, { report: rb.value, source: 'b' });
    const byName = new Map(c.data.claims.map((x) => [x.name, x]));
    assert.equal(byName.get('http://schemas.microsoft.com/ws/2008/06/identity/claims/groups')?.change, 'removed');
    assert.equal(byName.get('http://schemas.xmlsoap.org/ws/2005/05/identity/claims/givenname')?.change, 'added');
    assert.deepEqual(byName.get('NameID'), { name: 'NameID', change: 'changed', left: ['analyst@dataco.com'], right: ['guest@dataco.com'] });
    const audience = c.data.conditions.find((f) => f.field === 'audience');
    assert.deepEqual(audience, { field: 'audience', left: acs, right: `${acs}/`, same: false });
    assert.equal(c.data.conditions.find((f) => f.field === 'NameID format')?.same, false);
    assert.equal(c.data.conditions.find((f) => f.field === 'issuer')?.same, true);
    assert.ok(c.data.findings.onlyRight.some((f) => f.id === 'saml.audience-mismatch'));
    assert.equal(c.data.signature.find((f) => f.field === 'algorithm')?.same, true);
  });

  it('two responses for the same person and app are equivalent: IDs, times and InResponseTo aside', async () => {
    const mint = () => mintSamlResponse({ keys, issuer, audience: acs, acs, nameId: 'analyst@dataco.com', attributes: [['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', ['analyst@dataco.com']]] });
    const ra = await inspectArtifact(Buffer.from(await mint()), defaultInspectOptions());
    const rb = await inspectArtifact(Buffer.from(await mint()), defaultInspectOptions());
    assert.ok(ra.ok && rb.ok);
    const c = compareArtifacts({ report: ra.value, source: 'a' }, { report: rb.value, source: 'b' });
    assert.deepEqual(c.data.claims, []);
    assert.equal(c.data.equivalent, true);
  });
});

async function readText(file: string): Promise<string> {
  const { readFile } = await import('node:fs/promises');
  return readFile(file, 'utf8');
}
