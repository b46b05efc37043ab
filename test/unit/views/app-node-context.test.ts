/** App rows of the Providers view say their protocol, so "Test SAML Sign-In" is offered on SAML apps only. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { buildConfigTree, type ConfigTreeNode } from '../../../src/model/config-tree';
import { validateConfigText } from '../../../src/model/validate-config';
import { configNodeShape } from '../../../src/views/config-tree-item';
import { EXAMPLES, NOW, readFrom } from '../model/helpers';

function apps(name: string): ConfigTreeNode[] {
  const v = validateConfigText(readFileSync(join(EXAMPLES, name), 'utf8'), { now: NOW, readFile: readFrom(EXAMPLES) });
  assert.ok(v.index);
  const out: ConfigTreeNode[] = [];
  const walk = (n: ConfigTreeNode): void => {
    if (n.kind === 'app') out.push(n);
    n.children.forEach(walk);
  };
  buildConfigTree(v.index, v.findings).forEach(walk);
  return out;
}

test('a SAML app row carries ssoLens.config.app.saml, an OIDC app row ssoLens.config.app.oidc', () => {
  assert.deepEqual(apps('iomete.sso.json').map((n) => configNodeShape(n).contextValue), ['ssoLens.config.app.saml']);
  assert.deepEqual(apps('palette.sso.json').map((n) => configNodeShape(n).contextValue), ['ssoLens.config.app.oidc']);
});

test('the menu entry for Test SAML Sign-In is bound to SAML app rows', () => {
  const manifest = JSON.parse(readFileSync(join(EXAMPLES, '..', 'package.json'), 'utf8')) as { contributes: { menus: Record<string, Array<{ command: string; when?: string }>> } };
  const entries = (manifest.contributes.menus['view/item/context'] ?? []).filter((m) => m.command === 'ssoLens.testSamlSignIn');
  assert.ok(entries.length > 0);
  for (const e of entries) assert.match(e.when ?? '', /viewItem == ssoLens\.config\.app\.saml/);
});
