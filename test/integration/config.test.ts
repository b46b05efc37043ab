/**
 * Runs inside a real VS Code (see scripts/run-integration-tests.mjs) over the examples workspace:
 * the Providers view, config diagnostics as you type, the literal-secret quick fix, import and templates.
 * The examples are never saved: edits stay in the editor and are reverted after each test.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { ProvidersSnapshot } from '../../src/views/config-tree';
import { exampleUri, EXTENSION_ID, ours, testHooks, until } from './workspace';


/** The Providers view's rows as the extension's test hook returns them. */
type TreeRow = ProvidersSnapshot;

interface Hooks {
  providersTree(): Promise<TreeRow[]>;
  configIdle(): Promise<void>;
}

const hooks = (): Promise<Hooks> => testHooks<Hooks>();




function fileRow(tree: TreeRow[], name: string): TreeRow {
  const row = tree.find((r) => r.kind === 'file' && r.label === name);
  assert.ok(row, `a root for ${name} among ${tree.map((r) => r.label).join(', ')}`);
  return row;
}

function child(row: TreeRow, kind: string, label: string): TreeRow {
  const c = row.children.find((r) => r.kind === kind && r.label === label);
  assert.ok(c, `${row.label} has ${kind} ${label}; it has ${row.children.map((r) => `${r.kind} ${r.label}`).join(', ')}`);
  return c;
}

/** Replaces the first occurrence of `from` in the open document, without saving. */
async function replaceInDocument(doc: vscode.TextDocument, from: string, to: string): Promise<void> {
  const at = doc.getText().indexOf(from);
  assert.ok(at >= 0, `${from} is in ${doc.uri.path}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + from.length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
}

async function revertAndCloseAll(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

suite('Config files and the Providers view', () => {
  // The workspace is the repository's examples/ folder: VS Code for the Web auto-saves by default, and
  // an auto-saved broken example would break every other suite. Edits stay unsaved; the file is checked.
  let original: Buffer | undefined;
  suiteSetup(async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    original = readFileSync(exampleUri('palette.sso.json').fsPath);
  });
  suiteTeardown(() => {
    const path = exampleUri('palette.sso.json').fsPath;
    if (original && !readFileSync(path).equals(original)) {
      writeFileSync(path, original);
      assert.fail('examples/palette.sso.json was saved during the suite (restored)');
    }
  });
  teardown(revertAndCloseAll);

  test('the Providers view shows each example file with its providers, apps and brokers', async () => {
    const tree = await (await hooks()).providersTree();
    const palette = fileRow(tree, 'palette.sso.json');
    const tenant = child(palette, 'provider', 'SpectroCloud500 tenant');
    assert.equal(tenant.severity, 'warning', 'the guide\'s claim-mapping mistake shows on the provider');
    const app = child(tenant, 'app', 'palette_oidc');
    const endpoints = child(app, 'folder', 'Endpoints');
    assert.ok(endpoints.children.some((e) => e.label === 'http://localhost:8000'), 'the kubelogin loopback redirect URI is an endpoint');
    const mapping = child(child(app, 'folder', 'Claim mapping'), 'claim-mapping', 'firstName ← u_first_name');
    assert.equal(mapping.severity, 'warning');
    assert.equal(mapping.icon, 'warning');

    const spark = fileRow(tree, 'spark-keycloak.sso.json');
    const realm = child(spark, 'provider', 'Spark Keycloak (uat)');
    const broker = child(realm, 'broker', 'Sign in with Microsoft');
    assert.ok(broker.children.some((m) => m.kind === 'mapper'), 'the broker lists its mappers');
    const cert = realm.children.find((c) => c.kind === 'certificate');
    assert.ok(cert, 'the realm keys are certificate nodes');
    assert.match(cert.description ?? '', /^valid/, 'the example certificates are valid until 2029');
  });

  test('selecting a node reveals its place in the file', async () => {
    const uri = exampleUri('palette.sso.json');
    const range = await vscode.commands.executeCommand<vscode.Range | undefined>('ssoLens.revealConfigNode', uri, '/providers/0/tenantId');
    assert.ok(range, 'the command returns the selected range');
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), uri.toString());
    assert.equal(editor.document.getText(editor.selection), '"5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480"');
  });

  test('a malformed tenant GUID typed into the file is a diagnostic and turns the provider red', async () => {
    const h = await hooks();
    const uri = exampleUri('palette.sso.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.ok(!ours(uri).some((d) => d.code === 'config.malformed-guid'), 'no GUID problem before the edit');
    await replaceInDocument(doc, '"tenantId": "5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480"', '"tenantId": "5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f48"');
    const diag = await until('the malformed-guid diagnostic', () => ours(uri).find((d) => d.code === 'config.malformed-guid'));
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(doc.getText(diag.range), '"5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f48"');
    const tenant = child(fileRow(await h.providersTree(), 'palette.sso.json'), 'provider', 'SpectroCloud500 tenant');
    assert.equal(tenant.severity, 'error');
    assert.equal(tenant.icon, 'error');

    await vscode.commands.executeCommand('workbench.action.files.revert');
    await until('the diagnostic to go after revert', () => !ours(uri).some((d) => d.code === 'config.malformed-guid'));
  });

  test('typing into a name near the top keeps every squiggle on its text, and the tree shows the new name', async () => {
    // Keystrokes inside a string are re-parsed incrementally (the previous syntax tree plus an offset
    // shift): every finding below the edit must move with its text, as after a full parse.
    const h = await hooks();
    const uri = exampleUri('palette.sso.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await h.configIdle();
    const texts = (): string[] => ours(uri).map((d) => `${String(typeof d.code === 'object' ? d.code.value : d.code)} ${doc.getText(d.range)}`).sort();
    const before = texts();
    assert.ok(before.length >= 2, `the Palette example has findings to follow (${before.join(' | ')})`);
    const at = doc.getText().indexOf('SpectroCloud500 tenant') + 'SpectroCloud500'.length;
    for (const [i, ch] of [...' (β)'].entries()) {
      const edit = new vscode.WorkspaceEdit();
      edit.insert(uri, doc.positionAt(at + i), ch);
      assert.ok(await vscode.workspace.applyEdit(edit));
      await h.configIdle();
    }
    assert.ok(doc.getText().includes('"SpectroCloud500 (β) tenant"'));
    await until('the tree to show the new name', async () => fileRow(await h.providersTree(), 'palette.sso.json').children.find((r) => r.kind === 'provider' && r.label === 'SpectroCloud500 (β) tenant'));
    await until('the squiggles to sit on the same texts', () => JSON.stringify(texts()) === JSON.stringify(before) || undefined);
    // A structural edit after the incremental ones parses in full: a syntax error, then fixed again.
    await replaceInDocument(doc, '"SpectroCloud500 (β) tenant",', '"SpectroCloud500 (β) tenant"');
    await h.configIdle(); // the syntax error itself is VS Code's JSON diagnostic (ours would repeat it)
    await replaceInDocument(doc, '"SpectroCloud500 (β) tenant"', '"SpectroCloud500 (β) tenant",');
    await until('the squiggles back on the same texts', () => JSON.stringify(texts()) === JSON.stringify(before) || undefined);
  });

  test('a literal client secret is an error whose quick fix moves it to secret storage', async () => {
    const uri = exampleUri('palette.sso.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    await replaceInDocument(doc, '"clientSecret": { "secretStorage": "palette/oidc-client-secret" }', '"clientSecret": "integration-test-not-a-real-secret"');
    const diag = await until('the literal-secret diagnostic', () => ours(uri).find((d) => d.code === 'config.literal-secret'));
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(doc.getText(diag.range), '"integration-test-not-a-real-secret"');
    const tree = await (await hooks()).providersTree();
    const app = child(child(fileRow(tree, 'palette.sso.json'), 'provider', 'SpectroCloud500 tenant'), 'app', 'palette_oidc');
    assert.equal(app.severity, 'error', 'the app shows the error');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range);
    const fix = actions.find((a) => a.title === 'Move the secret to VS Code secret storage');
    assert.ok(fix?.command, `the quick fix is offered; got ${actions.map((a) => a.title).join(', ')}`);
    const key = await vscode.commands.executeCommand<string | undefined>(fix.command.command, ...(fix.command.arguments ?? []));
    assert.equal(key, 'sso-lens/palette/clientSecret');
    assert.ok(doc.getText().includes('"clientSecret": { "secretStorage": "sso-lens/palette/clientSecret" }'), 'the literal is replaced by a reference');
    assert.ok(!doc.getText().includes('integration-test-not-a-real-secret'), 'the literal is gone from the file');
    await until('the literal-secret diagnostic to go', () => !ours(uri).some((d) => d.code === 'config.literal-secret'));
  });

  test('Import… turns a Keycloak realm export into a config that is validated at once', async () => {
    const h = await hooks();
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension);
    const source = vscode.Uri.joinPath(extension.extensionUri, 'test', 'fixtures', 'config', 'keycloak-realm-export.json');
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('ssoLens.importConfig', source, { baseUrl: 'https://keycloak.uat.coherent.global/auth' });
    assert.ok(uri, 'the command returns the new config');
    assert.equal(uri.scheme, 'untitled', 'an unsaved editor, nothing written');
    assert.match(uri.path, /\/mytenant\.sso\.json$/);
    const doc = await vscode.workspace.openTextDocument(uri);
    assert.equal(doc.languageId, 'jsonc');
    const config = JSON.parse(doc.getText().replace(/^\/\/.*$/gm, '')) as { providers: Array<{ type: string; realm: string; baseUrl: string }> };
    assert.equal(config.providers[0]?.type, 'keycloak');
    assert.equal(config.providers[0]?.realm, 'mytenant');
    assert.equal(config.providers[0]?.baseUrl, 'https://keycloak.uat.coherent.global/auth');
    const row = await until('the imported file in the Providers view', async () => (await h.providersTree()).find((r) => r.kind === 'file' && r.label === 'mytenant.sso.json'));
    assert.ok(row.children.some((c) => c.kind === 'provider'), 'its realm is a provider node');
  });

  test('New Config from Template… writes a valid config with the files it references', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sso-lens-template-'));
    try {
      const target = vscode.Uri.file(join(dir, 'iomete.sso.json'));
      const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('ssoLens.newConfigFromTemplate', 'iomete', target);
      assert.equal(uri?.toString(), target.toString());
      const text = readFileSync(target.fsPath, 'utf8');
      assert.doesNotMatch(text, /"\$schema"/, 'the repository-relative schema path is dropped');
      assert.ok(existsSync(join(dir, 'certs', 'entra-iomete-signing.cer')), 'the signing certificate is copied');
      assert.ok(existsSync(join(dir, 'metadata', 'iomete-federationmetadata.xml')), 'the metadata file is copied');
      const h = await hooks();
      const row = await until('the new file in the Providers view', async () => (await h.providersTree()).find((r) => r.kind === 'file' && r.label === 'iomete.sso.json' && (r.description ?? '').startsWith(dir)));
      assert.ok(row.children.some((c) => c.kind === 'provider' && c.severity !== 'error'), 'its tenant is a provider without errors');
      const problems = ours(target).filter((d) => d.severity === vscode.DiagnosticSeverity.Error);
      assert.deepEqual(problems.map((d) => `${typeof d.code === 'string' ? d.code : '?'}: ${d.message}`), []);
    } finally {
      await revertAndCloseAll();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
