import { createContext, runInContext } from 'node:vm';

/**
 * How long one configured regex may run against one value. Keycloak mapper patterns are the user's,
 * the values come from a captured token: a pattern with nested quantifiers, e.g. `(a+)+b`, backtracks
 * exponentially on a crafted 30-character value, and V8 has no linear-time mode to fall back on.
 */
const REGEX_TIMEOUT_MS = 100;

/**
 * How long all the configured regexes of one analysis may run together. The per-value limit alone
 * let 500 claim values against one slow pattern take 500 × 100 ms; the editor re-runs the analysis
 * on every keystroke.
 */
export const REGEX_TOTAL_BUDGET_MS = 1000;

let context: ReturnType<typeof createContext> | undefined;

/** The budget of the analysis running now (analyses are synchronous, so one at a time). */
let active: { deadline: number; skipped: number } | undefined;

/**
 * Runs `analysis` with one total regex budget: once it is spent, regexMatches answers undefined (no
 * match) at once, and `skipped` counts the matches not tried, so the caller can say so with a
 * finding. Nested calls share the outermost budget and count only their own skipped matches.
 */
export function withRegexBudget<T>(analysis: () => T, totalMs = REGEX_TOTAL_BUDGET_MS): { value: T; skipped: number } {
  if (active) {
    const before = active.skipped;
    const value = analysis();
    return { value, skipped: active.skipped - before };
  }
  const budget = { deadline: performance.now() + totalMs, skipped: 0 };
  active = budget;
  try {
    const value = analysis();
    return { value, skipped: budget.skipped };
  } finally {
    active = undefined;
  }
}

/**
 * The time limit of the next match: REGEX_TIMEOUT_MS, or less when the analysis's budget is nearly
 * spent; undefined (the match counted as skipped) once it is spent.
 */
function matchTimeout(): number | undefined {
  if (!active) return REGEX_TIMEOUT_MS;
  const left = active.deadline - performance.now();
  if (left <= 0) {
    active.skipped++;
    return undefined;
  }
  return Math.max(1, Math.min(REGEX_TIMEOUT_MS, Math.ceil(left)));
}

/**
 * Tests `value` against `pattern` in a separate V8 context with a time limit, so a catastrophic
 * pattern costs at most REGEX_TIMEOUT_MS instead of hanging the extension host or the CLI.
 * Returns undefined when the pattern does not compile, the match ran out of time, or the analysis's
 * total budget (withRegexBudget) is spent.
 */
export function regexMatches(pattern: string, value: string): boolean | undefined {
  const timeout = matchTimeout();
  if (timeout === undefined) return undefined;
  context ??= createContext(Object.create(null) as object);
  const sandbox = context as { pattern?: string; value?: string };
  sandbox.pattern = pattern;
  sandbox.value = value;
  try {
    const result: unknown = runInContext('new RegExp(pattern).test(value)', context, { timeout });
    return result === true;
  } catch {
    return undefined;
  } finally {
    delete sandbox.pattern;
    delete sandbox.value;
  }
}

/**
 * The named and numbered groups of the first match of `pattern` (with `flags`) in `value`, under the same
 * time limits as regexMatches: null when it does not match, undefined when the pattern does not compile,
 * the match ran out of time, or the analysis's budget is spent.
 */
export function regexGroups(pattern: string, flags: string, value: string): { named: Record<string, string>; numbered: string[] } | null | undefined {
  const timeout = matchTimeout();
  if (timeout === undefined) return undefined;
  context ??= createContext(Object.create(null) as object);
  const sandbox = context as { pattern?: string; flags?: string; value?: string };
  sandbox.pattern = pattern;
  sandbox.flags = flags;
  sandbox.value = value;
  try {
    // JSON across the context boundary: plain strings only come back, never objects of the other realm.
    const result: unknown = runInContext(
      '(() => { const m = new RegExp(pattern, flags).exec(value); return m === null ? "null" : JSON.stringify({ named: Object.assign({}, m.groups), numbered: Array.from(m, (x) => x === undefined ? "" : x) }); })()',
      context,
      { timeout },
    );
    if (result === 'null') return null;
    if (typeof result !== 'string') return undefined;
    const parsed = JSON.parse(result) as { named: Record<string, unknown>; numbered: string[] };
    const named: Record<string, string> = Object.create(null) as Record<string, string>;
    for (const [k, v] of Object.entries(parsed.named)) named[k] = typeof v === 'string' ? v : '';
    return { named, numbered: parsed.numbered };
  } catch {
    return undefined;
  } finally {
    delete sandbox.pattern;
    delete sandbox.flags;
    delete sandbox.value;
  }
}
