/** Runs inside a real VS Code (see scripts/run-integration-tests.mjs): the extension loads and activates. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'sso-lens.sso-lens';

suite('Smoke', () => {
  test('the extension is installed and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is loaded by the extension host`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  test('its commands are registered', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const commands = await vscode.commands.getCommands(true);
    assert.ok(commands.includes('ssoLens.decodeToken'), 'ssoLens.decodeToken is registered');
  });

  test('the examples workspace is open', () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'a workspace folder is open');
    assert.equal(folder.uri.path.split('/').pop(), 'examples');
  });
});
