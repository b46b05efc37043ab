import { parse } from '@bufbuild/cel';
import { GUID_PATTERN } from './identifiers';

type Expr = ReturnType<typeof parse>['expr'];

/** What an authorization expression can return, as far as its shape tells. */
export interface CelOutcome {
  /** Constant strings among the possible results. */
  strings: string[];
  /** Constant booleans among the possible results. */
  booleans: boolean[];
  /** Results computed at run time (not constants): their value cannot be known statically. */
  computed: number;
  /** Other constant kinds (numbers, null…). */
  otherConstants: string[];
}

export type CelAnalysis =
  | { ok: true; claims: string[]; outcome: CelOutcome }
  | { ok: false; message: string };

/**
 * Parses a CEL expression with @bufbuild/cel (the same grammar as cel-go, which Exoscale and
 * Kubernetes use) and walks it: the top-level identifiers are ID-token claims, and the leaves of the
 * conditional (`?:`) tree are the possible results. No type checking: Exoscale evaluates dynamically,
 * so its documented `cond ? 'uuid' : false` (string and bool branches) works (DOMAIN-FACTS.md, CEL).
 */
export function analyzeCel(expression: string): CelAnalysis {
  let expr: Expr;
  try {
    expr = parse(expression).expr;
  } catch (e) {
    return { ok: false, message: (e as Error).message.replace(/^<input>:/, '') };
  }
  const claims = new Set<string>();
  collectIdentifiers(expr, new Set(), claims);
  const outcome: CelOutcome = { strings: [], booleans: [], computed: 0, otherConstants: [] };
  collectResults(expr, outcome);
  return { ok: true, claims: [...claims], outcome };
}

function collectIdentifiers(e: Expr | undefined, bound: Set<string>, out: Set<string>): void {
  if (!e) return;
  const k = e.exprKind;
  switch (k.case) {
    case 'identExpr':
      if (!bound.has(k.value.name)) out.add(k.value.name);
      return;
    case 'selectExpr':
      collectIdentifiers(k.value.operand, bound, out);
      return;
    case 'callExpr':
      collectIdentifiers(k.value.target, bound, out);
      k.value.args.forEach((a) => collectIdentifiers(a, bound, out));
      return;
    case 'listExpr':
      k.value.elements.forEach((a) => collectIdentifiers(a, bound, out));
      return;
    case 'structExpr':
      k.value.entries.forEach((en) => {
        if (en.keyKind.case === 'mapKey') collectIdentifiers(en.keyKind.value, bound, out);
        collectIdentifiers(en.value, bound, out);
      });
      return;
    case 'comprehensionExpr': {
      const c = k.value;
      collectIdentifiers(c.iterRange, bound, out);
      const inner = new Set([...bound, c.iterVar, c.iterVar2, c.accuVar].filter((v) => v !== ''));
      for (const part of [c.accuInit, c.loopCondition, c.loopStep, c.result]) collectIdentifiers(part, inner, out);
      return;
    }
    default:
      return;
  }
}

function collectResults(e: Expr | undefined, out: CelOutcome): void {
  if (!e) return;
  const k = e.exprKind;
  if (k.case === 'callExpr' && k.value.function === '_?_:_' && k.value.args.length === 3) {
    collectResults(k.value.args[1], out);
    collectResults(k.value.args[2], out);
    return;
  }
  if (k.case === 'constExpr') {
    const c = k.value.constantKind;
    if (c.case === 'stringValue') out.strings.push(c.value);
    else if (c.case === 'boolValue') out.booleans.push(c.value);
    else out.otherConstants.push(c.case === 'nullValue' ? 'null' : typeof c.value === 'object' ? (c.case ?? 'constant') : String(c.value));
    return;
  }
  // Comparisons and logical operators are boolean-valued whatever their operands.
  if (k.case === 'callExpr' && /^(_(==|!=|<|<=|>|>=|&&|\|\||in)_|!_|startsWith|endsWith|contains|matches|has|exists|all|exists_one)$/.test(k.value.function)) {
    out.booleans.push(true, false);
    return;
  }
  out.computed++;
}

export function isRoleId(value: string): boolean {
  return GUID_PATTERN.test(value);
}
