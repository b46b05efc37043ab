/**
 * What "Sign In as This App" and "Test SAML Sign-In" need from a Terraform-defined app: the sidecar can point
 * an OIDC app's issuer at another provider (Terraform never writes it: the model works it out from the
 * tenant), and a value only apply knows is refused by name instead of being sent to the IdP.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import type { LoadedConfig } from '../../../../src/commands/mapping-commands';
import { unknownBeforeApply } from '../../../../src/commands/terraform-unknowns';
import { indexConfig } from '../../../../src/model/config-index';
import type { SsoConfig } from '../../../../src/model/config-types';
import { parseJsonc } from '../../../../src/model/jsonc';
import { oidcSignInTarget } from '../../../../src/model/oidc-sign-in-target';
import { planSamlSignIn } from '../../../../src/model/saml-sign-in-plan';
import { checkTerraform, type TerraformCheck } from '../../../../src/model/terraform/check-terraform';
import { nodeTfFileSystem } from '../../../../src/platform/terraform-files';

const root = join(__dirname, '..', '..', '..', '..', '..').split('\\').join('/');
const palette = `${root}/examples/terraform/palette`;
const now = new Date('2026-06-01T00:00:00Z');

function tf(edit: (sidecar: string) => string): Promise<TerraformCheck> {
  const path = `${palette}/sso-lens.terraform.json`;
  return checkTerraform(palette, nodeTfFileSystem, { now, overrides: new Map([[path, edit(nodeTfFileSystem.readText(path) ?? '')]]) });
}

function loaded(check: TerraformCheck): LoadedConfig {
  assert.ok(check.index);
  return { uri: undefined as never, dir: undefined as never, index: check.index, terraform: check };
}

test("the sidecar's issuer points a Terraform OIDC app's sign-in at another provider; without it, Entra's from the tenant", async () => {
  const plain = await tf((t) => t);
  const entra = oidcSignInTarget(plain.index!.app('palette')!);
  assert.ok(entra.ok);
  assert.equal(entra.value.authority, 'https://login.microsoftonline.com/5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480');

  const pointed = await tf((t) => t.replace('"id": "palette",', '"id": "palette", "issuer": "https://127.0.0.1:8443",'));
  const app = pointed.index!.app('palette')!;
  const test = oidcSignInTarget(app);
  assert.ok(test.ok);
  assert.equal(test.value.authority, 'https://127.0.0.1:8443');
  assert.equal(test.value.clientId, '7d2e9b41-3c5a-4f86-b0e1-6a9c8d4f2e17', 'the client ID pinned in the sidecar values');
  assert.equal(pointed.locate(`${app.pointer}/issuer`)?.file, `${palette}/sso-lens.terraform.json`, 'the issuer is placed on its sidecar line');
  assert.equal(unknownBeforeApply(loaded(pointed), 'palette', { 'client ID': test.value.clientId, issuer: app.value.protocol === 'oidc' ? app.value.issuer : undefined }), undefined);
});

test('a client ID only apply knows is refused by name, with where to pin it', async () => {
  const check = await tf((t) => t.replace(/"azuread_application\.palette\.client_id": "[^"]+",/, ''));
  const entry = check.index!.app('palette')!;
  const target = oidcSignInTarget(entry);
  assert.ok(target.ok);
  const message = unknownBeforeApply(loaded(check), 'palette', { 'client ID': target.value.clientId });
  assert.equal(message, 'palette: its client ID is ${azuread_application.palette.client_id}, which only terraform apply decides. Pin it in sso-lens.terraform.json ("values", by Terraform address) to sign in.');
});

test('a variable without a value in the SSO URL is refused too; a config file is never judged', async () => {
  const check = await tf((t) => t);
  const message = unknownBeforeApply(loaded(check), 'x', { 'IdP sign-in URL': 'https://login.microsoftonline.com/${var.tenant_id}/saml2' }) ?? '';
  assert.match(message, /its IdP sign-in URL is \$\{var\.tenant_id\}/);
  // A variable is set in terraform.tfvars; the sidecar's "values" pin only what apply computes (found in review).
  assert.match(message, /Set the variable \(terraform\.tfvars or a default\)/);
  assert.doesNotMatch(message, /"values"/);
  const { terraform: _, ...file } = loaded(check);
  assert.equal(unknownBeforeApply(file, 'x', { 'client ID': '${not.from.terraform}' }), undefined);
});

test('a SAML app whose identifiers only apply decides (dropped from the model) is refused by name, not a crash', () => {
  // Found in review: identifier_uris = ["https://${var.host}/saml"] with var.host unset leaves the model's app
  // without `identifiers`, and planning the sign-in threw "Cannot read properties of undefined".
  const config = parseJsonc(readFileSync(`${root}/examples/assetpanda.sso.json`, 'utf8')) as SsoConfig;
  const app = config.providers[0]?.apps?.[0] as unknown as Record<string, unknown>;
  delete app['identifiers'];
  const index = indexConfig(config);
  const entry = index.apps[0];
  assert.ok(entry);
  const planned = planSamlSignIn(index, entry, () => undefined);
  assert.equal(planned.ok, false);
  assert.match(planned.ok ? '' : planned.message, /has no identifier \(SP entity ID\)/);
});
