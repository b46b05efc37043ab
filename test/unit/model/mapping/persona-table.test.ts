import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { SsoConfig } from '../../../../src/model/config-types';
import { parseJsonc } from '../../../../src/model/jsonc';
import { personaTable, type PersonaRow } from '../../../../src/model/mapping';
import { example, FIXTURES } from '../helpers';

/** "Sample personas": the config's test users, with synthesized claims, through the same analysis. */
const row = (rows: PersonaRow[], user: string) => rows.find((r) => r.userId === user);
const ids = (r: PersonaRow | undefined) => (r?.mapping.findings ?? []).map((f) => `${f.id} ${f.path ?? ''}`).sort();

describe('persona table', () => {
  it('Palette: each test user lands in the teams named by their groups object IDs', () => {
    const { rows } = personaTable(example('palette'));
    assert.deepEqual(rows.map((r) => r.userId), ['defaultprojectadmin', 'testuser', 'external', 'admin']);
    assert.deepEqual(row(rows, 'defaultprojectadmin')?.mapping.teams, ['88f61c49-1dd1-40c3-a820-68a513a38725']);
    assert.deepEqual(row(rows, 'external')?.mapping.teams, ['e3ac07cc-bd12-4edc-92a4-983d783153ba', '3f33c3a5-e0af-4ef6-9671-c7545fe264f3']);
    assert.deepEqual(row(rows, 'external')?.claims['groups'], ['e3ac07cc-bd12-4edc-92a4-983d783153ba', '3f33c3a5-e0af-4ef6-9671-c7545fe264f3']);
    assert.ok(ids(row(rows, 'testuser')).includes('mapping.no-team /providers/0/apps/0/defaultTeams'));
    // The admin account has no mail: Entra sends no email claim for it.
    assert.ok(ids(row(rows, 'admin')).includes('mapping.claim-missing /providers/0/apps/0/claimMapping/email'));
  });

  it('Palette as published: every user with groups hits group-id-vs-name on palette-tenant-admins', () => {
    const published = parseJsonc(readFileSync(join(FIXTURES, 'palette-as-published.sso.json'), 'utf8')) as SsoConfig;
    const { rows } = personaTable(published);
    for (const user of ['defaultprojectadmin', 'external', 'admin']) assert.ok(ids(row(rows, user)).includes('mapping.group-id-vs-name /providers/0/apps/0/teams/4/name'), user);
    assert.ok(!ids(row(rows, 'testuser')).includes('mapping.group-id-vs-name /providers/0/apps/0/teams/4/name'));
  });

  it('Palette with the guide\'s "starts with palette-" group filter on names: the filter drops palette_ groups', () => {
    const config = example('palette');
    const app = config.providers[0]?.apps?.[0];
    assert.ok(app?.groupsClaim);
    app.groupsClaim.filter = { attribute: 'displayName', match: 'prefix', value: 'palette-' };
    const { rows } = personaTable(config, 'palette');
    // The groups are named palette_… (underscore): nothing passes the filter, nobody lands anywhere.
    assert.deepEqual(row(rows, 'external')?.mapping.teams, []);
    assert.equal(row(rows, 'external')?.claims['groups'], undefined);
  });

  it('Spark via Keycloak: app roles → Advanced Claim to Group mappers → Spark groups', () => {
    const { rows } = personaTable(example('spark-keycloak'));
    assert.deepEqual(row(rows, 'test-account')?.mapping.teams, ['tenant-admin']);
    assert.deepEqual(row(rows, 'analyst')?.mapping.teams, ['user:teamA']);
    assert.deepEqual(ids(row(rows, 'analyst')), []);
  });

  it('Spark: a user not assigned to the app cannot sign in (assignment required)', () => {
    const config = example('spark-keycloak');
    config.providers[0]?.users?.push({ id: 'stranger', userPrincipalName: 'stranger@sparkcustomer.onmicrosoft.com', mail: 'stranger@sparkcustomer.com' });
    const r = row(personaTable(config, 'spark-keycloak').rows, 'stranger');
    assert.equal(r?.signIn, 'not-assigned');
    assert.deepEqual(r?.mapping.teams, []);
  });

  it('Exoscale: the staff member gets the IAM role, the outsider is denied', () => {
    const { rows } = personaTable(example('exoscale'));
    assert.equal(row(rows, 'staff')?.mapping.authorization?.roleId, 'dc097e90-4636-4d2a-a629-670ab4395209');
    assert.deepEqual(ids(row(rows, 'outsider')), ['mapping.authorization-denied /providers/0/apps/0/authorization/expression']);
  });

  it('IOMETE and Asset Panda: the NameID and email come out as configured', () => {
    const io = row(personaTable(example('iomete')).rows, 'analyst');
    assert.deepEqual(io?.nameId, { value: 'analyst@dataco.com', format: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress' });
    assert.deepEqual(ids(io), []);
    const ap = row(personaTable(example('assetpanda')).rows, 'manager');
    assert.equal(ap?.mapping.attributes.find((a) => a.name === 'email')?.value, 'pat@assets-corp.com');
  });

  it('an app id filter limits the table to that app', () => {
    assert.equal(personaTable(example('palette'), 'nope').rows.length, 0);
  });
});
