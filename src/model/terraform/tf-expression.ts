/**
 * The few shapes of an expression string (as hcl2json leaves them: `${…}`) that SSO Lens evaluates:
 * templates with interpolations, references (`var.x`, `azuread_group.g["k"].object_id`) and single
 * function calls whose arguments the HCL parser itself reads (see `parseHclArguments`). Everything else is
 * handed back as "unsupported" and becomes an unknown value, never a guess.
 */

export type TemplatePart = { literal: string } | { expr: string };

/** Index of the character closing the bracket opened at `open` (`{`, `(`, `[`), skipping string literals; -1 if none. */
export function closingIndex(s: string, open: number): number {
  const pairs: Record<string, string> = { '{': '}', '(': ')', '[': ']' };
  const stack: string[] = [];
  for (let i = open; i < s.length; i++) {
    const c = s[i] ?? '';
    if (c === '"') {
      i = stringEnd(s, i);
      if (i < 0) return -1;
      continue;
    }
    const close = pairs[c];
    if (close) stack.push(close);
    else if (c === stack[stack.length - 1]) {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** Index of the quote closing the string literal that starts at `start`; interpolations inside may hold quotes. */
function stringEnd(s: string, start: number): number {
  for (let i = start + 1; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (c === '"') return i;
    else if (c === '$' && s[i + 1] === '{') {
      const end = closingIndex(s, i + 1);
      if (end < 0) return -1;
      i = end;
    }
  }
  return -1;
}

/** Splits a template string into literal text and `${…}` expressions; undefined for `%{…}` directives. */
export function splitTemplate(s: string): TemplatePart[] | undefined {
  const parts: TemplatePart[] = [];
  let literal = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if ((c === '$' || c === '%') && s[i + 1] === c && s[i + 2] === '{') {
      literal += `${c}{`; // `$${` escapes an interpolation
      i += 2;
    } else if (c === '$' && s[i + 1] === '{') {
      const end = closingIndex(s, i + 1);
      if (end < 0) return undefined;
      if (literal) parts.push({ literal });
      literal = '';
      parts.push({ expr: s.slice(i + 2, end).trim() });
      i = end;
    } else if (c === '%' && s[i + 1] === '{') return undefined;
    else literal += c;
  }
  if (literal || parts.length === 0) parts.push({ literal });
  return parts;
}

export type TraversalStep = { name: string } | { key: string | number } | { expr: string };

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*/;

/** `a.b["k"][0].c` as steps; undefined when the expression is anything else. */
export function parseTraversal(expr: string): TraversalStep[] | undefined {
  const steps: TraversalStep[] = [];
  let rest = expr.trim();
  const first = NAME.exec(rest);
  if (!first) return undefined;
  steps.push({ name: first[0] });
  rest = rest.slice(first[0].length);
  while (rest.length > 0) {
    if (rest.startsWith('.')) {
      const m = NAME.exec(rest.slice(1)) ?? /^\d+/.exec(rest.slice(1));
      if (!m) return undefined;
      steps.push(/^\d+$/.test(m[0]) ? { key: Number(m[0]) } : { name: m[0] });
      rest = rest.slice(1 + m[0].length);
    } else if (rest.startsWith('[')) {
      const m = /^\[\s*(?:"((?:[^"\\$]|\\.)*)"|(\d+))\s*\]/.exec(rest);
      if (m) {
        steps.push(m[2] !== undefined ? { key: Number(m[2]) } : { key: JSON.parse(`"${m[1] ?? ''}"`) as string });
        rest = rest.slice(m[0].length);
        continue;
      }
      // An index by expression: `[each.key]`, `[var.name]`.
      const close = closingIndex(rest, 0);
      if (close < 0) return undefined;
      steps.push({ expr: rest.slice(1, close).trim() });
      rest = rest.slice(close + 1);
    } else return undefined;
  }
  return steps;
}

/** `name(args)` when the whole expression is one call; the argument text is returned unparsed. */
export function parseCall(expr: string): { name: string; args: string } | undefined {
  const m = /^([a-z][a-z0-9_]*)\s*\(/.exec(expr.trim());
  if (!m) return undefined;
  const s = expr.trim();
  const open = m[0].length - 1;
  const close = closingIndex(s, open);
  if (close !== s.length - 1) return undefined;
  return { name: m[1] ?? '', args: s.slice(open + 1, close) };
}

/** Every expression inside the `${…}` strings of a parsed value (for the argument pre-pass). */
export function expressionsIn(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') {
    for (const p of splitTemplate(v) ?? []) if ('expr' in p) out.push(p.expr);
  } else if (Array.isArray(v)) for (const x of v) expressionsIn(x, out);
  else if (v !== null && typeof v === 'object') for (const x of Object.values(v)) expressionsIn(x, out);
  return out;
}
