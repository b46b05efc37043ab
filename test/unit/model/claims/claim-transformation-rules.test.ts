/**
 * Transformations Entra would refuse, found in the config before anyone signs in; and transformed values
 * reaching the next hop (Keycloak's mappers) in the persona table.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SamlApp } from '../../../../src/model/config-types';
import { personaTable } from '../../../../src/model/mapping';
import { check, example, only } from '../helpers';

const ROLE = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';

function sparkApp(config = example('spark-keycloak')): { config: ReturnType<typeof example>; app: SamlApp } {
  const app = config.providers[0]?.apps?.[0] as SamlApp;
  return { config, app };
}

describe('claim transformation rules', () => {
  it('the examples have no transformation findings', () => {
    for (const name of ['palette', 'spark-keycloak', 'iomete', 'assetpanda', 'exoscale']) {
      assert.deepEqual(only(check(example(name)), 'config.claim-transformation-invalid'), [], name);
    }
  });

  it('three transformations, a NameID transformation Entra does not allow, a missing parameter, an unknown placeholder, an unknown scoped group', () => {
    const { config, app } = sparkApp();
    const claims = app.claims ?? [];
    claims[0] = { ...claims[0]!, transformations: [{ method: 'ToLowercase' }, { method: 'ToUppercase' }, { method: 'ExtractMailPrefix' }] };
    claims[1] = { ...claims[1]!, transformations: [{ method: 'Contains', value: '@contoso.com' }] };
    claims[2] = { ...claims[2]!, transformations: [{ method: 'RegexReplace', regexPattern: "(?'alias'^[^@]+)@", replacementPattern: '{alias}.{dept}' }] };
    claims[3] = { ...claims[3]!, conditions: [{ userType: 'members', groups: ['no-such-group'], source: 'user.mail' }] };
    app.nameId = { ...(app.nameId ?? {}), transformations: [{ method: 'ToUppercase' }] };
    const paths = only(check(config), 'config.claim-transformation-invalid').map((f) => f.path);
    assert.deepEqual(paths, [
      '/providers/0/apps/0/claims/0/transformations/2',
      '/providers/0/apps/0/claims/1/transformations/0',
      '/providers/0/apps/0/claims/2/transformations/0/replacementPattern',
      '/providers/0/apps/0/claims/3/conditions/0/groups/0',
      '/providers/0/apps/0/nameId/transformations/0/method',
    ]);
  });

  it('persona table: a role claim upper-cased by a transformation no longer matches the Keycloak mappers', () => {
    const { config, app } = sparkApp();
    const roles = (app.claims ?? []).find((c) => c.name === 'roles');
    assert.ok(roles);
    // A custom claim with the role attribute's name, transformed: what Keycloak's mappers read changes.
    app.claims?.push({ name: 'role', namespace: 'http://schemas.microsoft.com/ws/2008/06/identity/claims', source: 'user.assignedroles', transformations: [{ method: 'ToUppercase', treatAsMultiValued: true }] });
    const row = personaTable(config).rows.find((r) => r.userId === 'analyst');
    assert.deepEqual(row?.claims[ROLE], ['USER:TEAMA']);
    assert.deepEqual(row?.mapping.teams, []);
  });

  it('NameID: ExtractMailPrefix on the mail; an empty result becomes a persistent pairwise identifier', () => {
    const { config, app } = sparkApp();
    app.nameId = { format: 'unspecified', source: 'user.mail', transformations: [{ method: 'ExtractMailPrefix' }] };
    const analyst = personaTable(config).rows.find((r) => r.userId === 'analyst');
    assert.ok(analyst?.nameId && !analyst.nameId.value.includes('@'), 'the mail prefix, without the domain');
    app.nameId = { format: 'unspecified', source: 'user.employeeid', transformations: [{ method: 'ExtractMailPrefix' }] };
    const pairwise = personaTable(config).rows.find((r) => r.userId === 'analyst');
    assert.match(pairwise?.nameId?.value ?? '', /^pairwise:/);
    assert.equal(pairwise?.nameId?.format, 'urn:oasis:names:tc:SAML:2.0:nameid-format:persistent');
  });
});
