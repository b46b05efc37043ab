import * as vscode from 'vscode';
import { LIMITS } from '../decoders/limits';
import type { InspectOptions } from '../decoders/inspect-options';
import type { InspectReport } from '../decoders/result';
import type { ArtifactInput } from './artifact-input';
import { mapAutomatically } from './auto-mapping';
import type { Services } from './services';

/**
 * Inspects an artifact with the core and shows the report; failures are shown, never thrown.
 * Returns the report so a command's caller (a test, another extension) can read the verdict.
 */
export async function showInspection(services: Services, input: ArtifactInput, options?: InspectOptions): Promise<InspectReport | undefined> {
  const core = services.core;
  const opts = options ?? services.inspectOptions();
  // In the status bar: a HAR of many tokens, or an issuer slow to answer, takes a while.
  const result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'SSO Lens: inspecting…' }, async () =>
    input.entityId !== undefined ? { ok: true as const, value: core.inspectMetadataBytes(input.bytes, opts, { entityId: input.entityId }) } : core.inspectArtifact(input.bytes, opts),
  );
  if (!result.ok) {
    void vscode.window.showWarningMessage(`SSO Lens: ${result.error.message}`);
    return undefined;
  }
  services.remember(input);
  const report = mapAutomatically(services, result.value);
  services.lastFlow = report.kind === 'flow' ? report : undefined;
  services.panel.show(core, report, input.source);
  return report;
}

/**
 * An artifact file (a SAML message, metadata, a token…) as the core's input, after checking its
 * size first: nothing SSO Lens reads is larger than a metadata aggregate.
 */
export async function readArtifactFile(uri: vscode.Uri): Promise<ArtifactInput | undefined> {
  const bytes = await readPickedFile(uri, LIMITS.maxMetadataAggregateBytes);
  return bytes ? { bytes, source: vscode.workspace.asRelativePath(uri) } : undefined;
}

/**
 * A file the user picked (an artifact, a key, a certificate, metadata), after checking its size: key
 * and trust files are small, so their limit is the largest metadata verified in one DOM. Too large
 * is said in a message and gives undefined.
 */
export async function readPickedFile(uri: vscode.Uri, maxBytes: number = LIMITS.maxMetadataDomBytes): Promise<Uint8Array | undefined> {
  const { size } = await vscode.workspace.fs.stat(uri);
  if (size > maxBytes) {
    void vscode.window.showWarningMessage(`SSO Lens: ${vscode.workspace.asRelativePath(uri)} is ${(size / 1048576).toFixed(1)} MB; the limit for this kind of file is ${maxBytes / 1048576} MB.`);
    return undefined;
  }
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
