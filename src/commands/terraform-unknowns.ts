import { TERRAFORM_SIDECAR } from '../model/terraform/terraform-sidecar';
import type { LoadedConfig } from './mapping-commands';

/** How the Terraform model writes a value only `terraform apply` (or an unset variable) decides: its expression, `${…}`. */
const PLACEHOLDER = /\$\{[^}]*\}/;

/**
 * A sign-in needs real values: for a Terraform-defined app, the first of `values` (what → value) that is
 * still a placeholder, as a message saying where to pin it; undefined when all are known or the
 * config is a file. Sending `${azuread_application.x.client_id}` to an IdP would only earn an AADSTS error.
 */
export function unknownBeforeApply(config: LoadedConfig, appId: string, values: Record<string, string | undefined>): string | undefined {
  if (!config.terraform) return undefined;
  for (const [what, value] of Object.entries(values)) {
    const placeholder = value === undefined ? undefined : PLACEHOLDER.exec(value)?.[0];
    if (!placeholder) continue;
    // A variable (or a provider argument set from one) is given in terraform.tfvars; the sidecar's
    // "values" pin resource attributes that only apply computes.
    if (/^\$\{(var|provider)\./.test(placeholder)) return `${appId}: its ${what} is ${placeholder}, an input without a value. Set the variable (terraform.tfvars or a default) to sign in.`;
    return `${appId}: its ${what} is ${placeholder}, which only terraform apply decides. Pin it in ${TERRAFORM_SIDECAR} ("values", by Terraform address) to sign in.`;
  }
  return undefined;
}
