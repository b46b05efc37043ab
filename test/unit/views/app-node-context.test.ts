/** App rows of the Providers view say their protocol, so "Test SAML Sign-In" is offered on SAML apps only (and the OIDC sign-ins on OIDC apps). */
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

test('the menu entries of the sign-ins are bound to app rows of their protocol, a config file\'s or a Terraform module\'s', () => {
  const manifest = JSON.parse(readFileSync(join(EXAMPLES, '..', 'package.json'), 'utf8')) as { contributes: { menus: Record<string, Array<{ command: string; when?: string }>> } };
  const rows = ['ssoLens.config.app.saml', 'ssoLens.terraform.app.saml', 'ssoLens.config.app.oidc', 'ssoLens.terraform.app.oidc', 'ssoLens.config.file', 'terraformModule'];
  for (const [command, protocol] of [['ssoLens.testSamlSignIn', 'saml'], ['ssoLens.signInAsApp', 'oidc'], ['ssoLens.signInWithDeviceCode', 'oidc']] as const) {
    const entries = (manifest.contributes.menus['view/item/context'] ?? []).filter((m) => m.command === command);
    assert.ok(entries.length > 0);
    for (const e of entries) {
      const pattern = /viewItem =~ \/(.+?)\/( |$)/.exec(e.when ?? '')?.[1];
      assert.ok(pattern, `${command}: ${e.when}`);
      assert.deepEqual(rows.filter((r) => new RegExp(pattern).test(r)), [`ssoLens.config.app.${protocol}`, `ssoLens.terraform.app.${protocol}`], `${command}: ${e.when}`);
    }
  }
});
