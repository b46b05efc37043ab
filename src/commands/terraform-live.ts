import * as vscode from 'vscode';
import type { TerraformCheck } from '../model/terraform/check-terraform';
import type { CheckLiveOutcome } from './live-commands';
import type { Services } from './services';

/** A Terraform module's row in the Providers view (the module, or one of its apps) as "Check Live" receives it. */
export interface TerraformLiveTarget {
  dir: string;
  /** The app's model pointer; the whole module when absent. */
  scope?: string;
}

export function terraformLiveTarget(arg: unknown): TerraformLiveTarget | undefined {
  if (typeof arg !== 'object' || arg === null || !('type' in arg) || !('check' in arg)) return undefined;
  const row = arg as { type: unknown; check?: { dir?: unknown }; node?: { pointer?: unknown } };
  if (typeof row.check?.dir !== 'string') return undefined;
  if (row.type === 'terraform') return { dir: row.check.dir };
  if (row.type === 'terraform-node' && typeof row.node?.pointer === 'string') return { dir: row.check.dir, scope: row.node.pointer };
  return undefined;
}

/**
 * "Check Live" on a Terraform module: what its apps and providers name (metadata URLs from the `.tf` files
 * or the sidecar) fetched and compared with what they pin, on the module as it is read now (unsaved edits
 * included). Results go on the `.tf` / sidecar lines until the module's files change.
 */
export async function checkLiveTerraform(services: Services, target: TerraformLiveTarget): Promise<CheckLiveOutcome | undefined> {
  const modules = services.terraformModules;
  if (!modules) return undefined;
  await modules.whenIdle();
  const check: TerraformCheck | undefined = modules.checks.get(target.dir);
  const index = check?.index;
  if (!check || !index) {
    void vscode.window.showWarningMessage('SSO Lens: that Terraform module is no longer read (Terraform switched off, or the module has no SSO resources now).');
    return undefined;
  }
  // The comparison trusts the schema's shapes, as on config files: a model with schema errors (a sidecar
  // value of the wrong type) is not checked live.
  if (check.findings.some((f) => f.id === 'config.schema-invalid')) {
    void vscode.window.showWarningMessage(`SSO Lens: ${vscode.workspace.asRelativePath(check.dir)}: not checked live, fix the schema errors first (Problems panel).`);
    return undefined;
  }
  const offline = services.settings.networkOffReason;
  const fetcher = offline === undefined ? services.liveFetcher() : undefined;
  const core = services.core;
  const run = async (): Promise<CheckLiveOutcome> => {
    const result = await core.checkLive(index, {
      ...(fetcher ? { fetcher } : { offlineReason: offline ?? 'network use is off' }),
      expiryWarningDays: services.settings.expiryWarningDays,
      // Pinned certificates and metadata files the sidecar names, relative to the module (local folders only).
      readFile: (rel) => core.nodeTfFileSystem.readBytes?.(`${check.dir}/${rel}`),
      ...(target.scope !== undefined ? { scope: target.scope } : {}),
    });
    modules.setLive(check, result.findings);
    const folder = vscode.workspace.workspaceFolders?.find((f) => check.dir === f.uri.path || check.dir.startsWith(`${f.uri.path.replace(/\/$/, '')}/`));
    return { ...(offline !== undefined ? { offline } : {}), files: [{ uri: folder ? folder.uri.with({ path: check.dir }) : vscode.Uri.file(check.dir), result }], skipped: [] };
  };
  return fetcher ? vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'SSO Lens: fetching published keys and metadata…' }, run) : run();
}
