/**
 * "Sample personas" as the report view and `sso-lens personas` show them, on the seed examples.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { personaTable } from '../../../src/model/mapping';
import { presentPersonas } from '../../../src/present/present-personas';
import { example } from '../model/helpers';

describe('presentPersonas', () => {
  test('Palette: one row per test user, where each lands, errors marked', () => {
    const sections = presentPersonas(personaTable(example('palette'), 'palette'));
    assert.deepEqual(sections.map((s) => s.title), ['Sample personas → palette']);
    const rows = sections[0]?.rows ?? [];
    assert.deepEqual(rows.map((r) => r.label), ['defaultprojectadmin', 'Test User', 'Jane Doe', 'Tenant Admin']);
    const admin = rows.find((r) => r.label === 'Tenant Admin');
    assert.equal(admin?.value, 'teams palette_tenant_admins (e3ac07cc-bd12-4edc-92a4-983d783153ba), k8s_cluster-editor (c4606295-e8b0-4df0-891b-de4428d7e54f)', 'the group names beside the GUID team names');
    const nobody = rows.find((r) => r.label === 'Test User');
    assert.equal(nobody?.value, 'no team');
    assert.equal(nobody?.tone, 'bad');
    assert.match(nobody?.note ?? '', /error mapping\.no-team/);
    const figures = sections[0]?.figures ?? [];
    assert.deepEqual(figures.map((f) => f.caption), ['defaultprojectadmin: teams palette_default_project_admins (88f61c49-1dd1-40c3-a820-68a513a38725)', 'Test User: no team', 'Jane Doe: teams palette_tenant_admins (e3ac07cc-bd12-4edc-92a4-983d783153ba), k8s_cluster_admins (3f33c3a5-e0af-4ef6-9671-c7545fe264f3)', 'Tenant Admin: ' + (admin?.value ?? '')]);
    assert.ok(figures.every((f) => !f.open), 'one folded diagram per persona');
  });

  test('an app without teams says the user signs in, not "no team"', () => {
    const rows = presentPersonas(personaTable(example('iomete'))).flatMap((s) => s.rows);
    assert.ok(rows.length > 0);
    for (const r of rows) assert.doesNotMatch(r.value, /^no team|; no team/);
    assert.ok(rows.every((r) => r.value.includes('signs in')), rows.map((r) => r.value).join(' | '));
  });

  test('Exoscale: the IAM role granted, or access denied', () => {
    const rows = presentPersonas(personaTable(example('exoscale'))).flatMap((s) => s.rows);
    assert.ok(rows.some((r) => /^IAM role [0-9a-f-]{36}$/.test(r.value)), rows.map((r) => r.value).join(' | '));
    const denied = rows.find((r) => r.value === 'access denied');
    assert.equal(denied?.tone, 'bad');
  });

  test('a config without test users says how to add them', () => {
    const config = example('palette');
    for (const p of config.providers) delete p.users;
    const sections = presentPersonas(personaTable(config));
    assert.match(sections[0]?.rows[0]?.value ?? '', /no test users/);
  });
});
