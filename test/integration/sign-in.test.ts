/**
 * Runs inside a real VS Code: "Sign In as This App…" on the Palette example pointed at a real
 * OpenID provider (oidc-provider on loopback https, started here in the extension host), with the
 * browser step done by real Chromium (playwright-core) on the provider's own login and consent
 * pages. The extension's test hooks (extension test mode only) hand the authorize URL to Chromium
 * instead of the user's browser and trust the provider's throw-away CA.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import * as vscode from 'vscode';
import { launchChromium } from '../builders/chromium-page';
import { driveDeviceLogin, driveLogin, startSignInProvider, type SignInProvider } from '../builders/sign-in-provider';
import { EXTENSION_ID, exampleUri, reportHtml } from './workspace';

const PALETTE_CLIENT_ID = '7d2e9b41-3c5a-4f86-b0e1-6a9c8d4f2e17';
const ADMINS_GROUP = 'e3ac07cc-bd12-4edc-92a4-983d783153ba';
const EDITORS_GROUP = 'c4606295-e8b0-4df0-891b-de4428d7e54f';

interface SignInHooks {
  openBrowser?: (url: string) => Promise<boolean>;
  showDeviceCode?: (info: { userCode: string; verificationUri: string }) => void;
  ca?: string;
  lastFailure?: string;
}

interface Api {
  signIn: SignInHooks;
  testing: { configIdle: () => Promise<void> };
}

interface ReportLike {
  kind: string;
  signature: { status: string };
  findings: Array<{ id: string }>;
  data: { mapping?: { app: { id: string }; teams: string[] }; signIn?: { app: string; flow: string; accessToken?: unknown } };
}

async function api(): Promise<Api> {
  const ext = vscode.extensions.getExtension<Api>(EXTENSION_ID);
  assert.ok(ext);
  return ext.activate();
}

suite('Sign in as this app', function () {
  // A real provider, MSAL and Chromium in a loaded machine.
  this.timeout(180_000);
  let provider: SignInProvider;
  let browser: Browser;
  let config: vscode.Uri;
  let dir: string;

  suiteSetup(async () => {
    provider = await startSignInProvider({ clientId: PALETTE_CLIENT_ID, claims: { groups: [ADMINS_GROUP, EDITORS_GROUP], email: 'admin@SpectroCloud500.onmicrosoft.com', name: 'Tenant Admin' } });
    browser = await launchChromium();
    // The Palette example, its app pointed at the test provider as README "Sign in as this app" says:
    // the app's issuer is the provider, its loopback redirect URI has no fixed port, and it is a public client.
    let text = readFileSync(exampleUri('palette.sso.json').fsPath, 'utf8');
    text = text.replace('"issuer": "https://login.microsoftonline.com/5f0c3a7e-2b19-4d8e-a6c4-91b7e2d3f480/v2.0"', `"issuer": ${JSON.stringify(provider.issuer)}`);
    text = text.replace('"http://localhost:8000",', '"http://localhost/",');
    text = text.replace('"clientSecret": { "secretStorage": "palette/oidc-client-secret" },', '');
    // Outside the examples folder, so neither the repository nor the other suites see it.
    dir = mkdtempSync(join(tmpdir(), 'sso-lens-sign-in-'));
    config = vscode.Uri.file(join(dir, 'palette-live.sso.json'));
    await vscode.workspace.fs.writeFile(config, Buffer.from(text));
    const hooks = (await api()).signIn;
    hooks.ca = provider.ca;
    hooks.openBrowser = async (url) => {
      await driveLogin(browser, url, 'admin');
      return true;
    };
    hooks.showDeviceCode = (info) => void driveDeviceLogin(browser, info.verificationUri, info.userCode, 'admin');
  });

  suiteTeardown(async () => {
    const hooks = (await api()).signIn;
    delete hooks.openBrowser;
    delete hooks.showDeviceCode;
    delete hooks.ca;
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
    await browser?.close();
    await provider?.close();
  });

  test('the Palette example itself has the lens above its app', async () => {
    const palette = exampleUri('palette.sso.json');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(palette));
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', palette)) ?? [];
    const lens = lenses.find((l) => l.command?.command === 'ssoLens.signInAsApp');
    assert.equal(lens?.command?.title, 'Sign In as This App…');
    assert.deepEqual(lens?.command?.arguments?.[1], 'palette');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(exampleUri('iomete.sso.json')));
    const iomete = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', exampleUri('iomete.sso.json'))) ?? [];
    assert.ok(iomete.length > 0, 'the SAML app has its other lenses');
    assert.equal(iomete.filter((l) => l.command?.command === 'ssoLens.signInAsApp').length, 0, 'not above a SAML app');
  });

  test('the "Sign In as This App…" lens signs in for real and the report shows the teams the user lands in', async () => {
    const doc = await vscode.workspace.openTextDocument(config);
    await vscode.window.showTextDocument(doc);
    await (await api()).testing.configIdle();
    const lenses = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', config)) ?? [];
    const lens = lenses.find((l) => l.command?.command === 'ssoLens.signInAsApp');
    assert.ok(lens?.command, `a "Sign In as This App…" lens; got ${lenses.map((l) => l.command?.title).join(', ')}`);
    assert.equal(lens.command.title, 'Sign In as This App…');
    assert.ok(doc.getText(new vscode.Range(lens.range.start, doc.lineAt(lens.range.start.line + 1).range.end)).includes('"id": "palette"'), 'on the palette app');

    // As the lens runs it: the flow is the window's default (device code in a remote window, else the browser).
    const report = await vscode.commands.executeCommand<ReportLike | undefined>(lens.command.command, ...(lens.command.arguments ?? []));
    assert.ok(report, `the sign-in completed${(await api()).signIn.lastFailure ? `: ${(await api()).signIn.lastFailure}` : ''}`);
    assert.equal(report.kind, 'jwt');
    assert.equal(report.signature.status, 'valid', 'the ID token verified with the provider\'s published keys');
    assert.equal(report.data.mapping?.app.id, 'palette');
    assert.deepEqual([...(report.data.mapping?.teams ?? [])].sort(), [ADMINS_GROUP, EDITORS_GROUP].sort());
    assert.equal(report.data.signIn?.app, 'palette');
    assert.equal(report.data.signIn?.flow, vscode.env.remoteName ? 'device-code' : 'auth-code', 'a remote window defaults to the device code flow');
    const html = await reportHtml();
    assert.ok(html.includes('Mapped through'), 'the report opens with "Mapped through <app>"');
    assert.ok(html.includes(ADMINS_GROUP));
    assert.ok(html.includes('Live sign-in'));
    assert.ok(html.includes('Access token (for the API it names'), 'the access token is there, labelled as such');
  });

  test('authorization code + PKCE through the loopback, and the device code flow, both land the admin in the two teams', async () => {
    // The device code run starts from the Providers view's row, as its inline action passes it.
    const row = { type: 'node', entry: { uri: config }, node: { pointer: '/providers/0/apps/0', kind: 'app' } };
    for (const flow of ['auth-code', 'device-code']) {
      const report = flow === 'auth-code' ? await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.signInAsApp', config, 'palette', flow) : await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.signInWithDeviceCode', row);
      assert.ok(report, `${flow}: ${(await api()).signIn.lastFailure ?? 'no report'}`);
      assert.equal(report.data.signIn?.flow, flow);
      assert.deepEqual([...(report.data.mapping?.teams ?? [])].sort(), [ADMINS_GROUP, EDITORS_GROUP].sort());
    }
  });

  test('with ssoLens.network.enabled off the sign-in does not start', async () => {
    const settings = vscode.workspace.getConfiguration('ssoLens');
    // User settings of the test profile: nothing is written into the examples folder.
    await settings.update('network.enabled', false, vscode.ConfigurationTarget.Global);
    let opened = false;
    const hooks = (await api()).signIn;
    const previous = hooks.openBrowser;
    hooks.openBrowser = () => ((opened = true), Promise.resolve(false));
    try {
      const report = await vscode.commands.executeCommand<ReportLike | undefined>('ssoLens.signInAsApp', config, 'palette', 'auth-code');
      assert.equal(report, undefined);
      assert.equal(opened, false, 'no browser, no listener, no request');
    } finally {
      hooks.openBrowser = previous;
      await settings.update('network.enabled', undefined, vscode.ConfigurationTarget.Global);
    }
  });
});
