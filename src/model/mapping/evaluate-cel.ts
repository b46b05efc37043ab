import { isCelError, isCelList, isCelMap, run, type CelInput, type CelValue } from '@bufbuild/cel';
import { isRoleId } from '../cel-analysis';
import type { AuthorizationResult } from './mapping-types';

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
  const bindings: Record<string, CelInput> = {};
  for (const [k, v] of Object.entries(payload)) bindings[k] = toCel(v);
  const result = run(expression, bindings);
  if (isCelError(result)) {
    const missing = /no such (attribute|key)|unresolved attribute|undeclared reference/i.test(result.message);
    return { expression, path, outcome: 'error', message: `the expression failed: ${result.message}${missing ? ' (a claim it reads is not in the token)' : ''}; the login is denied` };
  }
  const returned = show(result);
  if (typeof result === 'string' && isRoleId(result)) return { expression, path, outcome: 'granted', returned, roleId: result, message: `returned IAM role ${result}` };
  if (result === false) return { expression, path, outcome: 'denied', returned, message: 'returned false: access denied' };
  return { expression, path, outcome: 'denied', returned, message: `returned ${returned}, which is not an IAM role UUID: access denied` };
}
