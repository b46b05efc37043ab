/** How providers-tree nodes look: kind icons, problems on the nodes, certificate status. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildConfigTree, type ConfigTreeNode } from '../../../src/model/config-tree';
import { validateConfigText } from '../../../src/model/validate-config';
import { configFileShape, configNodeShape, unplacedFindings } from '../../../src/views/config-tree-item';
import { LineIndex } from '../../../src/views/text-offsets';
import { EXAMPLES, NOW, readFrom } from '../model/helpers';

function treeOf(text: string, now = NOW): { roots: ConfigTreeNode[]; findings: ReturnType<typeof validateConfigText>['findings'] } {
  const v = validateConfigText(text, { now, readFile: readFrom(EXAMPLES) });
  assert.ok(v.index, 'the text is a config');
  return { roots: buildConfigTree(v.index, v.findings), findings: v.findings };
}

function find(nodes: readonly ConfigTreeNode[], pred: (n: ConfigTreeNode) => boolean): ConfigTreeNode | undefined {
  for (const n of nodes) {
    if (pred(n)) return n;
    const below = find(n.children, pred);
    if (below) return below;
  }
  return undefined;
}

const palette = readFileSync(join(EXAMPLES, 'palette.sso.json'), 'utf8');
const spark = readFileSync(join(EXAMPLES, 'spark-keycloak.sso.json'), 'utf8');

test('a provider with only warnings below it keeps its icon, tinted, and counts the problems', () => {
  const { roots } = treeOf(palette);
  const provider = roots[0];
  assert.ok(provider);
  const shape = configNodeShape(provider);
  assert.equal(shape.label, 'SpectroCloud500 tenant');
  assert.deepEqual(shape.icon, { id: 'organization', color: 'problemsWarningIcon.foreground' });
  assert.match(shape.description ?? '', /Entra ID tenant SpectroCloud500\.onmicrosoft\.com · 3 problems/);
  assert.equal(shape.collapsible, 'expanded');
  assert.equal(shape.contextValue, 'ssoLens.config.provider');
});

test('a node with its own finding shows the severity icon and the finding id in the tooltip', () => {
  const { roots } = treeOf(palette);
  const mapping = find(roots, (n) => n.kind === 'claim-mapping' && n.label.startsWith('firstName'));
  assert.ok(mapping, 'the firstName claim mapping is a node');
  const shape = configNodeShape(mapping);
  assert.deepEqual(shape.icon, { id: 'warning', color: 'problemsWarningIcon.foreground' });
  assert.match(shape.tooltip, /`config\.claim-not-emitted`/);
  assert.equal(shape.description, '1 problem');
});

test('a broken tenant GUID turns the provider red', () => {
  const { roots } = treeOf(palette.replace('"tenantId": "5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480"', '"tenantId": "5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f48"'));
  const provider = roots[0];
  assert.ok(provider);
  assert.equal(provider.severity, 'error');
  assert.ok(provider.findings.some((f) => f.id === 'config.malformed-guid'));
  assert.deepEqual(configNodeShape(provider).icon, { id: 'error', color: 'problemsErrorIcon.foreground' });
});

test('certificates say whether they are valid or expired', () => {
  const valid = find(treeOf(spark).roots, (n) => n.kind === 'certificate');
  assert.ok(valid, 'spark-keycloak has certificate nodes');
  assert.match(configNodeShape(valid).description ?? '', /^valid/);
  const expired = find(treeOf(spark, new Date('2031-01-01T00:00:00Z')).roots, (n) => n.kind === 'certificate');
  assert.ok(expired);
  const shape = configNodeShape(expired);
  assert.match(shape.description ?? '', /^expired/);
  assert.equal(shape.icon.id, 'error');
});

test('findings outside every provider go to the file node', () => {
  const { roots, findings } = treeOf(palette.replace('"version": 1', '"version": 1, "bogus": true'));
  const left = unplacedFindings(roots, findings);
  assert.deepEqual(
    left.map((f) => f.id),
    ['config.schema-invalid'],
  );
  const shape = configFileShape({ name: 'palette.sso.json', folder: 'configs', roots, findings: left });
  assert.equal(shape.icon.id, 'error');
  assert.match(shape.description ?? '', /^configs · 4 problems$/);
  assert.equal(shape.collapsible, 'collapsed');
});

test('offsets map to zero-based lines and characters', () => {
  const lines = new LineIndex('ab\ncd\n\nef');
  assert.deepEqual(lines.position(0), { line: 0, character: 0 });
  assert.deepEqual(lines.position(3), { line: 1, character: 0 });
  assert.deepEqual(lines.position(5), { line: 1, character: 2 });
  assert.deepEqual(lines.position(7), { line: 3, character: 0 });
  assert.deepEqual(lines.position(99), { line: 3, character: 2 });
});

test('app rows carry their protocol, so only OIDC apps offer "Sign In as This App…"', () => {
  const { roots } = treeOf(palette);
  const app = find(roots, (n) => n.kind === 'app');
  assert.ok(app);
  assert.equal(configNodeShape(app).contextValue, 'ssoLens.config.app.oidc');
  const iomete = find(treeOf(readFileSync(join(EXAMPLES, 'iomete.sso.json'), 'utf8')).roots, (n) => n.kind === 'app');
  assert.ok(iomete);
  assert.equal(configNodeShape(iomete).contextValue, 'ssoLens.config.app.saml');
});
