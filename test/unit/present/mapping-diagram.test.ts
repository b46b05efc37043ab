/**
 * The mapping picture on the seed examples' personas: which edges fired and which did not, what the
 * hover says, names beside GUIDs, and the SVG with every value escaped.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { personaTable, type MappingResult, type PersonaRow } from '../../../src/model/mapping';
import { mappingDiagramOf, renderMappingSvg, type MappingDiagram } from '../../../src/present/mapping-diagram';
import { example } from '../model/helpers';

function persona(config: string, userId: string): PersonaRow {
  const row = personaTable(example(config)).rows.find((r) => r.userId === userId);
  assert.ok(row, `${config} has persona ${userId}`);
  return row;
}

function diagramOf(mapping: MappingResult): MappingDiagram {
  const d = mappingDiagramOf(mapping);
  assert.ok(d, 'a diagram');
  return d;
}

/** Edges as "fired|not: from label → to label", for assertions that read like the picture. */
function edges(d: MappingDiagram): string[] {
  const label = (id: string): string => d.nodes.find((n) => n.id === id)?.label ?? id;
  return d.edges.map((e) => `${e.fired ? 'fired' : 'not'}: ${label(e.from)} → ${label(e.to)}`);
}

describe('mappingDiagramOf', () => {
  test('Palette: the groups claim feeds the GUID-named teams, shown by their group names; the Okta-only name claims are not sent', () => {
    const d = diagramOf(persona('palette', 'admin').mapping);
    assert.deepEqual(d.columns.map((c) => c.label), ['Claims sent by entra-spectrocloud500', 'Spectro Cloud Palette', 'Result']);
    const e = edges(d);
    assert.ok(e.includes('fired: groups → ✓ team palette_tenant_admins'), e.join('\n'));
    assert.ok(e.includes('fired: ✓ team palette_tenant_admins → ✓ team palette_tenant_admins'));
    assert.ok(e.includes('fired: groups → ✓ team k8s_cluster-editor'));
    assert.ok(e.includes('not: groups → ✗ team k8s_cluster_admins'));
    assert.ok(e.includes('not: ✗ team k8s_cluster_admins → ✗ team k8s_cluster_admins'));
    assert.ok(e.includes('not: ✗ u_first_name (not sent) → ✗ firstName ← u_first_name'));
    const groups = d.nodes.find((n) => n.id === 'claim:groups');
    assert.equal(groups?.state, 'sent');
    assert.match(groups?.title ?? '', /palette_tenant_admins \(e3ac07cc-bd12-4edc-92a4-983d783153ba\)/, 'the values sent, named');
    const missed = d.edges.find((x) => !x.fired && x.from === 'claim:groups');
    assert.match(missed?.title ?? '', /did not fire: .*is not among the values sent/, 'the reason is on the edge');
    const landed = d.nodes.filter((n) => n.role === 'output' && n.state === 'landed').map((n) => n.label);
    assert.deepEqual(landed, ['✓ team palette_tenant_admins', '✓ team k8s_cluster-editor']);
  });

  test('Palette: a user in no group sends no groups claim and lands nowhere', () => {
    const d = diagramOf(persona('palette', 'testuser').mapping);
    assert.equal(d.nodes.find((n) => n.id === 'claim:groups')?.state, 'absent');
    assert.equal(d.edges.filter((x) => x.from === 'claim:groups').every((x) => !x.fired), true);
    assert.equal(d.nodes.filter((n) => n.label.includes('team') && n.state === 'landed').length, 0);
    assert.ok(edges(d).includes('fired: email → ✓ email ← email'));
  });

  test('Spark: the role attribute → Keycloak advanced-claim-to-group mappers → Keycloak groups → Spark teams', () => {
    const d = diagramOf(persona('spark-keycloak', 'analyst').mapping);
    assert.deepEqual(d.columns.map((c) => c.label), ['Attributes sent by entra-coherent', 'Keycloak realm mytenant, identity provider entra-id', 'Keycloak user', 'Coherent Spark, through Keycloak realm mytenant', 'Result']);
    const e = edges(d);
    assert.ok(e.includes('fired: …/role → ✓ user:teamA (advanced claim to group)'), e.join('\n'));
    assert.ok(e.includes('fired: ✓ user:teamA (advanced claim to group) → ✓ Keycloak group user:teamA'));
    assert.ok(e.includes('fired: ✓ Keycloak group user:teamA → ✓ team user:teamA'));
    assert.ok(e.includes('not: …/role → ✗ tenant-admin (advanced claim to group)'));
    assert.ok(e.includes('not: ✗ Keycloak group tenant-admin → ✗ team tenant-admin'));
    assert.ok(e.includes('not: ✗ …/groups (not sent) → ✗ tenant-admin (group) (advanced claim to group)'));
    const role = d.nodes.find((n) => n.id === 'claim:http://schemas.microsoft.com/ws/2008/06/identity/claims/role');
    assert.match(role?.title ?? '', /^http:\/\/schemas\.microsoft\.com\/ws\/2008\/06\/identity\/claims\/role\nuser:teamA$/, 'the full attribute name and the value on hover');
    const groupsColumn = d.nodes.filter((n) => n.column === 2).map((n) => n.column);
    assert.ok(groupsColumn.length >= 4, 'the Keycloak user column holds the groups and attributes');
  });

  test('Spark: two mappers grant the tenant-admin group (by role and by group object ID) to the same node', () => {
    const d = diagramOf(persona('spark-keycloak', 'test-account').mapping);
    const into = d.edges.filter((x) => x.to === 'out:0:keycloak-group:tenant-admin');
    assert.equal(into.length, 2);
    assert.ok(into.every((x) => x.fired));
    assert.match(d.nodes.find((n) => n.id === 'claim:http://schemas.microsoft.com/ws/2008/06/identity/claims/groups')?.title ?? '', /tenant-admin \(8d7c6b5a-4f3e-4d2c-9b1a-0f9e8d7c6b5a\)/);
  });

  test('Exoscale: the email claim → the CEL expression → the IAM role, or denied', () => {
    const staff = edges(diagramOf(persona('exoscale', 'staff').mapping));
    assert.deepEqual(staff, ['fired: email → ✓ authorization expression', 'fired: ✓ authorization expression → ✓ IAM role dc097e90…']);
    const outsider = diagramOf(persona('exoscale', 'outsider').mapping);
    assert.deepEqual(edges(outsider), ['not: email → ✗ authorization expression', 'not: ✗ authorization expression → ✗ no IAM role (denied)']);
    assert.match(outsider.edges[0]?.title ?? '', /did not fire: returned false: access denied/);
  });

  test('nothing analysed, nothing drawn', () => {
    const m = persona('exoscale', 'staff').mapping;
    assert.equal(mappingDiagramOf({ ...m, analyzed: false, trace: [] }), undefined);
  });
});

describe('renderMappingSvg', () => {
  test('fired edges are solid arrows, the others dashed with a cross; hover titles on nodes and edges', () => {
    const svg = renderMappingSvg(diagramOf(persona('exoscale', 'outsider').mapping));
    assert.match(svg, /^<svg [^>]*class="mapping-diagram"/);
    assert.match(svg, /<g class="md-edge not-fired" data-from="claim:email" data-to="rule:0" data-fired="false"><title>did not fire: returned false: access denied<\/title>/);
    assert.match(svg, /stroke-dasharray="5 4" marker-end="url\(#md-cross\)"/);
    const staff = renderMappingSvg(diagramOf(persona('exoscale', 'staff').mapping));
    assert.match(staff, /<g class="md-edge fired"[^>]*>.*?<path class="md-line" [^>]*stroke-width="2" marker-end="url\(#md-arrow\)"\/>/);
    assert.doesNotMatch(staff, /dasharray="5 4"/);
  });

  test('markup in names and claim values is escaped', () => {
    const m = structuredClone(persona('exoscale', 'staff').mapping);
    m.sent = { email: ['<img src=x onerror="alert(1)">'] };
    const step = m.trace[0];
    assert.ok(step);
    step.rule = '<script>alert(2)</script>';
    step.reads = [{ kind: 'claim', name: 'email"><svg onload=alert(3)>' }];
    const svg = renderMappingSvg(diagramOf(m));
    assert.doesNotMatch(svg, /<img|<script|<svg onload/);
    assert.match(svg, /&lt;script&gt;alert\(2\)&lt;\/script&gt;/);
    assert.match(svg, /data-from="claim:email&quot;&gt;&lt;svg onload=alert\(3\)&gt;"/);
  });
});
