/**
 * Runs inside a real VS Code: "Test SAML sign-in…" above the Spark app of a config pointed at a
 * loopback samlify IdP (test/builders/saml-sign-in-setup.ts). The test plays the user in a real
 * Chromium (playwright-core from the extension host): the extension's browser step is handed to it
 * through the test-only hook, and it signs in on the IdP's login page. The report opens mapped
 * through the app.
 */
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import * as vscode from 'vscode';
import { launchChromium } from '../builders/chromium-page';
import { chromiumSignIn } from '../builders/chromium-sign-in';
import { startSparkSignIn, type SparkSignInSetup } from '../builders/saml-sign-in-setup';
import { EXTENSION_ID, reportHtml } from './workspace';

interface Api {
  interceptBrowser: (open: (url: string) => Promise<boolean>) => vscode.Disposable;
  testing: { configIdle: () => Promise<void> };
}

interface ReportLike {
  kind: string;
  signature: { status: string };
  findings: Array<{ id: string; severity: string }>;
  data: { mapping?: { app: { id: string }; teams: string[] }; samlSignIn?: { initiatedBy: string; testAcsUrl: string }; encryptedAssertion?: { decrypted: boolean } };
}

suite('Test SAML Sign-In', function () {
  this.timeout(180_000);
  let browser: Browser;
  let setup: SparkSignInSetup;
  let api: Api;

  suiteSetup(async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the examples workspace is open');
    const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
    assert.ok(ext);
    api = await ext.activate();
    browser = await launchChromium();
    setup = await startSparkSignIn({ encrypt: true, examples: folder.uri.fsPath });
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await setup.close();
    await browser.close();
  });

  test('the code lens above the Spark app signs in through the IdP and shows the teams the user lands in', async () => {
    const configUri = vscode.Uri.file(setup.configFile);
    const doc = await vscode.workspace.openTextDocument(configUri);
    await vscode.window.showTextDocument(doc);
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', configUri)) ?? [];
    const lens = lenses.find((l) => l.command?.command === 'ssoLens.testSamlSignIn');
    assert.ok(lens?.command, `a "Test SAML sign-in…" lens; got ${lenses.map((l) => l.command?.title).join(', ')}`);
    assert.equal(lens.command.title, 'Test SAML sign-in…');
    assert.deepEqual(lens.command.arguments?.slice(1), ['spark-keycloak']);

    const opened: string[] = [];
    const failures: string[] = [];
    const hook = api.interceptBrowser((url) => {
      opened.push(url);
      return chromiumSignIn(browser, { username: 'spark.test', password: 'correct horse' }, failures)(url);
    });
    try {
      const report = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.testSamlSignIn', ...(lens.command.arguments ?? []), {
        signKey: vscode.Uri.file(setup.signKeyFile),
        decryptKey: vscode.Uri.file(setup.decryptKeyFile),
        interactive: false,
        timeoutMs: 90_000,
      });
      assert.ok(report, `the command returns the report (browser step: ${failures.join('; ') || 'ok'}; IdP: ${JSON.stringify(setup.idp.log)})`);
      assert.equal(opened.length, 1);
      assert.ok(opened[0]?.startsWith(`${setup.idp.ssoUrl}?SAMLRequest=`), 'the IdP SSO URL with the request, Redirect binding');
      assert.ok(opened[0]?.includes('&Signature='), 'signed with the picked key');
      assert.ok(setup.idp.log.some((l) => l.kind === 'authn-request' && l.signatureVerified), 'the IdP verified the request signature');
      assert.equal(report.kind, 'saml-response');
      assert.equal(report.signature.status, 'valid');
      assert.equal(report.data.encryptedAssertion?.decrypted, true);
      assert.equal(report.data.mapping?.app.id, 'spark-keycloak');
      assert.deepEqual(report.data.mapping?.teams, ['tenant-admin']);
      assert.equal(report.data.samlSignIn?.initiatedBy, 'sp');
      assert.deepEqual(report.findings.filter((f) => f.severity === 'error').map((f) => f.id), []);

      const html = await reportHtml();
      assert.ok(html.includes('Mapped through spark-keycloak'));
      assert.ok(html.includes('Test sign-in'));
      assert.ok(html.includes(report.data.samlSignIn?.testAcsUrl ?? '?'), 'the report names the test reply URL');
    } finally {
      hook.dispose();
    }
  });

  test('with the network setting off, the command does not listen or open anything', async () => {
    const config = vscode.workspace.getConfiguration('ssoLens');
    await config.update('network.enabled', false, vscode.ConfigurationTarget.Global);
    const opened: string[] = [];
    const hook = api.interceptBrowser((url) => {
      opened.push(url);
      return Promise.resolve(true);
    });
    try {
      const report = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.testSamlSignIn', vscode.Uri.file(setup.configFile), 'spark-keycloak', { interactive: false, timeoutMs: 5_000 });
      assert.equal(report, undefined);
      assert.deepEqual(opened, []);
    } finally {
      hook.dispose();
      await config.update('network.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
