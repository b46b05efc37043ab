import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCliCaptured } from '../../builders/cli-io';
import { makeSamlKeys, mintSamlResponse, type SamlKeys } from '../../builders/samlify-minter';
import { EXAMPLES, FIXTURES } from '../model/helpers';

/**
 * `sso-lens inspect ARTIFACT --config FILE [--app ID]` and `sso-lens personas`: expectations and
 * trust from the config (certificate files relative to it), data.mapping, mapping findings, exit codes.
 */
const IOMETE = {
  issuer: 'https://sts.windows.net/0d6b2c4e-7a1f-4e3b-9c8d-5f2a1b3c4d5e/',
  url: 'https://iomete.dataco.example/api/v1/identity/saml/callback',
};
let dir: string;
let keys: SamlKeys;

interface Json {
  kind: string;
  signature: { status: string };
  findings: Array<{ id: string; severity: string; path?: string }>;
  data: { mapping?: { app: { id: string }; nameId?: { value: string }; trace: unknown[]; teams: string[] } };
}

async function mint(o: { audience?: string; format?: string } = {}): Promise<string> {
  const file = join(dir, `r-${Math.random().toString(36).slice(2)}.b64`);
  writeFileSync(file, await mintSamlResponse({ keys, issuer: IOMETE.issuer, audience: o.audience ?? IOMETE.url, acs: IOMETE.url, nameId: 'analyst@dataco.com', ...(o.format ? { nameIdFormat: o.format } : {}), attributes: [['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', ['analyst@dataco.com']]] }));
  return file;
}

describe('sso-lens inspect --config --app', () => {
  before(async () => {
    keys = await makeSamlKeys();
    dir = mkdtempSync(join(tmpdir(), 'sso-lens-map-'));
    // The example config as it is, next to its metadata; its signing certificate file is this test's IdP certificate.
    cpSync(join(EXAMPLES, 'iomete.sso.json'), join(dir, 'iomete.sso.json'));
    cpSync(join(EXAMPLES, 'metadata'), join(dir, 'metadata'), { recursive: true });
    mkdirSync(join(dir, 'certs'));
    writeFileSync(join(dir, 'certs', 'entra-iomete-signing.cer'), keys.cert);
    writeFileSync(join(dir, 'broken.sso.json'), '{ "version": 1, "providers": [ ');
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('verifies with the certificate the config names, checks audience/recipient from the app and adds data.mapping: exit 0', async () => {
    const r = await runCliCaptured(['inspect', await mint(), '--config', join(dir, 'iomete.sso.json'), '--app', 'iomete', '--json', '--offline']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    const j = JSON.parse(r.stdout) as Json;
    assert.equal(j.signature.status, 'valid');
    assert.equal(j.data.mapping?.app.id, 'iomete');
    assert.equal(j.data.mapping?.nameId?.value, 'analyst@dataco.com');
    assert.deepEqual(j.findings.filter((f) => f.id.startsWith('mapping.')), []);
  });

  it('picks the app by audience when --app is absent', async () => {
    const r = await runCliCaptured(['inspect', await mint(), '--config', join(dir, 'iomete.sso.json'), '--json', '--offline']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.equal((JSON.parse(r.stdout) as Json).data.mapping?.app.id, 'iomete');
  });

  it('a wrong audience is an audience mismatch taken from the config: exit 1', async () => {
    const r = await runCliCaptured(['inspect', await mint({ audience: 'https://elsewhere.example/' }), '--config', join(dir, 'iomete.sso.json'), '--app', 'iomete', '--json', '--offline']);
    assert.equal(r.code, 1);
    assert.ok((JSON.parse(r.stdout) as Json).findings.some((f) => f.id === 'saml.audience-mismatch'));
  });

  it('a persistent NameID gives mapping.nameid-format-mismatch with its path (a warning: exit 0)', async () => {
    const r = await runCliCaptured(['inspect', await mint({ format: 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent' }), '--config', join(dir, 'iomete.sso.json'), '--app', 'iomete', '--json', '--offline']);
    assert.equal(r.code, 0);
    const f = (JSON.parse(r.stdout) as Json).findings.find((x) => x.id === 'mapping.nameid-format-mismatch');
    assert.deepEqual([f?.severity, f?.path], ['warning', '/providers/0/apps/0/nameId/format']);
  });

  it('text output shows the "Mapped through" section and the trace', async () => {
    const r = await runCliCaptured(['inspect', await mint(), '--config', join(dir, 'iomete.sso.json'), '--app', 'iomete', '--offline']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /== Mapped through iomete/);
    assert.match(r.stdout, /== Rule-by-rule trace/);
    assert.match(r.stdout, /✓ NameID format emailAddress/);
  });

  it('config errors exit 2 with a one-line reason', async () => {
    const token = await mint();
    const cases: Array<[string[], RegExp]> = [
      [['--config', join(dir, 'missing.sso.json'), '--app', 'iomete'], /cannot read it/],
      [['--config', join(dir, 'broken.sso.json'), '--app', 'iomete'], /not a valid SSO Lens config/],
      [['--config', join(dir, 'iomete.sso.json'), '--app', 'nope'], /no such app/],
      [['--app', 'iomete'], /--app needs --config/],
      [['--config', join(EXAMPLES, 'palette.sso.json')], /no app in the config has the artifact's audience/],
    ];
    for (const [args, reason] of cases) {
      const r = await runCliCaptured(['inspect', token, ...args, '--json', '--offline']);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.stderr, reason);
      assert.equal(r.stderr.trim().split('\n').length, 1);
      assert.ok('error' in (JSON.parse(r.stdout) as object));
    }
  });

  it('a certificate file the config names but that is missing is a config error (exit 2), not silently untrusted', async () => {
    const copy = join(dir, 'nocert');
    mkdirSync(copy);
    cpSync(join(EXAMPLES, 'iomete.sso.json'), join(copy, 'iomete.sso.json'));
    const r2 = await runCliCaptured(['inspect', await mint(), '--config', join(copy, 'iomete.sso.json'), '--app', 'iomete', '--offline']);
    assert.equal(r2.code, 2);
    assert.match(r2.stderr, /cannot read certs\/entra-iomete-signing.cer/);
  });
});

describe('sso-lens personas', () => {
  it('prints who lands where and exits 1 when a persona hits an error finding (the Palette guide as published)', async () => {
    const r = await runCliCaptured(['personas', join(FIXTURES, 'palette-as-published.sso.json')]);
    assert.equal(r.code, 1);
    // Teams named by a group object ID read with the group's name beside the ID.
    assert.match(r.stdout, /external: teams palette_tenant_admins \(e3ac07cc-bd12-4edc-92a4-983d783153ba\), k8s_cluster_admins \(3f33c3a5-e0af-4ef6-9671-c7545fe264f3\)/);
    assert.match(r.stdout, /mapping\.group-id-vs-name: team palette-tenant-admins/);
  });

  it('--json gives the rows; a clean setup exits 0', async () => {
    const r = await runCliCaptured(['personas', join(EXAMPLES, 'spark-keycloak.sso.json'), '--json']);
    assert.equal(r.code, 0);
    const j = JSON.parse(r.stdout) as { rows: Array<{ userId: string; mapping: { teams: string[] } }> };
    assert.deepEqual(j.rows.map((x) => [x.userId, x.mapping.teams]), [['test-account', ['tenant-admin']], ['analyst', ['user:teamA']]]);
  });

  it('an unknown app is a usage error', async () => {
    const r = await runCliCaptured(['personas', join(EXAMPLES, 'palette.sso.json'), '--app', 'nope']);
    assert.equal(r.code, 2);
  });
});
