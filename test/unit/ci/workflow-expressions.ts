/**
 * The part of GitHub Actions' expression language action.yml uses, evaluated for the local run of
 * the action: `${{ … }}` with contexts (`inputs.x`, `steps.id.outputs.y`, `github.action_path`),
 * string literals, `==`, `!=`, `&&`, `||`, `!`, parentheses and `always()`.
 * https://docs.github.com/actions/reference/workflows-and-actions/expressions
 * Anything else throws: the test must fail on an expression it does not understand, not guess.
 */
export type Contexts = Record<string, unknown>;
type Value = string | boolean | undefined;

export function substitute(text: string, ctx: Contexts): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => toText(evaluate(expr, ctx)));
}

/** A step's `if:` (with or without `${{ }}`); absent means success(), which holds in these runs until a step fails. */
export function condition(expr: string | undefined, ctx: Contexts): boolean {
  if (expr === undefined) return true;
  const inner = /^\s*\$\{\{(.*)\}\}\s*$/s.exec(expr)?.[1] ?? expr;
  return truthy(evaluate(inner, ctx));
}

function toText(v: Value): string {
  return v === undefined ? '' : String(v);
}
function truthy(v: Value): boolean {
  return v !== undefined && v !== '' && v !== false;
}

export function evaluate(expr: string, ctx: Contexts): Value {
  const tokens = expr.match(/\s*('(?:[^']|'')*'|==|!=|&&|\|\||!|\(|\)|[A-Za-z_][\w.-]*\(\)|[A-Za-z_][\w.-]*)/g)?.map((t) => t.trim()) ?? [];
  if (tokens.join('') !== expr.replace(/\s+/g, '')) throw new Error(`unsupported expression: ${expr}`);
  let i = 0;
  const peek = (): string | undefined => tokens[i];
  const next = (): string => {
    const t = tokens[i++];
    if (t === undefined) throw new Error(`unexpected end of ${expr}`);
    return t;
  };
  const primary = (): Value => {
    const t = next();
    if (t === '(') {
      const v = or();
      if (next() !== ')') throw new Error(`missing ) in ${expr}`);
      return v;
    }
    if (t === '!') return !truthy(primary());
    if (t.startsWith("'")) return t.slice(1, -1).replace(/''/g, "'");
    if (t === 'always()') return true;
    if (t.endsWith('()')) throw new Error(`unsupported function ${t}`);
    let cur: unknown = ctx;
    for (const part of t.split('.')) cur = cur !== null && typeof cur === 'object' ? (cur as Record<string, unknown>)[part] : undefined;
    return typeof cur === 'string' || typeof cur === 'boolean' ? cur : undefined;
  };
  const compare = (): Value => {
    const left = primary();
    const op = peek();
    if (op !== '==' && op !== '!=') return left;
    next();
    const right = primary();
    // Strings compare case-insensitively in Actions; every value here is a string or absent ('').
    const same = toText(left).toLowerCase() === toText(right).toLowerCase();
    return op === '==' ? same : !same;
  };
  const and = (): Value => {
    let v = compare();
    while (peek() === '&&') {
      next();
      const r = compare();
      v = truthy(v) ? r : v;
    }
    return v;
  };
  const or = (): Value => {
    let v = and();
    while (peek() === '||') {
      next();
      const r = and();
      v = truthy(v) ? v : r;
    }
    return v;
  };
  const v = or();
  if (i !== tokens.length) throw new Error(`unexpected ${tokens[i]} in ${expr}`);
  return v;
}
