import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../../src/decoders/inspect-options';
import type { JwtData } from '../../../../src/decoders/jwt/inspect-jwt';
import type { SsoConfig } from '../../../../src/model/config-types';
import { parseJsonc } from '../../../../src/model/jsonc';
import { analyzeMapping, pickApp, type MappingResult } from '../../../../src/model/mapping';
import { providerSigningKey, startOidcProvider, type OidcHarness } from '../../../builders/oidc-provider-harness';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { example, FIXTURES } from '../helpers';

/**
 * The two OIDC seeds (Palette, Exoscale): ID tokens issued by a real OpenID provider (oidc-provider)
 * carrying Entra-shaped claims — group object IDs, optional claims, overage — mapped through the
 * example configs, for a persona that maps and for each way it can fail.
 */
const PALETTE_CLIENT = '7d2e9b41-3c5a-4f86-b0e1-6a9c8d4f2e17';
const TENANT = '5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480';
const G = {
  tenantAdmins: 'e3ac07cc-bd12-4edc-92a4-983d783153ba',
  projectAdmins: '88f61c49-1dd1-40c3-a820-68a513a38725',
  clusterAdmins: '3f33c3a5-e0af-4ef6-9671-c7545fe264f3',
  clusterEditor: 'c4606295-e8b0-4df0-891b-de4428d7e54f',
};

let idp: OidcHarness;

const entraClaims = (extra: Record<string, unknown>): Record<string, unknown> => ({
  ver: '2.0',
  tid: TENANT,
  oid: '0b5e9f2a-6c1d-4a8b-9e3f-7d2c1a0b9e84',
  name: 'Jane Doe',
  preferred_username: 'jane.doe@example.com',
  email: 'jane.doe@example.com',
  ...extra,
});

async function token(claims: Record<string, unknown>): Promise<string> {
  idp.useClaims(claims);
  return idp.issueIdToken();
}

async function mapToken(jwt: string, config: SsoConfig, appId: string): Promise<MappingResult> {
  const r = await inspectArtifact(Buffer.from(jwt), defaultInspectOptions());
  assert.ok(r.ok);
  assert.equal(r.value.kind, 'jwt');
  const m = analyzeMapping(r.value, config, appId);
  assert.ok(m.ok, m.ok ? '' : m.message);
  return m.value;
}

const found = (m: MappingResult) => m.findings.map((f) => `${f.id} ${f.path ?? ''}`).sort();
const step = (m: MappingResult, rule: string) => m.trace.find((t) => t.rule.startsWith(rule));
const NAME_CLAIMS = ['mapping.claim-missing /providers/0/apps/0/claimMapping/firstName', 'mapping.claim-missing /providers/0/apps/0/claimMapping/lastName'];

describe('mapping analysis: Palette (OIDC, teams named by group object ID)', () => {
  before(async () => {
    idp = await startOidcProvider([await providerSigningKey('k1')], { clientId: PALETTE_CLIENT, claims: entraClaims({}) });
  });
  after(async () => idp.close());

  it('the token really carries what the provider issued: groups GUIDs and the optional claims', async () => {
    const jwt = await token(entraClaims({ groups: [G.tenantAdmins] }));
    const r = await inspectArtifact(Buffer.from(jwt), defaultInspectOptions());
    assert.ok(r.ok);
    const payload = (r.value.data as JwtData).payload;
    assert.deepEqual(payload['groups'], [G.tenantAdmins]);
    assert.equal(payload['aud'], PALETTE_CLIENT);
    // The app is picked by audience and issuer: this provider's issuer is not the tenant's.
    assert.equal(pickApp(r.value, example('palette')).ok, false);
    const config = example('palette');
    const app = config.providers[0]?.apps?.[0];
    assert.ok(app?.protocol === 'oidc');
    app.issuer = idp.issuer;
    assert.deepEqual(pickApp(r.value, config), { ok: true, appId: 'palette' });
  });

  it('a tenant admin lands in the teams named by their groups; u_first_name/u_last_name are missing (Okta claims in an Entra guide)', async () => {
    const m = await mapToken(await token(entraClaims({ groups: [G.tenantAdmins, G.clusterAdmins], given_name: 'Jane', family_name: 'Doe' })), example('palette'), 'palette');
    assert.deepEqual(m.teams, [G.tenantAdmins, G.clusterAdmins]);
    assert.deepEqual(m.memberships.find((t) => t.name === G.tenantAdmins)?.roles, ['Tenant Admin']);
    assert.deepEqual(found(m), NAME_CLAIMS);
    assert.equal(m.attributes.find((a) => a.name === 'email')?.value, 'jane.doe@example.com');
    // given_name is there: the why-not names it.
    assert.equal(step(m, 'firstName')?.whyNot, 'other-name');
    assert.match(step(m, 'firstName')?.why ?? '', /given_name/);
  });

  it('no email optional claim: claim-missing on claimMapping/email', async () => {
    const claims = entraClaims({ groups: [G.projectAdmins] });
    delete claims['email'];
    const m = await mapToken(await token(claims), example('palette'), 'palette');
    assert.deepEqual(m.teams, [G.projectAdmins]);
    assert.deepEqual(found(m), ['mapping.claim-missing /providers/0/apps/0/claimMapping/email', ...NAME_CLAIMS]);
  });

  it('a user in no group: no groups claim, no team, no default team', async () => {
    const m = await mapToken(await token(entraClaims({})), example('palette'), 'palette');
    assert.deepEqual(m.teams, []);
    assert.deepEqual(found(m), [...NAME_CLAIMS, 'mapping.no-team /providers/0/apps/0/defaultTeams'].sort());
  });

  it('a default team catches users no team matched', async () => {
    const config = example('palette');
    const app = config.providers[0]?.apps?.[0];
    assert.ok(app);
    app.defaultTeams = ['viewers'];
    const m = await mapToken(await token(entraClaims({ groups: ['11111111-2222-4333-8444-555555555555'] })), config, 'palette');
    assert.deepEqual(m.teams, ['viewers']);
    assert.deepEqual(found(m), [...NAME_CLAIMS, 'mapping.unmatched-group /providers/0/apps/0/teams'].sort());
  });

  it('the guide as published: GUIDs sent to a team named palette-tenant-admins is group-id-vs-name on that team', async () => {
    const published = parseJsonc(readFileSync(join(FIXTURES, 'palette-as-published.sso.json'), 'utf8')) as SsoConfig;
    const m = await mapToken(await token(entraClaims({ groups: [G.tenantAdmins, G.clusterEditor] })), published, 'palette');
    assert.deepEqual(m.teams, [G.tenantAdmins, G.clusterEditor], 'the GUID-named teams still match');
    assert.deepEqual(found(m), [...NAME_CLAIMS, 'mapping.group-id-vs-name /providers/0/apps/0/teams/4/name'].sort());
    assert.equal(step(m, 'team palette-tenant-admins')?.whyNot, 'guid-vs-name');
    assert.match(step(m, 'team palette-tenant-admins')?.why ?? '', /palette_tenant_admins, which the user is in/);
  });

  it('names sent where teams are named by GUID (the reverse): group-id-vs-name on the GUID-named teams', async () => {
    const m = await mapToken(await token(entraClaims({ groups: ['palette_tenant_admins'] })), example('palette'), 'palette');
    assert.deepEqual(m.teams, []);
    assert.deepEqual(found(m), [
      ...NAME_CLAIMS,
      'mapping.group-id-vs-name /providers/0/apps/0/teams/0/name',
      'mapping.group-id-vs-name /providers/0/apps/0/teams/1/name',
      'mapping.group-id-vs-name /providers/0/apps/0/teams/2/name',
      'mapping.group-id-vs-name /providers/0/apps/0/teams/3/name',
      'mapping.no-team /providers/0/apps/0/defaultTeams',
      'mapping.unmatched-group /providers/0/apps/0/teams',
    ].sort());
  });

  it('a team id that differs only in case does not match exactly', async () => {
    const m = await mapToken(await token(entraClaims({ groups: [G.tenantAdmins.toUpperCase()] })), example('palette'), 'palette');
    assert.deepEqual(m.teams, []);
    assert.equal(step(m, `team ${G.tenantAdmins}`)?.whyNot, 'case-or-whitespace');
  });

  it('groups overage (_claim_names/_claim_sources): overage-unresolved with the remedy', async () => {
    const m = await mapToken(
      await token(entraClaims({ _claim_names: { groups: 'src1' }, _claim_sources: { src1: { endpoint: `https://graph.windows.net/${TENANT}/users/0b5e9f2a-6c1d-4a8b-9e3f-7d2c1a0b9e84/getMemberObjects` } } })),
      example('palette'),
      'palette',
    );
    assert.deepEqual(m.teams, []);
    assert.deepEqual(found(m), [...NAME_CLAIMS, 'mapping.no-team /providers/0/apps/0/defaultTeams', 'mapping.overage-unresolved /providers/0/apps/0/groupsClaim'].sort());
    const msg = m.findings.find((f) => f.id === 'mapping.overage-unresolved')?.message ?? '';
    assert.match(msg, /Groups assigned to the application/);
    assert.match(msg, /Microsoft Graph/);
    assert.equal(step(m, `team ${G.tenantAdmins}`)?.whyNot, 'overage');
  });

  it('hasgroups (implicit flow overage) is overage too', async () => {
    const m = await mapToken(await token(entraClaims({ hasgroups: true })), example('palette'), 'palette');
    assert.ok(found(m).includes('mapping.overage-unresolved /providers/0/apps/0/groupsClaim'));
  });
});

describe('mapping analysis: Exoscale (OIDC, CEL authorization evaluated for real)', () => {
  const EXO_CLIENT = 'c8e1f2a3-4b5c-4d6e-8f70-91a2b3c4d5e6';
  before(async () => {
    idp = await startOidcProvider([await providerSigningKey('k2')], { clientId: EXO_CLIENT, claims: entraClaims({}) });
  });
  after(async () => idp.close());

  it('an @exoscale.com address gets the IAM role the expression returns', async () => {
    const m = await mapToken(await token(entraClaims({ email: 'ada@exoscale.com' })), example('exoscale'), 'exoscale');
    assert.equal(m.authorization?.outcome, 'granted');
    assert.equal(m.authorization?.roleId, 'dc097e90-4636-4d2a-a629-670ab4395209');
    assert.deepEqual(found(m), []);
  });

  it('another domain: the expression returns false and access is denied', async () => {
    const m = await mapToken(await token(entraClaims({ email: 'bob@example.org' })), example('exoscale'), 'exoscale');
    assert.equal(m.authorization?.outcome, 'denied');
    assert.equal(m.authorization?.returned, 'false');
    assert.deepEqual(found(m), ['mapping.authorization-denied /providers/0/apps/0/authorization/expression']);
  });

  it('no email claim: the expression errors, the claim is missing and access is denied', async () => {
    const claims = entraClaims({});
    delete claims['email'];
    const m = await mapToken(await token(claims), example('exoscale'), 'exoscale');
    assert.equal(m.authorization?.outcome, 'error');
    assert.deepEqual(found(m), ['mapping.authorization-denied /providers/0/apps/0/authorization/expression', 'mapping.claim-missing /providers/0/apps/0/authorization/expression']);
  });

  it('an expression returning something that is not a role UUID denies', async () => {
    const config = example('exoscale');
    const app = config.providers[0]?.apps?.[0];
    assert.ok(app?.protocol === 'oidc' && app.authorization);
    app.authorization.expression = "email.endsWith('@exoscale.com') ? 'admin' : false";
    const m = await mapToken(await token(entraClaims({ email: 'ada@exoscale.com' })), config, 'exoscale');
    assert.equal(m.authorization?.outcome, 'denied');
    assert.match(m.authorization?.message ?? '', /not an IAM role UUID/);
  });
});
