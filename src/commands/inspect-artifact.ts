import * as vscode from 'vscode';
import type { InspectOptions } from '../decoders/inspect-options';
import type { InspectReport } from '../decoders/result';
import type { ArtifactInput } from './artifact-input';
import type { Services } from './services';

/**
 * Inspects an artifact with the core and shows the report; failures are shown, never thrown.
 * Returns the report so a command's caller (a test, another extension) can read the verdict.
 */
export async function showInspection(services: Services, input: ArtifactInput, options?: InspectOptions): Promise<InspectReport | undefined> {
  const core = services.core;
  const result = await core.inspectArtifact(input.bytes, options ?? services.inspectOptions());
  if (!result.ok) {
    void vscode.window.showWarningMessage(`SSO Lens: ${result.error.message}`);
    return undefined;
  }
  services.remember(input);
  services.panel.show(core, result.value, input.source);
  return result.value;
}

/** Reads a workspace or local file the user picked, as text (BOM stripped by the core). */
export async function readPickedFile(uri: vscode.Uri): Promise<Uint8Array> {
  return vscode.workspace.fs.readFile(uri);
}

/** Lets the user pick a file from the workspace (by pattern) or browse for one. */
export async function pickWorkspaceFile(title: string, pattern: string): Promise<vscode.Uri | undefined> {
  const files = await vscode.workspace.findFiles(pattern, '**/node_modules/**', 300);
  const browse = { label: '$(folder-opened) Browse…', uri: undefined as vscode.Uri | undefined };
  const items = [...files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), browse];
  const picked = await vscode.window.showQuickPick(items, { title, ignoreFocusOut: true });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({ title, canSelectMany: false });
  return chosen?.[0];
}
