/** The Providers tree shows the config's names beside group IDs: team labels, team and mapper tooltips. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildConfigTree, type ConfigTreeNode } from '../../../src/model/config-tree';
import { validateConfigText } from '../../../src/model/validate-config';
import { EXAMPLES, NOW, readFrom } from './helpers';

function nodes(file: string): ConfigTreeNode[] {
  const v = validateConfigText(readFileSync(join(EXAMPLES, file), 'utf8'), { now: NOW, readFile: readFrom(EXAMPLES) });
  assert.ok(v.index, `${file} is a config`);
  const all: ConfigTreeNode[] = [];
  const walk = (n: ConfigTreeNode): void => {
    all.push(n);
    n.children.forEach(walk);
  };
  buildConfigTree(v.index, v.findings).forEach(walk);
  return all;
}

test('a Palette team named by a group object ID is labelled with the group name beside the ID', () => {
  const teams = nodes('palette.sso.json').filter((n) => n.kind === 'team');
  const admins = teams.find((n) => n.label.includes('e3ac07cc-bd12-4edc-92a4-983d783153ba'));
  assert.ok(admins, teams.map((t) => t.label).join(' | '));
  assert.equal(admins.label, 'palette_tenant_admins (e3ac07cc-bd12-4edc-92a4-983d783153ba)');
  assert.equal(admins.description, '← group palette_tenant_admins');
  assert.match(admins.tooltip ?? '', /Team e3ac07cc-bd12-4edc-92a4-983d783153ba: group "palette_tenant_admins" in the config/);
  assert.match(admins.tooltip ?? '', /Roles: Tenant Admin/);
});

test('a Keycloak mapper matching a group object ID names the group in its tooltip', () => {
  const mapper = nodes('spark-keycloak.sso.json').find((n) => n.kind === 'mapper' && n.label === 'tenant-admin (group)');
  assert.ok(mapper);
  assert.match(mapper.tooltip ?? '', /groups = \S.* \(8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a\)/);
  assert.match(mapper.tooltip ?? '', /→ group tenant-admin/);
});

test('a group node lists its object ID in the tooltip', () => {
  const group = nodes('palette.sso.json').find((n) => n.kind === 'group' && n.label === 'k8s_cluster_admins');
  assert.ok(group);
  assert.match(group.tooltip ?? '', /object ID 3f33c3a5-e0af-4ef6-9671-c7545fe264f3/);
});
