/**
 * Values of a Terraform module as SSO Lens evaluates it before `terraform apply`: what the `.tf` files,
 * variable defaults and `*.tfvars` decide, and, for everything else, an explicit unknown that says why.
 * An unknown is never guessed into a value (an object ID, an unset variable, an expression SSO Lens does
 * not evaluate): it stays a `TfUnknown` and the model leaves the field out or reports it.
 */

export type TfValue = string | number | boolean | null | TfUnknown | TfValue[] | { [key: string]: TfValue };

export type UnknownReason =
  /** An attribute the provider computes on apply (object IDs, client IDs). */
  | 'computed'
  /** A variable without default and without a value in terraform.tfvars / *.auto.tfvars. */
  | 'unset-variable'
  /** An expression this evaluator does not take (conditionals, `for`, most functions). */
  | 'unsupported'
  /** A reference to something not declared in the module. */
  | 'undeclared';

export class TfUnknown {
  constructor(
    readonly reason: UnknownReason,
    /** The expression as written, e.g. `azuread_application.palette.client_id`. */
    readonly expression: string,
    /** For `computed`: the resource address and the attribute path read from it. */
    readonly ref?: { address: string; attribute: string[] },
  ) {}

  describe(): string {
    switch (this.reason) {
      case 'computed':
        return `${this.expression} is known only after apply`;
      case 'unset-variable':
        return `${this.expression} has no default and no value in terraform.tfvars`;
      case 'undeclared':
        return `${this.expression} is not declared in the module`;
      default:
        return `${this.expression} is not evaluated by SSO Lens`;
    }
  }
}

export const isUnknown = (v: unknown): v is TfUnknown => v instanceof TfUnknown;

export function isTfObject(v: TfValue | undefined): v is { [key: string]: TfValue } {
  return v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof TfUnknown);
}

/** True when the value or anything inside it is unknown. */
export function containsUnknown(v: TfValue | undefined): boolean {
  if (v instanceof TfUnknown) return true;
  if (Array.isArray(v)) return v.some(containsUnknown);
  if (isTfObject(v)) return Object.values(v).some(containsUnknown);
  return false;
}

/** The first unknown inside a value, to name it in a finding. */
export function firstUnknown(v: TfValue | undefined): TfUnknown | undefined {
  if (v instanceof TfUnknown) return v;
  const children = Array.isArray(v) ? v : isTfObject(v) ? Object.values(v) : [];
  for (const c of children) {
    const u = firstUnknown(c);
    if (u) return u;
  }
  return undefined;
}

/** Terraform's string conversion of a primitive (numbers and bools convert; null and collections do not). */
export function tfToString(v: TfValue): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}
