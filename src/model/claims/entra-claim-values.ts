/**
 * The value Entra emits for one configured claim for one user: the source attribute or constant, its
 * transformations, and the claim conditions by user type and scoped groups
 * [doc: https://learn.microsoft.com/en-us/entra/identity-platform/saml-claims-customization#emit-claims-based-on-conditions].
 * Pure: no `vscode`.
 */
import type { ClaimCondition, ClaimTransformation, TestUser } from '../config-types';
import { applyTransformations, isAttributeOperand, type OperandReader } from './entra-claim-transformations';

export interface EmittedClaimValue {
  values: string[];
  /** Which row produced the value: `source`, or the index of the claim condition that won. */
  from: 'source' | { condition: number };
  problem?: string;
}

function readOperand(operand: string, reader: OperandReader): string[] {
  return isAttributeOperand(operand) ? reader(operand.trim()) : operand === '' ? [] : [operand];
}

/** Whether a condition's user type takes this user; a guest whose home is not in the config matches neither guest kind. */
export function userTypeMatches(condition: ClaimCondition, user: TestUser): boolean {
  switch (condition.userType) {
    case 'any':
      return true;
    case 'members':
      return user.guest !== true;
    case 'allGuests':
      return user.guest === true;
    case 'entraGuests':
      return user.guest === true && user.guestHome === 'entra';
    case 'externalGuests':
      return user.guest === true && user.guestHome === 'external';
  }
}

function conditionMatches(condition: ClaimCondition, user: TestUser): boolean {
  if (!userTypeMatches(condition, user)) return false;
  const scoped = condition.groups ?? [];
  return scoped.length === 0 || scoped.some((g) => (user.groups ?? []).includes(g));
}

function evaluate(source: string | undefined, chain: readonly ClaimTransformation[] | undefined, reader: OperandReader): { values: string[]; problem?: string } {
  const base = source !== undefined ? readOperand(source, reader) : [];
  if (!chain || chain.length === 0) return { values: base };
  return applyTransformations(chain, base, reader);
}

/**
 * Attribute conditions are evaluated first, then Transformation ones, each group top to bottom; the last
 * matching condition with a value wins, and one whose value is empty is ignored (the claim falls back).
 */
export function entraClaimValue(claim: { source: string; transformations?: ClaimTransformation[]; conditions?: ClaimCondition[] }, user: TestUser, reader: OperandReader): EmittedClaimValue {
  const base = evaluate(claim.source, claim.transformations, reader);
  let result: EmittedClaimValue = { values: base.values, from: 'source', ...(base.problem !== undefined ? { problem: base.problem } : {}) };
  const conditions = (claim.conditions ?? []).map((c, i) => ({ c, i }));
  const ordered = [...conditions.filter(({ c }) => !c.transformations?.length), ...conditions.filter(({ c }) => (c.transformations?.length ?? 0) > 0)];
  for (const { c, i } of ordered) {
    if (!conditionMatches(c, user)) continue;
    const r = evaluate(c.source ?? (c.transformations?.length ? claim.source : undefined), c.transformations, reader);
    if (r.values.length > 0) result = { values: r.values, from: { condition: i }, ...(r.problem !== undefined ? { problem: r.problem } : {}) };
  }
  return result;
}
