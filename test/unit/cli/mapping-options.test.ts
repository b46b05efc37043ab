import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { KeycloakProvider, OidcApp, SamlApp, SsoConfig } from '../../../src/model/config-types';
import { runCliCaptured } from '../../builders/cli-io';
import { providerSigningKey, startOidcProvider, type OidcHarness } from '../../builders/oidc-provider-harness';
import { makeSamlKeys, mintSamlResponse } from '../../builders/samlify-minter';
import { EXAMPLES, example } from '../model/helpers';

/**
 * The CLI side of the mapping guards: `--login first|later` on `personas` and `inspect --config`
 * (Spark via Keycloak), and `inspect --config` on a token issued for another client (Exoscale):
 * `data.mapping.accepted` is false and the text report never says "granted".
 */
interface Persona {
  userId: string;
  mapping: { teams: string[]; keycloakLogin?: string };
}
let dir: string;
let idp: OidcHarness;

function write(name: string, config: SsoConfig): string {
  const file = join(dir, name);
  writeFileSync(file, JSON.stringify(config));
  return file;
}

describe('sso-lens personas / inspect: --login and rejected artifacts', () => {
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'sso-lens-login-'));
    idp = await startOidcProvider([await providerSigningKey('k-cli')], { clientId: 'some-other-client', claims: { email: 'ada@exoscale.com', tid: '2d4f6a8c-1b3e-4c5d-9e7f-0a2b4c6d8e1f' } });
  });
  after(async () => {
    await idp.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('personas --login later on Spark with mappers left on Inherit (LEGACY): the test account lands in no group; --login first: tenant-admin', async () => {
    const c = example('spark-keycloak');
    for (const m of (c.providers[1] as KeycloakProvider).identityProviders?.[0]?.mappers ?? []) delete m.syncMode;
    const file = write('spark-inherit.sso.json', c);
    const row = async (login: string): Promise<Persona | undefined> => {
      const r = await runCliCaptured(['personas', file, '--app', 'spark-keycloak', '--login', login, '--json']);
      return (JSON.parse(r.stdout) as { rows: Persona[] }).rows.find((x) => x.userId === 'test-account');
    };
    assert.deepEqual((await row('first'))?.mapping.teams, ['tenant-admin']);
    const later = await row('later');
    assert.deepEqual(later?.mapping.teams, []);
    assert.equal(later?.mapping.keycloakLogin, 'later');
  });

  it('the Spark example as it is (FORCE) maps the same either way', async () => {
    for (const login of ['first', 'later']) {
      const r = await runCliCaptured(['personas', join(EXAMPLES, 'spark-keycloak.sso.json'), '--login', login]);
      assert.match(r.stdout, /test-account: teams tenant-admin/, login);
    }
  });

  it('inspect --config --login on a samlify response through Spark (mappers on Inherit): the group only at the first login', async () => {
    const keys = await makeSamlKeys();
    const spark = join(dir, 'spark');
    mkdirSync(join(spark, 'certs'), { recursive: true });
    cpSync(join(EXAMPLES, 'certs'), join(spark, 'certs'), { recursive: true });
    cpSync(join(EXAMPLES, 'metadata'), join(spark, 'metadata'), { recursive: true });
    // The config's Entra signing certificate is this test's IdP certificate.
    writeFileSync(join(spark, 'certs', 'entra-spark-signing.cer'), keys.cert);
    const c = example('spark-keycloak');
    for (const m of (c.providers[1] as KeycloakProvider).identityProviders?.[0]?.mappers ?? []) delete m.syncMode;
    const config = join(spark, 'spark.sso.json');
    writeFileSync(config, JSON.stringify(c));
    const app = c.providers[0]?.apps?.[0] as SamlApp;
    const response = join(spark, 'response.b64');
    writeFileSync(response, await mintSamlResponse({ keys, issuer: 'https://sts.windows.net/4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0/', audience: app.identifiers[0] ?? '', acs: app.replyUrls[0] ?? '', nameId: 'spark.test@sparkcustomer.com', attributes: [['http://schemas.microsoft.com/ws/2008/06/identity/claims/role', ['tenant-admin']]] }));
    const run = async (login: string): Promise<{ accepted: boolean; teams: string[]; keycloakLogin?: string }> => {
      const r = await runCliCaptured(['inspect', response, '--config', config, '--app', 'spark-keycloak', '--login', login, '--offline', '--json']);
      return (JSON.parse(r.stdout) as { data: { mapping: { accepted: boolean; teams: string[]; keycloakLogin?: string } } }).data.mapping;
    };
    const first = await run('first');
    assert.equal(first.accepted, true);
    assert.deepEqual([first.teams, first.keycloakLogin], [['tenant-admin'], 'first']);
    const later = await run('later');
    assert.deepEqual([later.teams, later.keycloakLogin], [[], 'later']);
  });

  it('--login takes first or later, and needs --config on inspect: usage errors', async () => {
    const bad = await runCliCaptured(['personas', join(EXAMPLES, 'spark-keycloak.sso.json'), '--login', 'second']);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--login takes first or later/);
    const noConfig = await runCliCaptured(['inspect', join(EXAMPLES, 'tokens', 'entra-v2-id-token.jwt'), '--login', 'later']);
    assert.equal(noConfig.code, 2);
    assert.match(noConfig.stderr, /--login needs --config/);
  });

  it('Exoscale: a token for another client is rejected; data.mapping says so and the text shows no grant', async () => {
    const c = example('exoscale');
    (c.providers[0]?.apps?.[0] as OidcApp).issuer = idp.issuer;
    const config = write('exoscale.sso.json', c);
    const token = join(dir, 'token.jwt');
    writeFileSync(token, await idp.issueIdToken());
    const json = await runCliCaptured(['inspect', token, '--config', config, '--app', 'exoscale', '--offline', '--json']);
    assert.equal(json.code, 1);
    const j = JSON.parse(json.stdout) as { findings: Array<{ id: string }>; data: { mapping: { accepted: boolean; rejectedBy: Array<{ id: string }>; authorization: { outcome: string; wouldBe: string } } } };
    assert.ok(j.findings.some((f) => f.id === 'jwt.audience-mismatch'));
    assert.equal(j.data.mapping.accepted, false);
    assert.deepEqual(j.data.mapping.rejectedBy.map((r) => r.id), ['jwt.audience-mismatch']);
    assert.deepEqual([j.data.mapping.authorization.outcome, j.data.mapping.authorization.wouldBe], ['rejected', 'granted']);
    const text = await runCliCaptured(['inspect', token, '--config', config, '--app', 'exoscale', '--offline']);
    assert.match(text.stdout, /Sign-in\s+rejected: the token fails validation/);
    assert.match(text.stdout, /Authorization\s+rejected: would be granted/);
    assert.doesNotMatch(text.stdout, /Authorization\s+granted/);
  });
});
