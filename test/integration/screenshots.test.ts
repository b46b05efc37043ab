/**
 * The README screenshots (media/screenshots/*.png), taken in the real VS Code: only with
 * SSO_LENS_SCREENSHOTS set (`npm run screenshots`, scripts/screenshots.mjs), never in `npm test`.
 * Each test puts the workbench into the state to show, logs `[sso-lens-screenshot] NAME`, and waits
 * for the runner (scripts/run-integration-tests.mjs, which drives the workbench page) to write the PNG.
 */
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { repoRoot } from '../builders/walkthrough-links';
import { EXTENSION_ID, exampleUri, reportHtml } from './workspace';

const SHOTS = join(repoRoot(), 'media', 'screenshots');
const pause = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Asks the runner for a screenshot of the workbench as it is, and waits until the file is written. */
async function screenshot(name: string): Promise<void> {
  const file = join(SHOTS, `${name}.png`);
  const since = Date.now();
  // Webviews and trees paint after the command returns: give them a moment before the picture.
  await pause(2500);
  console.log(`[sso-lens-screenshot] ${name}`);
  for (let i = 0; i < 300; i++) {
    try {
      if (statSync(file).mtimeMs >= since) return;
    } catch {
      /* not written yet */
    }
    await pause(100);
  }
  assert.fail(`${file} was not written (is the runner started with SSO_LENS_SCREENSHOTS=1?)`);
}

async function cleanWorkbench(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('workbench.action.closePanel');
  await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
}

(process.env.SSO_LENS_SCREENSHOTS ? suite : suite.skip)('README screenshots', () => {
  suiteSetup(async () => {
    const ext = vscode.extensions.getExtension<{ testing?: { configIdle?: () => Promise<void> } }>(EXTENSION_ID);
    assert.ok(ext);
    const api = await ext.activate();
    await api.testing?.configIdle?.();
  });

  test('the token report', async () => {
    await cleanWorkbench();
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    assert.ok(await vscode.commands.executeCommand('ssoLens.inspectFile', exampleUri('tokens', 'entra-v2-expired-overage.jwt')));
    // Verified with the example signer's key, as the Entra walkthrough does.
    assert.ok(await vscode.commands.executeCommand('ssoLens.verifySignature', exampleUri('tokens', 'entra-sample-jwks.json')));
    await reportHtml();
    await screenshot('report');
  });

  test('the Providers view beside a config file', async () => {
    await cleanWorkbench();
    assert.ok(await vscode.commands.executeCommand('ssoLens.revealConfigNode', exampleUri('spark-keycloak.sso.json'), '/providers/1/identityProviders/0/mappers'));
    await vscode.commands.executeCommand('workbench.view.extension.ssoLens');
    await vscode.commands.executeCommand('ssoLens.providers.focus');
    // Open the rows a newcomer would: the first config's providers, apps and the Keycloak broker.
    await vscode.commands.executeCommand('list.focusFirst');
    for (let i = 0; i < 14; i++) {
      await vscode.commands.executeCommand('list.expand');
      await vscode.commands.executeCommand('list.focusDown');
    }
    await screenshot('providers');
  });

  test('a walkthrough', async () => {
    await cleanWorkbench();
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', { category: 'sso-lens.sso-lens#keycloakBroker', step: 'sso-lens.sso-lens#keycloakBroker#mappers' }, false);
    await screenshot('walkthrough');
  });

  test('the mapping report', async () => {
    await cleanWorkbench();
    await vscode.commands.executeCommand('workbench.action.closeSidebar');
    const report = await vscode.commands.executeCommand('ssoLens.testWithToken', exampleUri('spark-keycloak.sso.json'), 'spark-keycloak', exampleUri('saml', 'spark-response.b64'), 'first');
    assert.ok(report);
    await reportHtml();
    await screenshot('mapping-report');
  });
});
