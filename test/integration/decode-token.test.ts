/** Runs inside a real VS Code (see scripts/run-integration-tests.mjs): the user-visible token features. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

interface ReportLike {
  kind: string;
  signature: { status: string };
  findings: Array<{ id: string }>;
  data: { entra?: { version: string; tenantId?: string } };
}

function sampleUri(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the examples workspace is open');
  return vscode.Uri.joinPath(folder.uri, 'tokens', name);
}

async function openSample(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(sampleUri(name));
  return vscode.window.showTextDocument(doc);
}

function reportTabOpen(): boolean {
  return vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('ssoLens.report')));
}

suite('Decode Token', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('decodes the selected token and opens the report view', async () => {
    const editor = await openSample('entra-v2-expired-overage.jwt');
    const line = editor.document.lineAt(0);
    editor.selection = new vscode.Selection(line.range.start, line.range.end);
    const report = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.decodeToken');
    assert.ok(report, 'the command returns the report it shows');
    assert.equal(report.kind, 'jwt');
    assert.equal(report.data.entra?.version, 'v2');
    const ids = report.findings.map((f) => f.id);
    assert.ok(ids.includes('jwt.expired'), ids.join(','));
    assert.ok(ids.includes('claims.groups-overage'), ids.join(','));
    // The workspace is untrusted-agnostic here, but no key was given: nothing verifies by itself.
    assert.notEqual(report.signature.status, 'valid');
    for (let i = 0; i < 150 && !reportTabOpen(); i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(reportTabOpen(), 'a report webview tab is open');
  });

  test('hovering a token in an editor shows a short decode', async () => {
    const editor = await openSample('entra-v2-id-token.jwt');
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(0, 10));
    const text = hovers
      .flatMap((h) => h.contents)
      .map((c) => (typeof c === 'string' ? c : c.value))
      .join('\n');
    assert.match(text, /JWT/);
    assert.match(text, /login\.microsoftonline\.com/);
    assert.match(text, /not verified/);
  });

  test('a malformed selection is reported, not thrown', async () => {
    const doc = await vscode.workspace.openTextDocument({ content: 'eyJhbGciOiJSUzI1NiJ9.!!!.xyz', language: 'plaintext' });
    const editor = await vscode.window.showTextDocument(doc);
    editor.selection = new vscode.Selection(0, 0, 0, doc.lineAt(0).text.length);
    const report = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.decodeToken');
    assert.ok(report);
    assert.deepEqual(report.findings.map((f) => f.id), ['jwt.malformed']);
  });

  test('closing the report forgets the token: Verify Signature then has nothing to verify', async () => {
    const editor = await openSample('entra-v2-id-token.jwt');
    editor.selection = new vscode.Selection(0, 0, 0, editor.document.lineAt(0).text.length);
    assert.ok(await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.decodeToken'));
    const jwks = vscode.Uri.joinPath(editor.document.uri, '..', 'entra-sample-jwks.json');
    const verified = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.verifySignature', jwks);
    assert.ok(verified, 'with the report open, the token is there to verify');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await new Promise((r) => setTimeout(r, 200));
    const after = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.verifySignature', jwks);
    assert.equal(after, undefined, 'the artifact went with the report');
  });
});
