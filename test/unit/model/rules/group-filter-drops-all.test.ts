import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { KeycloakProvider, OidcApp, SsoConfig } from '../../../../src/model/config-types';
import { check, EXAMPLE_FILES, example, only } from '../helpers';

/**
 * config.group-filter-drops-all: Entra's group filter, or a Keycloak regex mapper, that keeps none of
 * the groups/roles the config knows. The Palette guide filters on "palette-" while its groups are
 * named palette_…: every group is dropped, and the filter with "_" is the fix.
 */
const ID = 'config.group-filter-drops-all';
const oidcApp = (c: SsoConfig): OidcApp => c.providers[0]?.apps?.[0] as OidcApp;
const realm = (c: SsoConfig): KeycloakProvider => c.providers[1] as KeycloakProvider;

describe('rule group-filter-drops-all', () => {
  it('Palette filtered on "palette-" (the guide\'s filter) drops all four groups: an error on the filter value, with "palette_" as the fix', () => {
    const c = example('palette');
    const g = oidcApp(c).groupsClaim;
    assert.ok(g);
    g.filter = { attribute: 'displayName', match: 'prefix', value: 'palette-' };
    const f = only(check(c), ID);
    assert.equal(f.length, 1);
    assert.equal(f[0]?.severity, 'error', 'the teams are fed from groups');
    assert.equal(f[0]?.path, '/providers/0/apps/0/groupsClaim/filter/value');
    assert.match(f[0]?.message ?? '', /displayName starts with "palette-"/);
    assert.match(f[0]?.message ?? '', /"palette_tenant_admins", "palette_default_project_admins", "k8s_cluster_admins", "k8s_cluster-editor"/);
    assert.deepEqual(f[0]?.fix, { title: 'Filter on "palette_"', kind: 'replace', path: '/providers/0/apps/0/groupsClaim/filter/value', value: 'palette_' });
  });

  it('a filter that keeps one group is fine, and so is the fixed one', () => {
    const c = example('palette');
    const g = oidcApp(c).groupsClaim;
    assert.ok(g);
    g.filter = { attribute: 'displayName', match: 'prefix', value: 'palette_' };
    assert.deepEqual(only(check(c), ID), []);
    g.filter = { attribute: 'displayName', match: 'suffix', value: '-editor' };
    assert.deepEqual(only(check(c), ID), []);
  });

  it('a filter on sAMAccountName for cloud-only groups (they have none) drops everything, with no fix to offer', () => {
    const c = example('palette');
    const g = oidcApp(c).groupsClaim;
    assert.ok(g);
    g.filter = { attribute: 'samAccountName', match: 'contains', value: 'palette' };
    const f = only(check(c), ID);
    assert.equal(f.length, 1);
    assert.equal(f[0]?.fix, undefined);
  });

  it('Spark: a regex mapper written with "_" matches none of the app roles Entra can send: a warning on the regex', () => {
    const c = example('spark-keycloak');
    const mapper = realm(c).identityProviders?.[0]?.mappers?.[3];
    assert.ok(mapper?.claims?.[0]);
    mapper.regex = true;
    mapper.claims[0].value = 'tenant_admin.*';
    const f = only(check(c), ID);
    assert.deepEqual(f.map((x) => `${x.severity} ${x.path}`), ['warning /providers/1/identityProviders/0/mappers/3/claims/0/value']);
    assert.match(f[0]?.message ?? '', /"tenant-admin", "supervisor:pf", "user:teamA", "user:teamB"/);
    mapper.claims[0].value = 'tenant-.*';
    assert.deepEqual(only(check(c), ID), []);
  });

  it("the guide's Okta half: a groups claim filtered on \"Starts with: palette-\" over groups named palette_…: a warning with the fix", () => {
    const c = example('palette');
    c.providers.push({
      id: 'okta-spectro',
      type: 'okta',
      domain: 'spectrocloud500.okta.com',
      groups: (c.providers[0]?.groups ?? []).map((g) => ({ id: g.id, displayName: g.displayName ?? g.id })),
      authorizationServers: [{ id: 'palette', issuer: 'https://spectrocloud500.okta.com/oauth2/aus1palette', claims: [{ name: 'groups', tokenType: 'id', alwaysInclude: true, valueType: 'groups', groupFilter: { match: 'startsWith', value: 'palette-' } }] }],
    });
    const f = only(check(c), ID);
    assert.deepEqual(f.map((x) => x.path), ['/providers/1/authorizationServers/0/claims/0/groupFilter/value']);
    assert.match(f[0]?.message ?? '', /group name starts with "palette-"\) drops every group/);
    assert.equal(f[0]?.fix?.value, 'palette_');
  });

  it('the examples have no such filter', () => {
    for (const file of EXAMPLE_FILES) assert.deepEqual(only(check(example(file.replace('.sso.json', ''))), ID), [], file);
  });
});
