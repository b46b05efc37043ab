/**
 * Runs inside a real VS Code: a HAR of a failed sign-in (examples/captures/, recorded by
 * scripts/record-captures.mjs) opens as a flow with its failing step marked, and that step opens
 * as its own report.
 */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { exampleUri, reportHtml } from './workspace';

interface StepLike {
  kind: string;
  step?: { index: number; role: string; failed: boolean };
  signature?: { status: string };
  findings: Array<{ id: string; code?: string }>;
}
interface FlowLike {
  kind: string;
  items?: StepLike[];
}

suite('Captures as sign-in flows', () => {
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Inspect File on a HAR shows the timeline with the failing step, and the step opens on its own', async () => {
    const flow = await vscode.commands.executeCommand<FlowLike | undefined>('ssoLens.inspectFile', exampleUri('captures', 'oidc-wrong-reply-url.har'));
    assert.ok(flow, 'the command returns the report it shows');
    assert.equal(flow.kind, 'flow');
    const failing = flow.items?.find((s) => s.step?.failed);
    assert.equal(failing?.step?.role, 'authorize');
    assert.ok(failing?.findings.some((f) => f.id === 'entra.aadsts' && f.code === 'AADSTS50011'));

    const html = await reportHtml();
    assert.match(html, /<title>Sign-in flow<\/title>/);
    assert.match(html, /<h2>Timeline<\/h2>/);
    // The failing step's row is marked and offers "Open step".
    const row = new RegExp(`<tr class="tone-bad"><th scope="row">✗ ${failing?.step?.index ?? 0}\\. [^<]*GET authorize 400</th>[\\s\\S]*?AADSTS50011[\\s\\S]*?data-action="step:${failing?.step?.index ?? 0}">Open step</button>`);
    assert.match(html, row);
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);

    const step = await vscode.commands.executeCommand<StepLike | undefined>('ssoLens.openFlowStep', failing?.step?.index);
    assert.equal(step?.step?.index, failing?.step?.index);
    let stepHtml = '';
    for (let i = 0; i < 30 && !/<title>HTTP request<\/title>/.test(stepHtml); i++) {
      await new Promise((r) => setTimeout(r, 100));
      stepHtml = await reportHtml();
    }
    assert.match(stepHtml, /<title>HTTP request<\/title>/);
    assert.match(stepHtml, /entra\.aadsts/);
    assert.match(stepHtml, /data-action="step:0">Back to Flow/);
  });

  test('a SAML capture with an expired response: the SAML Response step is the failing one', async () => {
    const flow = await vscode.commands.executeCommand<FlowLike | undefined>('ssoLens.inspectFile', exampleUri('captures', 'saml-expired.har'));
    assert.equal(flow?.kind, 'flow');
    const failing = flow?.items?.filter((s) => s.step?.failed) ?? [];
    assert.deepEqual(failing.map((s) => [s.kind, s.step?.role]), [['saml-response', 'saml-response']]);
    const step = await vscode.commands.executeCommand<StepLike | undefined>('ssoLens.openFlowStep', failing[0]?.step?.index);
    assert.ok(step?.findings.some((f) => f.id === 'saml.expired'));
    // "Verify with…" on the capture: every step's message checked with the IdP certificate picked once.
    const verified = await vscode.commands.executeCommand<FlowLike | undefined>('ssoLens.verifySignature', exampleUri('captures', 'saml-idp.cer'));
    assert.equal(verified?.kind, 'flow');
    const response = verified?.items?.find((s) => s.kind === 'saml-response');
    assert.equal(response?.signature?.status, 'valid');
  });
});
