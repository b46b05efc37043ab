/** Helpers shared by the integration suites: the examples workspace and the extension's test exports. */
import assert from 'node:assert/strict';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'sso-lens.sso-lens';

/** A file of the examples workspace the harness opened (a copy of examples/). */
export function exampleUri(...path: string[]): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the examples workspace is open');
  return vscode.Uri.joinPath(folder.uri, ...path);
}

/** The report view's HTML as rendered, once it is open. */
export async function reportHtml(): Promise<string> {
  const ext = vscode.extensions.getExtension<{ reportHtml: () => string | undefined }>(EXTENSION_ID);
  assert.ok(ext);
  const api = await ext.activate();
  for (let i = 0; i < 150 && !api.reportHtml(); i++) await new Promise((r) => setTimeout(r, 100));
  // Break points (<wbr>) after the punctuation of long tokens are layout, not text.
  const html = api.reportHtml()?.replace(/<wbr>/g, '');
  assert.ok(html, 'the report view is open');
  return html;
}

/** The extension's test hooks (`testing` of its exports), typed as a suite uses them. */
export async function testHooks<H>(): Promise<H> {
  const extension = vscode.extensions.getExtension<{ testing: H }>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is loaded`);
  return (await extension.activate()).testing;
}

/** Polls `probe` until it gives a value (not undefined or false); fails naming `what` after `ms`. */
export async function until<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 60_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (Date.now() > end) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SSO Lens's own diagnostics on a file (not VS Code's JSON ones). */
export function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'SSO Lens');
}
