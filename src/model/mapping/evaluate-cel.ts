import { isCelError, isCelList, isCelMap, parse, run, type CelInput, type CelValue } from '@bufbuild/cel';
import { celShape, isRoleId } from '../cel-analysis';
import type { AuthorizationResult } from './mapping-types';

/**
 * Most loop iterations an evaluation may need. @bufbuild/cel has no cost limit and evaluates on the
 * calling thread, so nested `.all()`/`.exists()` over a claim list grow as width^depth (eight deep over
 * ten groups: 10^8 steps, minutes). About 2 µs a step measured, so this is well under a second.
 */
export const CEL_ITERATION_BUDGET = 250_000;

/** Largest list or map anywhere in the claims (iterative: claims are hostile JSON). */
function widestCollection(payload: Record<string, unknown>): number {
  let widest = 0;
  // The top-level claims are bindings, not a collection a loop ranges over.
  const stack: unknown[] = Object.values(payload);
  for (let budget = 1_000_000; stack.length > 0 && budget > 0; budget--) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      widest = Math.max(widest, v.length);
      for (const x of v) if (x !== null && typeof x === 'object') stack.push(x);
    } else if (v !== null && typeof v === 'object') {
      const values = Object.values(v);
      widest = Math.max(widest, values.length);
      for (const x of values) if (x !== null && typeof x === 'object') stack.push(x);
    }
  }
  return widest;
}

/** A static estimate from the AST, checked before running: loops nested `depth` deep over the widest collection. */
function overBudget(expression: string, payload: Record<string, unknown>): { depth: number; width: number; iterations: number } | undefined {
  let shape;
  try {
    shape = celShape(parse(expression).expr);
  } catch {
    return undefined; // run() reports the syntax error
  }
  if (shape.loopDepth === 0) return undefined;
  const width = Math.max(2, shape.widestLiteral, widestCollection(payload));
  const iterations = width ** shape.loopDepth;
  return iterations > CEL_ITERATION_BUDGET ? { depth: shape.loopDepth, width, iterations } : undefined;
}

/** JSON claims as CEL values: objects become maps, numbers doubles (as cel-go reads JSON). */
function toCel(value: unknown): CelInput {
  if (Array.isArray(value)) return value.map(toCel);
  if (value !== null && typeof value === 'object') return new Map(Object.entries(value).map(([k, v]) => [k, toCel(v)]));
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
  return null;
}

function show(value: CelValue): string {
  if (typeof value === 'string' || typeof value === 'boolean' || typeof value === 'number' || value === null) return JSON.stringify(value);
  if (typeof value === 'bigint') return value.toString();
  if (isCelList(value)) return `[list of ${value.size}]`;
  if (isCelMap(value)) return `{map of ${value.size}}`;
  return typeof value === 'object' ? 'a value of another type' : 'an unknown value';
}

/**
 * Evaluates an authorization expression the way Exoscale does at login: against the ID token payload,
 * dynamically typed (its own example mixes string and bool branches). A valid IAM role UUID grants
 * that role; anything else — false, another string, an error such as a missing claim — denies access
 * [seed: exoscale-oidc-cel.txt]. Uses @bufbuild/cel, a real CEL implementation (cel-spec conformant).
 */
export function evaluateAuthorization(expression: string, payload: Record<string, unknown>, path: string): AuthorizationResult {
  const over = overBudget(expression, payload);
  if (over !== undefined) return { expression, path, outcome: 'error', budgetExceeded: true, message: `was not evaluated: its loops nest ${over.depth} deep over up to ${over.width} elements (about ${over.iterations.toExponential(1)} iterations, more than the ${CEL_ITERATION_BUDGET.toLocaleString('en')} SSO Lens evaluates); whether it grants access is unknown` };
  const bindings: Record<string, CelInput> = {};
  for (const [k, v] of Object.entries(payload)) bindings[k] = toCel(v);
  const result = run(expression, bindings);
  if (isCelError(result)) {
    const missing = /no such (attribute|key)|unresolved attribute|undeclared reference/i.test(result.message);
    return { expression, path, outcome: 'error', message: `could not be evaluated: ${result.message}${missing ? ' (a claim it reads is not in the token)' : ''}, so the login is denied` };
  }
  const returned = show(result);
  if (typeof result === 'string' && isRoleId(result)) return { expression, path, outcome: 'granted', returned, roleId: result, message: `returned IAM role ${result}` };
  if (result === false) return { expression, path, outcome: 'denied', returned, message: 'returned false: access denied' };
  return { expression, path, outcome: 'denied', returned, message: `returned ${returned}, which is not an IAM role UUID: access denied` };
}
