/**
 * Runs inside a real VS Code: "Sign In as This App…" and "Test SAML Sign-In…" on Terraform-defined apps.
 * OIDC: the Palette module of the examples (main.tf + sso-lens.terraform.json, edited but never saved) with
 * its app pointed at a real OpenID provider (oidc-provider on loopback https) through the sidecar's
 * `issuer`, run from the module's app row in the Providers view. SAML: the Spark module copied beside the
 * loopback samlify IdP's certificates and metadata (test/builders/saml-sign-in-setup.ts), its broker's SSO
 * URL replaced with the IdP's. Real Chromium plays the user in both.
 */
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import * as vscode from 'vscode';
import { chromiumSignIn } from '../builders/chromium-sign-in';
import { startSparkSignIn, type SparkSignInSetup } from '../builders/saml-sign-in-setup';
import { launchChromium } from '../builders/chromium-page';
import { driveLogin, startSignInProvider, type SignInProvider } from '../builders/sign-in-provider';
import { EXTENSION_ID, exampleUri } from './workspace';

const PALETTE_CLIENT_ID = '7d2e9b41-3c5a-4f86-b0e1-6a9c8d4f2e17';
const ADMINS_GROUP = 'e3ac07cc-bd12-4edc-92a4-983d783153ba';
const EDITORS_GROUP = 'c4606295-e8b0-4df0-891b-de4428d7e54f';

interface Api {
  signIn: { openBrowser?: (url: string) => Promise<boolean>; ca?: string; lastFailure?: string };
  interceptBrowser: (open: (url: string) => Promise<boolean>) => vscode.Disposable;
  testing: { terraformIdle(): Promise<void>; providersRow(label: string, contextValue: RegExp): Promise<unknown> };
}

interface ReportLike {
  kind: string;
  signature: { status: string };
  findings: Array<{ id: string; severity: string }>;
  data: { mapping?: { app: { id: string }; teams: string[] }; signIn?: { app: string; flow: string }; samlSignIn?: { initiatedBy: string } };
}

async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(ext);
  return ext.activate();
}

/** The `view/item/context` entries of `command` match a row with this context value. */
function offeredOn(command: string, contextValue: string): boolean {
  const menus = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { menus: Record<string, Array<{ command: string; when?: string }>> } }).contributes.menus['view/item/context'] ?? [];
  return menus
    .filter((m) => m.command === command)
    .some((m) => {
      const pattern = /viewItem =~ \/(.+?)\/( |$)/.exec(m.when ?? '')?.[1];
      return pattern !== undefined && new RegExp(pattern).test(contextValue);
    });
}

/** Replaces text in an open document without saving it. */
async function editUnsaved(uri: vscode.Uri, from: string | RegExp, to: string): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(uri);
  const text = doc.getText();
  const next = text.replace(from, to);
  assert.notEqual(next, text, `${vscode.workspace.asRelativePath(uri)} holds ${String(from)}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(text.length)), next);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

async function revertAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

suite('Sign-ins on a Terraform-defined app', function () {
  // A real provider, MSAL and Chromium on a loaded machine.
  this.timeout(180_000);
  const sidecar = exampleUri('terraform', 'palette', 'sso-lens.terraform.json');
  const mainTf = exampleUri('terraform', 'palette', 'main.tf');
  const originals = new Map<string, Buffer>();
  let provider: SignInProvider;
  let browser: Browser;
  let opened: string[];

  suiteSetup(async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    for (const uri of [sidecar, mainTf]) originals.set(uri.fsPath, readFileSync(uri.fsPath));
    provider = await startSignInProvider({ clientId: PALETTE_CLIENT_ID, claims: { groups: [ADMINS_GROUP, EDITORS_GROUP], email: 'admin@SpectroCloud500.onmicrosoft.com', name: 'Tenant Admin' } });
    browser = await launchChromium();
    const hooks = (await api()).signIn;
    hooks.ca = provider.ca;
    hooks.openBrowser = async (url) => {
      opened.push(url);
      await driveLogin(browser, url, 'admin');
      return true;
    };
  });
  setup(() => {
    opened = [];
  });
  teardown(revertAll);
  suiteTeardown(async () => {
    const hooks = (await api()).signIn;
    delete hooks.openBrowser;
    delete hooks.ca;
    await revertAll();
    await browser?.close();
    await provider?.close();
    for (const [path, original] of originals) {
      if (!readFileSync(path).equals(original)) {
        writeFileSync(path, original);
        assert.fail(`${path} was saved during the suite (restored)`);
      }
    }
  });

  /** The Palette module pointed at the test provider, as README "Terraform" says: the sidecar's issuer, a loopback redirect, a public client. */
  async function pointPaletteAtTestProvider(): Promise<void> {
    await editUnsaved(sidecar, '"id": "palette",', `"id": "palette", "issuer": ${JSON.stringify(provider.issuer)},`);
    await editUnsaved(sidecar, '"clientSecret": { "secretStorage": "palette/oidc-client-secret" },', '');
    await editUnsaved(mainTf, '"http://localhost:8000",', '"http://localhost/",');
  }

  async function paletteRow(): Promise<unknown> {
    const { testing } = await api();
    await testing.terraformIdle();
    const row = await testing.providersRow('palette_oidc', /^ssoLens\.terraform\.app\.oidc$/);
    assert.ok(row, "the Palette module's app row");
    return row;
  }

  test("Sign In as This App from a Terraform app's row signs in for real and maps the user to the module's teams", async () => {
    assert.ok(offeredOn('ssoLens.signInAsApp', 'ssoLens.terraform.app.oidc'), 'offered on an OIDC Terraform app row');
    assert.ok(offeredOn('ssoLens.signInWithDeviceCode', 'ssoLens.terraform.app.oidc'));
    assert.ok(!offeredOn('ssoLens.signInAsApp', 'ssoLens.terraform.app.saml'), 'not on a SAML one');
    await pointPaletteAtTestProvider();
    const row = await paletteRow();
    const report = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.signInAsApp', row, undefined, 'auth-code');
    assert.ok(report, `the sign-in completed${(await api()).signIn.lastFailure ? `: ${(await api()).signIn.lastFailure}` : ''}`);
    assert.equal(opened.length, 1);
    assert.ok(opened[0]?.startsWith(`${provider.issuer}/`), `the browser went to the sidecar's issuer (${opened[0]})`);
    assert.ok(opened[0]?.includes(`client_id=${PALETTE_CLIENT_ID}`), "with the client ID pinned in the sidecar's values");
    assert.equal(report.kind, 'jwt');
    assert.equal(report.signature.status, 'valid');
    assert.equal(report.data.signIn?.app, 'palette');
    assert.equal(report.data.mapping?.app.id, 'palette');
    assert.deepEqual([...(report.data.mapping?.teams ?? [])].sort(), [ADMINS_GROUP, EDITORS_GROUP].sort());
  });

  test('a client ID only terraform apply knows: the sign-in does not start', async () => {
    await pointPaletteAtTestProvider();
    await editUnsaved(sidecar, /"azuread_application\.palette\.client_id": "[^"]+",/, '');
    const report = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.signInAsApp', await paletteRow(), undefined, 'auth-code');
    assert.equal(report, undefined);
    assert.deepEqual(opened, [], 'no browser opened with a placeholder for a client ID');
  });

  test('Test SAML Sign-In on the Spark module signs in through the IdP and maps the user to the teams', async () => {
    assert.ok(offeredOn('ssoLens.testSamlSignIn', 'ssoLens.terraform.app.saml'), 'offered on a SAML Terraform app row');
    assert.ok(!offeredOn('ssoLens.testSamlSignIn', 'ssoLens.terraform.app.oidc'));
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder);
    let setup: SparkSignInSetup | undefined;
    const failures: string[] = [];
    const samlOpened: string[] = [];
    const hook = (await api()).interceptBrowser((url) => {
      samlOpened.push(url);
      return chromiumSignIn(browser, { username: 'spark.test', password: 'correct horse' }, failures)(url);
    });
    try {
      setup = await startSparkSignIn({ encrypt: true, examples: folder.uri.fsPath });
      // The module beside the IdP's certs/ and metadata/, as the sidecar's ../../ paths expect.
      const module = join(setup.dir, 'terraform', 'spark');
      cpSync(exampleUri('terraform', 'spark').fsPath, module, { recursive: true });
      const main = join(module, 'main.tf');
      const text = readFileSync(main, 'utf8');
      const sso = 'https://login.microsoftonline.com/${var.tenant_id}/saml2';
      assert.ok(text.includes(sso));
      writeFileSync(main, text.split(sso).join(setup.idp.ssoUrl));
      const report = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.testSamlSignIn', vscode.Uri.file(module), 'spark-keycloak', {
        signKey: vscode.Uri.file(setup.signKeyFile),
        decryptKey: vscode.Uri.file(setup.decryptKeyFile),
        interactive: false,
        timeoutMs: 90_000,
      });
      assert.ok(report, `the command returns the report (browser step: ${failures.join('; ') || 'ok'}; IdP: ${JSON.stringify(setup.idp.log)})`);
      assert.equal(samlOpened.length, 1);
      assert.ok(samlOpened[0]?.startsWith(`${setup.idp.ssoUrl}?SAMLRequest=`), 'the SSO URL written in main.tf');
      assert.equal(report.kind, 'saml-response');
      assert.equal(report.signature.status, 'valid', "verified with the signing certificate the sidecar names");
      assert.equal(report.data.mapping?.app.id, 'spark-keycloak');
      assert.deepEqual(report.data.mapping?.teams, ['tenant-admin']);
      assert.equal(report.data.samlSignIn?.initiatedBy, 'sp');
    } finally {
      hook.dispose();
      await setup?.close();
    }
  });
});
