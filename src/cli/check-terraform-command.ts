import { relative, resolve, sep } from 'node:path';
import type { ConfigFinding } from '../model/config-finding';
import { checkTerraform } from '../model/terraform/check-terraform';
import { findTerraformRoots, nodeTfFileSystem } from '../platform/terraform-files';

export const TERRAFORM_USAGE_NOTE = `Terraform: folders with .tf files that use azuread_* or keycloak_* resources are read as root
modules (local child modules, for_each/count, variables, locals, terraform.tfvars) plus their
sso-lens.terraform.json sidecar, and findings are reported on the .tf lines.`;

interface TerraformFileResult {
  file: string;
  text: string;
  findings: ConfigFinding[];
}

/** `check` on Terraform: one result per file of each root module that has findings (or `ok` for its main files). */
export async function checkTerraformRoots(paths: string[], options: { now: Date; expiryWarningDays: number }): Promise<TerraformFileResult[]> {
  const out: TerraformFileResult[] = [];
  for (const root of findTerraformRoots(paths)) {
    const check = await checkTerraform(root, nodeTfFileSystem, options);
    const display = (p: string): string => {
      const rel = relative(process.cwd(), resolve(p));
      return rel.startsWith('..') ? p : rel.split(sep).join('/');
    };
    for (const [file, text] of check.files) {
      const findings = check.findings.filter((f) => f.file === file).map((f) => ({ ...f, file: display(file) }));
      if (findings.length === 0 && !file.endsWith('.tf')) continue;
      out.push({ file: display(file), text, findings });
    }
  }
  return out;
}
