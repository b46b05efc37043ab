import { statSync } from 'node:fs';
import { dirname, resolve, sep } from 'node:path';
import { appExpectations } from '../model/mapping';
import { checkTerraform } from '../model/terraform/check-terraform';
import { joinPath } from '../model/terraform/tf-module';
import { nodeTfFileSystem } from '../platform/terraform-files';
import { loadInspectConfig, type InspectConfig } from './inspect-config';
import { UsageError } from './io';

/** A `--config` that names a Terraform module: a folder, or one of its `.tf` files / its sidecar. */
export function isTerraformConfigPath(path: string): boolean {
  if (/\.(tf|tfvars)$|(^|[\\/])sso-lens\.terraform\.json$/.test(path)) return true;
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * `--config` for inspect and personas: a config file as before, or a Terraform root module read into the
 * same model (the sidecar supplies the product side), so a token is mapped through a Terraform-defined app.
 */
export async function loadAnyInspectConfig(path: string, appId: string | undefined): Promise<InspectConfig> {
  if (!isTerraformConfigPath(path)) return loadInspectConfig(path, appId);
  const abs = resolve(path);
  const dir = (statSync(abs, { throwIfNoEntry: false })?.isDirectory() ? abs : dirname(abs)).split(sep).join('/');
  const check = await checkTerraform(dir, nodeTfFileSystem);
  const fatal = check.findings.find((f) => f.id === 'terraform.parse-error');
  if (fatal) throw new UsageError(`--config ${path}: ${fatal.message} (run "sso-lens check ${path}")`);
  if (!check.index || !check.hasSsoResources) throw new UsageError(`--config ${path}: no azuread or keycloak SSO resources in this Terraform module`);
  const index = check.index;
  const readFile = (rel: string): Uint8Array | undefined => nodeTfFileSystem.readBytes?.(joinPath(dir, rel));
  if (appId === undefined) return { file: path, index, readFile };
  const entry = index.app(appId);
  if (!entry) throw new UsageError(`--app ${appId}: no such app in ${path} (apps: ${index.apps.map((a) => a.value.id).join(', ') || 'none'})`);
  const e = appExpectations(index, entry, readFile);
  if (!e.ok) throw new UsageError(`--config: ${e.message}`);
  return { file: path, index, readFile, entry, expectations: e.value };
}
