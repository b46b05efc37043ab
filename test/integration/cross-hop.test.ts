/**
 * Runs inside a real VS Code (see scripts/run-integration-tests.mjs) over the examples workspace:
 * a cross-hop finding as you type, with the other side as related information and a quick fix that
 * puts the right value in; and "Test with a Token…" on an AuthnRequest minted by samlify's SP.
 * The examples are never saved: edits stay in the editor and are reverted.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { mintAuthnRequest } from '../builders/samlify-minter';
import { exampleUri, ours, until } from './workspace';

const TENANT = '0d6b2c4e-7a1f-4e3b-9c8d-5f2a1b3c4d5e';
const IOMETE_URL = 'https://iomete.dataco.example/api/v1/identity/saml/callback';

const codeOf = (d: vscode.Diagnostic): string => (typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? ''));


suite('Both sides agree', function () {
  // A cold host activates the extension and validates every example before the first diagnostic.
  this.timeout(90_000);
  // The workspace is the repository's examples/ folder: edits stay unsaved (VS Code for the Web auto-saves by default).
  let original: Buffer | undefined;
  suiteSetup(async () => {
    await vscode.workspace.getConfiguration('files').update('autoSave', 'off', vscode.ConfigurationTarget.Global);
    original = readFileSync(exampleUri('iomete.sso.json').fsPath);
  });
  suiteTeardown(() => {
    const path = exampleUri('iomete.sso.json').fsPath;
    if (original && !readFileSync(path).equals(original)) {
      writeFileSync(path, original);
      assert.fail('examples/iomete.sso.json was saved during the suite (restored)');
    }
  });
  teardown(async () => {
    for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
      await vscode.window.showTextDocument(doc);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('IOMETE: the IdP entity ID set to IOMETE\'s own URL is underlined, points at the tenant, and its quick fix puts Entra\'s issuer in', async () => {
    const uri = exampleUri('iomete.sso.json');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const from = `"idpEntityId": "https://sts.windows.net/${TENANT}/"`;
    const at = doc.getText().indexOf(from);
    assert.ok(at >= 0);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(doc.positionAt(at), doc.positionAt(at + from.length)), `"idpEntityId": "${IOMETE_URL}"`);
    assert.ok(await vscode.workspace.applyEdit(edit));

    const diag = await until('the idp-entity-id diagnostic', () => ours(uri).find((d) => codeOf(d) === 'config.idp-entity-id-mismatch'));
    assert.equal(diag.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(doc.getText(diag.range), JSON.stringify(IOMETE_URL));
    const related = diag.relatedInformation?.[0];
    assert.ok(related, 'the other side is related information');
    assert.equal(doc.getText(related.location.range), `"${TENANT}"`, 'the related location is the tenant ID');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diag.range);
    const fix = actions.find((a) => a.title === `Set the IdP entity ID to https://sts.windows.net/${TENANT}/`);
    assert.ok(fix?.edit, `the quick fix is offered; got ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.ok(doc.getText().includes(from), 'the issuer is back');
    await until('the diagnostic to go', () => !ours(uri).some((d) => codeOf(d) === 'config.idp-entity-id-mismatch'));
  });

  test('"Test with a Token…" on an AuthnRequest checks it against the app: request.* findings on the config, no mapping', async () => {
    const uri = exampleUri('iomete.sso.json');
    const request = mintAuthnRequest({ spEntityId: IOMETE_URL, acs: IOMETE_URL.replace('/callback', '/acs'), idpEntityId: `https://sts.windows.net/${TENANT}/`, idpSsoUrl: `https://login.microsoftonline.com/${TENANT}/saml2` });
    const report = await vscode.commands.executeCommand<{ kind: string; findings: Array<{ id: string; path?: string }>; data: { mapping?: unknown } } | undefined>('ssoLens.testWithToken', uri, 'iomete', request);
    assert.equal(report?.kind, 'saml-authn-request');
    assert.equal(report.data.mapping, undefined);
    assert.ok(report.findings.some((f) => f.id === 'request.acs-url-not-registered' && f.path === '/providers/0/apps/0/replyUrls/0'), JSON.stringify(report.findings));
    const doc = await vscode.workspace.openTextDocument(uri);
    const onReply = await until('a request diagnostic on the reply URL', () => vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'request.acs-url-not-registered'));
    assert.equal(doc.getText(onReply.range), JSON.stringify(IOMETE_URL));
  });
});
