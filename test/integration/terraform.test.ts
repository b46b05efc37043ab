/**
 * Runs inside a real VS Code over the examples workspace: Terraform modules' findings in the Problems
 * panel, on the `.tf` lines, following unsaved edits. The examples are never saved.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { exampleUri, EXTENSION_ID, ours, testHooks, until } from './workspace';

interface TreeRow {
  label: string;
  kind: string;
  severity?: string;
  children: TreeRow[];
}

interface Hooks {
  terraformIdle(): Promise<void>;
  providersTree(): Promise<TreeRow[]>;
  hasConfigContext(): { value: boolean | undefined; sources: Record<string, boolean> };
}

const hooks = (): Promise<Hooks> => testHooks<Hooks>();


const codeOf = (d: vscode.Diagnostic): string => (typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? ''));

suite('Terraform modules in the Problems panel', () => {
  // Edits stay unsaved (VS Code for the Web auto-saves by default); the example files are checked after.
  const files = ['terraform/palette/main.tf', 'terraform/spark/main.tf'];
  const originals = new Map<string, Buffer>();
  suiteSetup(async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    for (const f of files) originals.set(f, readFileSync(exampleUri(...f.split('/')).fsPath));
  });
  suiteTeardown(() => {
    for (const [f, original] of originals) {
      const path = exampleUri(...f.split('/')).fsPath;
      if (!readFileSync(path).equals(original)) {
        writeFileSync(path, original);
        assert.fail(`examples/${f} was saved during the suite (restored)`);
      }
    }
  });
  test('the Palette module: the groups overage risk on the group_membership_claims line, gone when the user switches to ApplicationGroup', async function () {
    this.timeout(180_000);
    const h = await hooks();
    const uri = exampleUri('terraform', 'palette', 'main.tf');
    const overage = await until('config.groups-overage-risk on main.tf', () => ours(uri).find((d) => codeOf(d) === 'config.groups-overage-risk'));
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.match(doc.lineAt(overage.range.start.line).text, /group_membership_claims = \["SecurityGroup"\]/);
    assert.equal(overage.severity, vscode.DiagnosticSeverity.Warning);
    // The sidecar's own findings are on its lines.
    const sidecar = exampleUri('terraform', 'palette', 'sso-lens.terraform.json');
    await until('config.claim-not-emitted on the sidecar', () => ours(sidecar).find((d) => codeOf(d) === 'config.claim-not-emitted'));

    const editor = await vscode.window.showTextDocument(doc);
    try {
      const line = doc.lineAt(overage.range.start.line);
      await editor.edit((e) => e.replace(line.range, line.text.replace('SecurityGroup', 'ApplicationGroup')));
      await until('the overage finding to go', async () => {
        await h.terraformIdle();
        return ours(uri).every((d) => codeOf(d) !== 'config.groups-overage-risk') ? true : undefined;
      });
    } finally {
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  test('the Spark module: a finding in a child module lands on its .tf line there', async function () {
    this.timeout(180_000);
    const main = exampleUri('terraform', 'spark', 'main.tf');
    const doc = await vscode.workspace.openTextDocument(main);
    const editor = await vscode.window.showTextDocument(doc);
    try {
      const text = doc.getText();
      const at = text.indexOf('/broker/${var.broker_alias}/endpoint');
      assert.ok(at > 0);
      await editor.edit((e) => e.replace(new vscode.Range(doc.positionAt(at), doc.positionAt(at + '/broker/${var.broker_alias}/endpoint'.length)), '/broker/entra/endpoint'));
      const child = exampleUri('terraform', 'spark', 'modules', 'entra-saml-app', 'main.tf');
      const d = await until('config.keycloak-broker-mismatch in the child module', () => ours(child).find((x) => codeOf(x) === 'config.keycloak-broker-mismatch'));
      const childDoc = await vscode.workspace.openTextDocument(child);
      assert.match(childDoc.lineAt(d.range.start.line).text, /redirect_uris = \[var\.reply_url\]/);
    } finally {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    }
  });

  test('the Providers view shows the Terraform-defined providers beside the config files', async function () {
    this.timeout(180_000);
    const h = await hooks();
    const tree = await until('the Spark module in the Providers view', async () => {
      const rows = await h.providersTree();
      return rows.some((r) => r.kind === 'terraform' && r.label.startsWith('spark')) ? rows : undefined;
    });
    assert.ok(tree.some((r) => r.kind === 'file' && r.label === 'spark-keycloak.sso.json'), 'the config files are still there');
    const spark = tree.find((r) => r.kind === 'terraform' && r.label.startsWith('spark'));
    assert.ok(spark);
    const labels = JSON.stringify(spark);
    // The Keycloak realm with its broker and the Entra app built from the .tf files.
    assert.match(labels, /entra-id/);
    assert.match(labels, /Coherent Spark \(Keycloak\)|spark-keycloak/);
  });

  test('ssoLens.hasConfig counts the Terraform modules with SSO resources, and stops counting them when Terraform is switched off', async function () {
    this.timeout(180_000);
    const h = await hooks();
    // The palette entries of the two commands that work on Terraform apps hang on this key alone.
    const palette = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { menus: Record<string, Array<{ command: string; when?: string }>> } }).contributes.menus.commandPalette ?? [];
    for (const command of ['ssoLens.testWithToken', 'ssoLens.showPersonas']) assert.equal(palette.find((m) => m.command === command)?.when, 'ssoLens.hasConfig', command);
    const on = await until('the modules to count for ssoLens.hasConfig', async () => {
      await h.terraformIdle();
      const c = h.hasConfigContext();
      return c.sources.terraform === true ? c : undefined;
    });
    assert.equal(on.value, true);
    const setting = vscode.workspace.getConfiguration('ssoLens.terraform');
    await setting.update('enabled', false, vscode.ConfigurationTarget.Global);
    try {
      const off = await until('the modules to stop counting', async () => {
        await h.terraformIdle();
        const c = h.hasConfigContext();
        return c.sources.terraform === false ? c : undefined;
      });
      // The examples' config files still count (a Terraform-only workspace goes false: unit test has-config-context).
      assert.deepEqual(off, { value: true, sources: { configs: true, terraform: false } });
    } finally {
      await setting.update('enabled', undefined, vscode.ConfigurationTarget.Global);
    }
    await until('the modules to count again', async () => {
      await h.terraformIdle();
      return h.hasConfigContext().sources.terraform === true ? true : undefined;
    });
  });
});
