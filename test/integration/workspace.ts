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
