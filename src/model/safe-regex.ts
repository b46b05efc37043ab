import { createContext, runInContext } from 'node:vm';

/**
 * How long one configured regex may run against one value. Keycloak mapper patterns are the user's,
 * the values come from a captured token: a pattern with nested quantifiers, e.g. `(a+)+b`, backtracks
 * exponentially on a crafted 30-character value, and V8 has no linear-time mode to fall back on.
 */
const REGEX_TIMEOUT_MS = 100;

let context: ReturnType<typeof createContext> | undefined;

/**
 * Tests `value` against `pattern` in a separate V8 context with a time limit, so a catastrophic
 * pattern costs at most REGEX_TIMEOUT_MS instead of hanging the extension host or the CLI.
 * Returns undefined when the pattern does not compile or the match ran out of time.
 */
export function regexMatches(pattern: string, value: string): boolean | undefined {
  context ??= createContext(Object.create(null) as object);
  const sandbox = context as { pattern?: string; value?: string };
  sandbox.pattern = pattern;
  sandbox.value = value;
  try {
    const result: unknown = runInContext('new RegExp(pattern).test(value)', context, { timeout: REGEX_TIMEOUT_MS });
    return result === true;
  } catch {
    return undefined;
  } finally {
    delete sandbox.pattern;
    delete sandbox.value;
  }
}
