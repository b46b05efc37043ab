/**
 * How deeply JSON text nests, measured on the text before parsing. `JSON.parse` copes with very
 * deep input, but everything after it that walks the value recursively (`JSON.stringify` for the
 * CLI's `--json`, the report presenters) overflows the stack at a few thousand levels, so a hostile
 * token of `[[[[…]]]]` would crash the report instead of producing a finding.
 */

/**
 * Deepest nesting real SSO JSON needs is about 4 (Keycloak `resource_access.<client>.roles`, Entra
 * `_claim_sources.src1.endpoint`); 64 leaves ample room and stays far below any stack limit.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * The maximum `{`/`[` nesting in `text`, ignoring brackets inside strings (and, with `comments`, inside
 * JSONC's `//` and `/* *\/` comments, as jsonc-parser reads them); stops counting past `limit`.
 */
export function jsonNestingDepth(text: string, limit: number = MAX_JSON_DEPTH, comments = false): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
      continue;
    }
    if (comments && c === 0x2f /* / */) {
      const next = text.charCodeAt(i + 1);
      if (next === 0x2f) {
        // A line comment ends at a line break (jsonc-parser: \n or \r).
        i += 2;
        while (i < text.length && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
        continue;
      }
      if (next === 0x2a /* * */) {
        const end = text.indexOf('*/', i + 2);
        i = end < 0 ? text.length : end + 1;
        continue;
      }
    }
    if (c === 0x22) inString = true;
    else if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
      depth++;
      if (depth > max) {
        max = depth;
        if (max > limit) return max;
      }
    } else if (c === 0x7d /* } */ || c === 0x5d /* ] */) depth--;
  }
  return max;
}

/** The same measure on an already parsed value, without recursion (the value may be hostile). */
export function valueNestingDepth(value: unknown, limit: number = MAX_JSON_DEPTH): number {
  let max = 0;
  const stack: Array<{ v: unknown; d: number }> = [{ v: value, d: 0 }];
  while (stack.length) {
    const top = stack.pop();
    if (!top || typeof top.v !== 'object' || top.v === null) continue;
    const d = top.d + 1;
    if (d > max) {
      max = d;
      if (max > limit) return max;
    }
    for (const child of Object.values(top.v)) stack.push({ v: child, d });
  }
  return max;
}
