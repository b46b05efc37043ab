/**
 * Issue 14 in the real VS Code: a Keycloak realm export and an Entra manifest kept in the workspace
 * (examples/keycloak, examples/entra) are checked in place once `ssoLens.inPlace.include` names them:
 * diagnostics on their own lines (from disk and as you type), rows in the Providers view beside the
 * *.sso.json files, and selecting a row reveals its place in the realm file. Nothing is saved.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import type { ProvidersSnapshot } from '../../src/views/config-tree';
import { exampleUri, ours, testHooks, until } from './workspace';

interface Hooks {
  providersTree(): Promise<ProvidersSnapshot[]>;
  configIdle(): Promise<void>;
}

const hooks = (): Promise<Hooks> => testHooks<Hooks>();



/** 0-based line of the first occurrence of `needle` in a file of the workspace. */
function lineOf(uri: vscode.Uri, needle: string): number {
  const text = readFileSync(uri.fsPath, 'utf8');
  const at = text.indexOf(needle);
  assert.ok(at >= 0, `${needle} is in ${uri.path}`);
  return text.slice(0, at).split('\n').length - 1;
}

function row(rows: ProvidersSnapshot[], kind: string, label: string): ProvidersSnapshot {
  const r = rows.find((x) => x.kind === kind && x.label === label);
  assert.ok(r, `${kind} ${label} among ${rows.map((x) => `${x.kind} ${x.label}`).join(', ')}`);
  return r;
}

suite('Realm exports and manifests in place', () => {
  const realm = () => exampleUri('keycloak', 'mytenant-realm.json');
  const manifest = () => exampleUri('entra', 'palette-manifest.json');
  let original: Buffer | undefined;

  suiteSetup(async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    original = readFileSync(realm().fsPath);
    await vscode.workspace.getConfiguration('ssoLens').update('inPlace.include', ['keycloak/*.json', 'entra/*.json'], vscode.ConfigurationTarget.Global);
  });
  suiteTeardown(async () => {
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.getConfiguration('ssoLens').update('inPlace.include', undefined, vscode.ConfigurationTarget.Global);
    assert.ok(original && readFileSync(realm().fsPath).equals(original), 'the realm export was not saved');
  });

  test('the manifest\'s finding is on its groupMembershipClaims line, without opening it', async () => {
    const d = await until('the overage warning on the manifest', () => ours(manifest()).find((x) => x.code === 'config.groups-overage-risk'));
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(d.range.start.line, lineOf(manifest(), '"groupMembershipClaims"'));
  });

  test('the Providers view shows the realm and the manifest beside the *.sso.json files', async () => {
    const tree = await until('the in-place rows', async () => {
      const t = await (await hooks()).providersTree();
      return t.some((r) => r.label === 'mytenant-realm.json') && t.some((r) => r.label === 'palette-manifest.json') ? t : undefined;
    });
    assert.ok(tree.some((r) => r.kind === 'file' && r.label === 'palette.sso.json'), 'the *.sso.json files stay');
    const kc = row(row(tree, 'file', 'mytenant-realm.json').children, 'provider', 'My Spark tenant');
    const broker = row(kc.children, 'broker', 'Sign in with Microsoft');
    assert.ok(broker.children.some((m) => m.kind === 'mapper' && m.label === 'tenant-admin'), 'the broker lists its mappers');
    const entra = row(tree, 'file', 'palette-manifest.json').children[0];
    assert.ok(entra);
    const app = row(entra.children, 'app', 'palette_oidc');
    assert.equal(app.severity, 'warning', 'the overage warning shows on the app');

    // Selecting the broker row reveals the identity provider's entry in the realm file.
    assert.ok(broker.pointer);
    const range = await vscode.commands.executeCommand<vscode.Range | undefined>('ssoLens.revealConfigNode', realm(), broker.pointer);
    assert.equal(range?.start.line, lineOf(realm(), '"alias": "entra-id"') - 1, 'the identity provider object opens on the line above its alias');
  });

  test('as you type: SHA-1 signing in the realm export is flagged on that line; the fix clears it', async () => {
    const doc = await vscode.workspace.openTextDocument(realm());
    await vscode.window.showTextDocument(doc);
    const from = '"signatureAlgorithm": "RSA_SHA256"';
    const at = doc.getText().indexOf(from);
    assert.ok(at >= 0);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + from.length)), '"signatureAlgorithm": "RSA_SHA1"');
    assert.ok(await vscode.workspace.applyEdit(edit));
    const d = await until('config.sha1-signing on the realm', () => ours(realm()).find((x) => x.code === 'config.sha1-signing'));
    assert.equal(d.range.start.line, doc.positionAt(at).line);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await until('the warning to go', () => !ours(realm()).some((x) => x.code === 'config.sha1-signing'));
  });
});
