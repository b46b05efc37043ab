/**
 * Runs inside a real VS Code: the capture commands of issue 11 — "Compare With…" on two tokens of
 * the examples workspace, "Export Redacted Capture…" writing only where it is told, and the flow
 * picture in the report view with a step opened through the webview's message path (the panel
 * checks the message before anything runs).
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { buildHar } from '../builders/har-builder';
import { inspectArtifact } from '../../src/decoders/inspect';
import { defaultInspectOptions } from '../../src/decoders/inspect-options';
import { EXTENSION_ID, exampleUri, reportHtml } from './workspace';

interface Api {
  reportHtml: () => string | undefined;
  showReport: (report: unknown, source: string) => void;
  receiveFromReport: (message: unknown) => void;
}

interface ComparisonLike {
  kind: string;
  data: { claims: Array<{ name: string; change: string }>; equivalent: boolean; left: { kind: string }; right: { kind: string } };
}

async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(ext);
  return ext.activate();
}

async function waitFor(predicate: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 50 && !predicate(); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(predicate(), what);
}

suite('Captures: compare, redact, flow picture', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('"Compare With…" on two tokens shows what differs', async () => {
    const result = await vscode.commands.executeCommand<ComparisonLike | undefined>('ssoLens.compareWith', exampleUri('tokens', 'palette-admin-id-token.jwt'), exampleUri('tokens', 'entra-v2-id-token.jwt'));
    assert.ok(result, 'the command returns the comparison');
    assert.equal(result.kind, 'comparison');
    assert.equal(result.data.left.kind, 'jwt');
    assert.equal(result.data.equivalent, false);
    assert.ok(result.data.claims.length > 0);
    const html = await reportHtml();
    assert.ok(html.includes('<title>Comparison</title>'));
    assert.ok(html.includes('Claims and attributes'));
  });

  test('"Export Redacted Capture…" writes the redacted copy where it is told and never over the original', async () => {
    const token = Buffer.from(await vscode.workspace.fs.readFile(exampleUri('tokens', 'entra-v2-id-token.jwt'))).toString('utf8').trim();
    const cookie = 'ESTSAUTH=0.AVYA-secret-session-cookie-value';
    const har = buildHar([
      { url: 'https://login.microsoftonline.com/common/oauth2/v2.0/authorize?client_id=c&login_hint=adele.vance%40contoso.example', requestHeaders: { Cookie: cookie }, status: 302 },
      { method: 'POST', url: 'https://app.contoso.example/signin-oidc', form: { id_token: token, state: 's1' }, status: 302 },
    ]);
    const source = exampleUri('capture-to-share.har');
    const target = exampleUri('capture-to-share.redacted.har');
    await vscode.workspace.fs.writeFile(source, Buffer.from(har));
    try {
      const result = await vscode.commands.executeCommand<{ target: vscode.Uri; removed: Record<string, number> } | undefined>('ssoLens.exportRedactedCapture', source, target, []);
      assert.ok(result, 'the copy was written');
      assert.equal(result.target.toString(), target.toString());
      assert.ok(result.removed['tokens']! >= 1 && result.removed['cookies']! >= 1 && result.removed['emails']! >= 1, JSON.stringify(result.removed));
      const written = Buffer.from(await vscode.workspace.fs.readFile(target)).toString('utf8');
      assert.ok(!written.includes(token) && !written.includes('secret-session-cookie') && !written.includes('adele.vance'), 'nothing private in the copy');
      assert.equal(Buffer.from(await vscode.workspace.fs.readFile(source)).toString('utf8'), har, 'the original is untouched');
      const refused = await vscode.commands.executeCommand('ssoLens.exportRedactedCapture', source, source, []);
      assert.equal(refused, undefined, 'the original is never the target');
      assert.equal(Buffer.from(await vscode.workspace.fs.readFile(source)).toString('utf8'), har);
    } finally {
      await vscode.workspace.fs.delete(source);
      await vscode.workspace.fs.delete(target).then(undefined, () => undefined);
    }
  });

  test('a flow is drawn in the report; only a step it shows opens, as its own report', async () => {
    const har = buildHar([
      { url: 'https://login.microsoftonline.com/t/oauth2/v2.0/authorize?client_id=c&response_type=code&redirect_uri=https%3A%2F%2Fapp.contoso.example%2Fcallback&state=s1', status: 302 },
      { url: 'https://app.contoso.example/callback?error=invalid_request&error_description=AADSTS50011%3A+The+redirect+URI+does+not+match&state=s1', status: 200 },
    ]);
    const read = await inspectArtifact(Buffer.from(har), defaultInspectOptions());
    assert.ok(read.ok && read.value.kind === 'flow', 'the HAR reads as a flow');
    const flow = read.value;
    const a = await api();
    a.showReport(flow, 'capture.har');
    await waitFor(() => (a.reportHtml() ?? '').includes('class="flow-diagram"'), 'the flow picture is shown');
    const html = a.reportHtml() ?? '';
    assert.ok(html.includes('data-step="2"') && html.includes('flow-step failing'), 'the error redirect is the failing step');
    assert.ok(html.includes('SP · app.contoso.example') && html.includes('IdP · login.microsoftonline.com'));
    // Messages the diagram could not have sent are ignored.
    for (const message of [{ action: 'openStep', step: 99 }, { action: 'openStep', step: '2' }, { action: 'openStep' }, { action: 'delete-everything' }, 'openStep']) a.receiveFromReport(message);
    await new Promise((r) => setTimeout(r, 300));
    assert.ok((a.reportHtml() ?? '').includes('class="flow-diagram"'), 'still the flow');
    a.receiveFromReport({ action: 'openStep', step: 2 });
    await waitFor(() => (a.reportHtml() ?? '').includes('step 2 of sign-in'), 'the step opened');
    assert.ok(!(a.reportHtml() ?? '').includes('class="flow-diagram"'));
    assert.ok((a.reportHtml() ?? '').includes('oidc.error'));
    assert.ok((a.reportHtml() ?? '').includes('data-action="step:0"'), 'the step offers the way back');
    a.receiveFromReport({ action: 'step:0' });
    await waitFor(() => (a.reportHtml() ?? '').includes('class="flow-diagram"'), 'back at the flow');
    assert.ok(!(a.reportHtml() ?? '').includes('data-action="step:0"'));
  });
});
