/**
 * Runs inside a real VS Code over the examples workspace: "Test with a Token…" and "Show Sample Personas"
 * on a Terraform-defined app (issue 14). The Palette module (examples/terraform/palette: main.tf plus the
 * sso-lens.terraform.json sidecar) and the guide's admin token (examples/tokens/palette-admin-id-token.jwt)
 * must give the same teams as examples/palette.sso.json, and the mapping findings land on the module's lines.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { EXTENSION_ID, exampleUri, reportHtml } from './workspace';

interface ReportLike {
  kind: string;
  findings: Array<{ id: string; severity: string; path?: string }>;
  data: { mapping?: { app: { id: string }; teams: string[]; attributes: Array<{ name: string; value?: string | string[] }> } };
}

const ADMINS_GROUP = 'e3ac07cc-bd12-4edc-92a4-983d783153ba';
const EDITORS_GROUP = 'c4606295-e8b0-4df0-891b-de4428d7e54f';

const codeOf = (d: vscode.Diagnostic): string => (typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? ''));

async function terraformIdle(): Promise<void> {
  const extension = vscode.extensions.getExtension<{ testing: { terraformIdle(): Promise<void> } }>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is loaded`);
  await (await extension.activate()).testing.terraformIdle();
}

async function mappingDiagnostics(uri: vscode.Uri): Promise<vscode.Diagnostic[]> {
  for (let i = 0; i < 50; i++) {
    const found = vscode.languages.getDiagnostics(uri).filter((d) => codeOf(d).startsWith('mapping.'));
    if (found.length) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  return [];
}

suite('Test with a Token on a Terraform module', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the Palette module maps the admin token to the same teams as palette.sso.json, findings on the module lines', async function () {
    this.timeout(180_000);
    await terraformIdle();
    const token = exampleUri('tokens', 'palette-admin-id-token.jwt');
    const fromJson = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.testWithToken', exampleUri('palette.sso.json'), 'palette', token);
    assert.ok(fromJson?.data.mapping, 'the config file run gives a mapping');

    const module = exampleUri('terraform', 'palette');
    const report = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.testWithToken', module, 'palette', token);
    assert.ok(report?.data.mapping, 'the command returns the report with data.mapping for the Terraform-defined app');
    const mapping = report.data.mapping;
    assert.equal(mapping.app.id, 'palette');
    assert.deepEqual([...mapping.teams].sort(), [EDITORS_GROUP, ADMINS_GROUP].sort(), "the admin lands in the two teams named by their groups' object IDs");
    assert.deepEqual([...mapping.teams].sort(), [...fromJson.data.mapping.teams].sort(), 'the same teams as with palette.sso.json');
    assert.equal(mapping.attributes.find((a) => a.name === 'email')?.value, 'admin@SpectroCloud500.onmicrosoft.com');
    assert.deepEqual(report.findings.map((f) => f.id).sort(), fromJson.findings.map((f) => f.id).sort(), 'the same findings as with palette.sso.json');

    const html = await reportHtml();
    assert.ok(html.includes('Mapped through'), 'the report has the "Mapped through <app>" section');
    assert.ok(html.includes(ADMINS_GROUP));

    // u_first_name is an Okta claim Entra does not send: the failed rule is underlined where the module says it (the sidecar).
    const sidecar = exampleUri('terraform', 'palette', 'sso-lens.terraform.json');
    const diagnostics = await mappingDiagnostics(sidecar);
    const doc = await vscode.workspace.openTextDocument(sidecar);
    const onFirstName = diagnostics.find((d) => codeOf(d) === 'mapping.claim-missing' && doc.getText(d.range).includes('u_first_name'));
    assert.ok(onFirstName, `a mapping.claim-missing diagnostic on u_first_name in the sidecar; got ${diagnostics.map((d) => `${codeOf(d)}@${d.range.start.line}:${doc.getText(d.range)}`).join(', ')}`);
    assert.equal(onFirstName.severity, vscode.DiagnosticSeverity.Error);
  });

  test('a .tf file of the module names it too, and Show Sample Personas lists the same users as palette.sso.json', async function () {
    this.timeout(180_000);
    await terraformIdle();
    const token = exampleUri('tokens', 'palette-admin-id-token.jwt');
    const viaFile = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.testWithToken', exampleUri('terraform', 'palette', 'main.tf'), 'palette', token);
    assert.deepEqual([...(viaFile?.data.mapping?.teams ?? [])].sort(), [EDITORS_GROUP, ADMINS_GROUP].sort());

    const jsonRows = await vscode.commands.executeCommand<number | undefined>('ssoLens.showPersonas', exampleUri('palette.sso.json'), 'palette');
    const rows = await vscode.commands.executeCommand<number | undefined>('ssoLens.showPersonas', exampleUri('terraform', 'palette', 'main.tf'), 'palette');
    assert.equal(rows, 4, 'the four test users of the guide (from the sidecar)');
    assert.equal(rows, jsonRows);
    const html = await reportHtml();
    assert.ok(html.includes('Sample personas'));
    assert.ok(html.includes('terraform/palette'), 'the page names the module');
    assert.ok(html.includes(ADMINS_GROUP), 'with the team the admin lands in');
  });

  test("the Terraform app's row in the Providers view runs Test with a Token and Show Sample Personas on it", async function () {
    this.timeout(180_000);
    const extension = vscode.extensions.getExtension<{ testing: { providersRow(label: string, contextValue: RegExp): Promise<unknown> } }>(EXTENSION_ID);
    assert.ok(extension);
    const testing = (await extension.activate()).testing;
    // The context value the package.json menus offer the two commands on (view/item/context).
    const row = await testing.providersRow('palette_oidc', /^ssoLens\.terraform\.app\.oidc$/);
    assert.ok(row, 'the Palette module\'s app row, with the ssoLens.terraform.app.oidc context value');
    const menus = (vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON as { contributes: { menus: Record<string, Array<{ command: string; when?: string }>> } }).contributes.menus['view/item/context'] ?? [];
    for (const command of ['ssoLens.testWithToken', 'ssoLens.showPersonas']) {
      const when = menus.find((m) => m.command === command)?.when ?? '';
      const pattern = /viewItem =~ \/(.+)\/$/.exec(when)?.[1];
      assert.ok(pattern && new RegExp(pattern).test('ssoLens.terraform.app.oidc'), `${command} is in the menu of a Terraform app row (${when})`);
    }
    // A row's menu passes the row itself as the first argument.
    const report = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.testWithToken', row, undefined, exampleUri('tokens', 'palette-admin-id-token.jwt'));
    assert.equal(report?.data.mapping?.app.id, 'palette');
    assert.deepEqual([...report.data.mapping.teams].sort(), [EDITORS_GROUP, ADMINS_GROUP].sort());
    assert.equal(await vscode.commands.executeCommand<number | undefined>('ssoLens.showPersonas', row), 4);
  });

  test('with a .tf file of the module in the editor, the command needs no config argument', async function () {
    this.timeout(180_000);
    await terraformIdle();
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(exampleUri('terraform', 'palette', 'main.tf')));
    const report = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.testWithToken', undefined, 'palette', exampleUri('tokens', 'palette-admin-id-token.jwt'));
    assert.equal(report?.data.mapping?.app.id, 'palette');
    assert.deepEqual([...report.data.mapping.teams].sort(), [EDITORS_GROUP, ADMINS_GROUP].sort());
  });
});
