import * as vscode from 'vscode';

/**
 * Command links (walkthrough steps, markdown) carry JSON only, so they cannot pass a `vscode.Uri`, and
 * an absolute path would not exist in another clone. They name a workspace file as
 * `{ "workspaceFile": "saml/assetpanda-response.b64" }`, relative to a workspace folder or to its
 * `examples/` folder (the walkthroughs' files, whether the user opened the examples or the repository),
 * else to the examples the extension ships (so an installed extension's walkthroughs work without a clone).
 */
export interface WorkspaceFileArg {
  workspaceFile: string;
}

export function isWorkspaceFileArg(value: unknown): value is WorkspaceFileArg {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { workspaceFile?: unknown }).workspaceFile === 'string';
}

/** A relative path that stays inside the folder it is joined to (no absolute path, no `..`). */
function safeSegments(path: string): string[] | undefined {
  if (path.length === 0 || path.length > 512 || /^[\\/]|^[a-zA-Z]:/.test(path)) return undefined;
  const segments = path.split(/[\\/]+/).filter((s) => s !== '' && s !== '.');
  return segments.length > 0 && !segments.includes('..') ? segments : undefined;
}

/** Whether anything (file or folder) is at `uri` in the workspace file system. */
export async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first existing `<folder>/<path>` or `<folder>/examples/<path>` over the workspace folders, else
 * `<extension>/examples/<path>`.
 */
export async function resolveWorkspaceFile(path: string, extensionUri?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const segments = safeSegments(path);
  if (!segments) return undefined;
  const candidates = (vscode.workspace.workspaceFolders ?? []).flatMap((folder) => [vscode.Uri.joinPath(folder.uri, ...segments), vscode.Uri.joinPath(folder.uri, 'examples', ...segments)]);
  if (extensionUri) candidates.push(vscode.Uri.joinPath(extensionUri, 'examples', ...segments));
  for (const candidate of candidates) if (await exists(candidate)) return candidate;
  return undefined;
}

/** Every `{ workspaceFile }` argument replaced by its Uri; `missing` names the first that is not there. */
export async function resolveWorkspaceFileArgs(args: readonly unknown[], extensionUri?: vscode.Uri): Promise<{ ok: true; args: unknown[] } | { ok: false; missing: string }> {
  if (!args.some(isWorkspaceFileArg)) return { ok: true, args: [...args] };
  const out: unknown[] = [];
  for (const arg of args) {
    if (!isWorkspaceFileArg(arg)) {
      out.push(arg);
      continue;
    }
    const uri = await resolveWorkspaceFile(arg.workspaceFile, extensionUri);
    if (!uri) return { ok: false, missing: arg.workspaceFile };
    out.push(uri);
  }
  return { ok: true, args: out };
}
