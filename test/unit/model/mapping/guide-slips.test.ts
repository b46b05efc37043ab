import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { inspectArtifact } from '../../../../src/decoders/inspect';
import { defaultInspectOptions } from '../../../../src/decoders/inspect-options';
import { keyFromCertificate } from '../../../../src/decoders/keys/load-trust';
import type { KeycloakProvider, OidcApp, SamlApp, SsoConfig } from '../../../../src/model/config-types';
import { analyzeMapping, keycloakLoginMatters, personaTable, type MappingResult } from '../../../../src/model/mapping';
import { personaOutcome } from '../../../../src/present/present-personas';
import { providerSigningKey, startOidcProvider, type OidcHarness } from '../../../builders/oidc-provider-harness';
import { makeSamlKeys, mintSamlResponse } from '../../../builders/samlify-minter';
import { example } from '../helpers';

/**
 * The mapping slips the vendor guides invite, simulated on the examples: a group filter that drops
 * every group (on a persona and on a real token), group names written with other separators
 * (Palette's k8s_cluster-editor), Asset Panda's "Enable for selected domains", and Keycloak's first
 * vs later broker login (Spark).
 */
const PALETTE_CLIENT = '7d2e9b41-3c5a-4f86-b0e1-6a9c8d4f2e17';
const TENANT = '5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480';
const palette = (c: SsoConfig): OidcApp => c.providers[0]?.apps?.[0] as OidcApp;
const found = (m: MappingResult) => m.findings.map((f) => `${f.id} ${f.path ?? ''}`).sort();
let idp: OidcHarness;

async function mapToken(claims: Record<string, unknown>, config: SsoConfig, appId: string): Promise<MappingResult> {
  idp.useClaims({ tid: TENANT, oid: '0b5e9f2a-6c1d-4a8b-9e3f-7d2c1a0b9e84', email: 'admin@SpectroCloud500.onmicrosoft.com', ...claims });
  const r = await inspectArtifact(Buffer.from(await idp.issueIdToken()), defaultInspectOptions());
  assert.ok(r.ok);
  const m = analyzeMapping(r.value, config, appId);
  assert.ok(m.ok, m.ok ? '' : m.message);
  return m.value;
}

/** Palette with the guide's Okta-half filter "starts with palette-" on Entra's group claim. */
function paletteFiltered(): SsoConfig {
  const c = example('palette');
  const g = palette(c).groupsClaim;
  assert.ok(g);
  g.filter = { attribute: 'displayName', match: 'prefix', value: 'palette-' };
  return c;
}

describe('mapping slips: Palette (oidc-provider tokens and personas)', () => {
  before(async () => {
    idp = await startOidcProvider([await providerSigningKey('k-pal')], { clientId: PALETTE_CLIENT, claims: {} });
  });
  after(async () => idp.close());

  it('persona: the filter dropped every group of the tenant admin, named in a finding on the filter', () => {
    const row = personaTable(paletteFiltered(), 'palette').rows.find((r) => r.userId === 'admin');
    assert.ok(row);
    const f = row.mapping.findings.find((x) => x.id === 'mapping.group-filter-drops-all');
    assert.equal(f?.path, '/providers/0/apps/0/groupsClaim/filter/value');
    assert.match(f?.message ?? '', /displayName starts with "palette-"\) drops the user's groups \("palette_tenant_admins", "k8s_cluster-editor"\)/);
    assert.ok(row.mapping.findings.some((x) => x.id === 'mapping.no-team'));
  });

  it('a token with no groups claim, the filter dropping the groups the teams are fed from: the same finding', async () => {
    const m = await mapToken({}, paletteFiltered(), 'palette');
    assert.ok(found(m).includes('mapping.group-filter-drops-all /providers/0/apps/0/groupsClaim/filter/value'));
    assert.equal(m.trace.find((t) => t.rule.startsWith('group filter'))?.fired, false);
  });

  it('without a filter, a token with no groups is only "no team" (the user is in no group)', async () => {
    const m = await mapToken({}, example('palette'), 'palette');
    assert.ok(!found(m).some((f) => f.startsWith('mapping.group-filter-drops-all')));
  });

  it('teams named by display name with "_" where the group is k8s_cluster-editor: a near miss across separators', async () => {
    const c = example('palette');
    const app = palette(c);
    // Cloud display names: "Groups assigned to the application" with the groups assigned.
    app.groupsClaim = { membership: ['ApplicationGroup'], idToken: { format: 'cloudDisplayName' } };
    app.assignments = [{ group: 'palette_tenant_admins' }, { group: 'k8s_cluster-editor' }];
    app.teams = [
      { name: 'palette_tenant_admins', roles: ['Tenant Admin'] },
      { name: 'k8s_cluster_editor' },
    ];
    const m = await mapToken({ groups: ['palette_tenant_admins', 'k8s_cluster-editor'] }, c, 'palette');
    assert.deepEqual(m.teams, ['palette_tenant_admins']);
    const step = m.trace.find((t) => t.rule.startsWith('team k8s_cluster_editor'));
    assert.equal(step?.whyNot, 'separator');
    assert.match(step?.why ?? '', /"k8s_cluster-editor": it differs from "k8s_cluster_editor" only in separators/);
    assert.ok(found(m).includes('mapping.near-miss /providers/0/apps/0/teams/1/name'), found(m).join('\n'));
  });

  it('a team name that differs in separators and case is still named as a near miss', async () => {
    const c = example('palette');
    const app = palette(c);
    app.groupsClaim = { membership: ['ApplicationGroup'], idToken: { format: 'cloudDisplayName' } };
    app.assignments = [{ group: 'k8s_cluster-editor' }];
    app.teams = [{ name: 'K8s-Cluster-Editor' }];
    const m = await mapToken({ groups: ['k8s_cluster-editor'] }, c, 'palette');
    assert.match(m.trace.find((t) => t.rule.startsWith('team K8s'))?.why ?? '', /only in separators \(-, _, \.\) and case/);
  });
});

describe('mapping slips: Asset Panda "Enable for selected domains"', () => {
  const withGuest = (): SsoConfig => {
    const c = example('assetpanda');
    c.providers[0]?.users?.push({ id: 'guest', userPrincipalName: 'guest_other.com#EXT#@assets-corp.onmicrosoft.com', mail: 'guest@other.com', guest: true, groups: ['asset-managers'] });
    return c;
  };

  it('persona: guest@other.com is refused with a finding on the domains; the member signs in', () => {
    const rows = personaTable(withGuest(), 'assetpanda').rows;
    const guest = rows.find((r) => r.userId === 'guest');
    const manager = rows.find((r) => r.userId === 'manager');
    assert.ok(guest && manager);
    assert.deepEqual(found(guest.mapping), ['mapping.sso-not-enabled /providers/0/apps/0/serviceProvider/enablement/domains']);
    assert.equal(guest.mapping.access?.allowed, false);
    assert.match(personaOutcome(guest), /^sign-in refused: Asset Panda Pro enables SSO only for assets-corp\.com; guest@other\.com is in other\.com/);
    assert.equal(manager.mapping.access?.allowed, true);
    assert.deepEqual(found(manager.mapping), []);
  });

  it('a samlify-minted response for the guest: refused the same way', async () => {
    const keys = await makeSamlKeys();
    const c = withGuest();
    const app = c.providers[0]?.apps?.[0] as SamlApp;
    const b64 = await mintSamlResponse({ keys, issuer: 'https://sts.windows.net/9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b/', audience: app.identifiers[0] ?? '', acs: app.replyUrls[0] ?? '', nameId: 'guest@other.com', attributes: [['http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress', ['guest@other.com']]] });
    const r = await inspectArtifact(Buffer.from(b64), defaultInspectOptions({ trust: { keys: [keyFromCertificate(new X509Certificate(keys.cert), 'idp.crt')] } }));
    assert.ok(r.ok);
    const m = analyzeMapping(r.value, c, 'assetpanda');
    assert.ok(m.ok);
    assert.deepEqual(found(m.value), ['mapping.sso-not-enabled /providers/0/apps/0/serviceProvider/enablement/domains']);
  });

  it('SSO disabled for all users refuses everyone at the mode', () => {
    const c = withGuest();
    const app = c.providers[0]?.apps?.[0] as SamlApp;
    app.serviceProvider = { ...app.serviceProvider, enablement: { mode: 'disabled' } };
    const manager = personaTable(c, 'assetpanda').rows.find((r) => r.userId === 'manager');
    assert.deepEqual(found(manager?.mapping as MappingResult), ['mapping.sso-not-enabled /providers/0/apps/0/serviceProvider/enablement/mode']);
  });
});

describe('mapping slips: Keycloak first vs later broker login (Spark)', () => {
  const realm = (c: SsoConfig): KeycloakProvider => c.providers[1] as KeycloakProvider;
  const testAccount = (c: SsoConfig, firstBrokerLogin: boolean): MappingResult => {
    const row = personaTable(c, 'spark-keycloak', { firstBrokerLogin }).rows.find((r) => r.userId === 'test-account');
    assert.ok(row);
    return row.mapping;
  };

  it('the example (FORCE mappers) maps the same on a first and a later login', () => {
    assert.deepEqual(testAccount(example('spark-keycloak'), true).teams, ['tenant-admin']);
    assert.deepEqual(testAccount(example('spark-keycloak'), false).teams, ['tenant-admin']);
    assert.equal(testAccount(example('spark-keycloak'), false).keycloakLogin, 'later');
  });

  it('a regex mapper written with "_" matches none of the roles a samlify response sends: every value dropped, named on the regex', async () => {
    const keys = await makeSamlKeys();
    const c = example('spark-keycloak');
    const mappers = realm(c).identityProviders?.[0]?.mappers ?? [];
    // Every role mapper as one regex mapper, written the way the group is not named.
    mappers.splice(3, 5, { name: 'roles', type: 'advanced-claim-to-group', syncMode: 'FORCE', claims: [{ key: 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role', value: 'tenant_admin|supervisor_pf' }], regex: true, group: 'tenant-admin' });
    const app = c.providers[0]?.apps?.[0] as SamlApp;
    const b64 = await mintSamlResponse({ keys, issuer: 'https://sts.windows.net/4a3b2c1d-0e9f-4a8b-b7c6-d5e4f3a2b1c0/', audience: app.identifiers[0] ?? '', acs: app.replyUrls[0] ?? '', nameId: 'spark.test@sparkcustomer.com', attributes: [['http://schemas.microsoft.com/ws/2008/06/identity/claims/role', ['tenant-admin', 'supervisor:pf']]] });
    const r = await inspectArtifact(Buffer.from(b64), defaultInspectOptions({ trust: { keys: [keyFromCertificate(new X509Certificate(keys.cert), 'idp.crt')] } }));
    assert.ok(r.ok);
    const m = analyzeMapping(r.value, c, 'spark-keycloak');
    assert.ok(m.ok);
    const f = m.value.findings.find((x) => x.id === 'mapping.group-filter-drops-all');
    assert.equal(f?.path, '/providers/1/identityProviders/0/mappers/3/claims/0/value');
    assert.match(f?.message ?? '', /\/tenant_admin\|supervisor_pf\/ on http:\/\/schemas\.microsoft\.com\/ws\/2008\/06\/identity\/claims\/role matched none of the 2 values sent \("tenant-admin", "supervisor:pf"\)/);
  });

  it('mappers left on "Inherit" (the broker defaults to LEGACY): the group comes only with the first login', () => {
    const c = example('spark-keycloak');
    assert.equal(keycloakLoginMatters(c, 'spark-keycloak'), false, 'FORCE everywhere: the UI does not ask');
    for (const m of realm(c).identityProviders?.[0]?.mappers ?? []) delete m.syncMode;
    assert.equal(keycloakLoginMatters(c, 'spark-keycloak'), true, 'now the UI asks first or later');
    assert.equal(keycloakLoginMatters(c, 'another-app'), false);
    assert.deepEqual(testAccount(c, true).teams, ['tenant-admin']);
    const later = testAccount(c, false);
    assert.deepEqual(later.teams, []);
    assert.equal(later.trace.find((t) => t.rule.startsWith('tenant-admin (advanced'))?.whyNot, 'not-applicable');
  });
});
