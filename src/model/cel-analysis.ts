import { parse } from '@bufbuild/cel';
import { GUID_PATTERN } from './identifiers';

export type Expr = ReturnType<typeof parse>['expr'];

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
  collectIdentifiers(expr, claims);
  const outcome: CelOutcome = { strings: [], booleans: [], computed: 0, otherConstants: [] };
  collectResults(expr, outcome);
  return { ok: true, claims: [...claims], outcome };
}

/** Where a child sits in its parent: a comprehension binds its variables in all but its range, and loops over its body. */
type ChildRole = 'operand' | 'range' | 'init' | 'body' | 'result';

/** The direct children of a node, for the iterative walks below (one place that knows the CEL AST's shape). */
function childrenOf(e: Expr): Array<{ e: Expr | undefined; role: ChildRole }> {
  const k = e.exprKind;
  const operands = (xs: ReadonlyArray<Expr | undefined>) => xs.map((x) => ({ e: x, role: 'operand' as const }));
  switch (k.case) {
    case 'selectExpr':
      return operands([k.value.operand]);
    case 'callExpr':
      return operands([k.value.target, ...k.value.args]);
    case 'listExpr':
      return operands(k.value.elements);
    case 'structExpr':
      return operands(k.value.entries.flatMap((en) => [...(en.keyKind.case === 'mapKey' ? [en.keyKind.value] : []), en.value]));
    case 'comprehensionExpr': {
      const c = k.value;
      return [
        { e: c.iterRange, role: 'range' },
        { e: c.accuInit, role: 'init' },
        { e: c.loopCondition, role: 'body' },
        { e: c.loopStep, role: 'body' },
        { e: c.result, role: 'result' },
      ];
    }
    default:
      return [];
  }
}

/** Top-level identifiers not bound by a comprehension. An explicit stack: a long `a + b + …` chain nests thousands deep. */
function collectIdentifiers(root: Expr | undefined, out: Set<string>): void {
  const stack: { e: Expr | undefined; bound: ReadonlySet<string> }[] = [{ e: root, bound: new Set() }];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const { e, bound } = top;
    if (!e) continue;
    const k = e.exprKind;
    if (k.case === 'identExpr' && !bound.has(k.value.name)) out.add(k.value.name);
    const inner = k.case === 'comprehensionExpr' ? new Set([...bound, k.value.iterVar, k.value.iterVar2, k.value.accuVar].filter((v) => v !== '')) : bound;
    for (const child of childrenOf(e)) stack.push({ e: child.e, bound: child.role === 'operand' || child.role === 'range' ? bound : inner });
  }
}

/** The leaves of the `?:` tree, in source order; iterative for the same reason. */
function collectResults(root: Expr | undefined, out: CelOutcome): void {
  const stack: (Expr | undefined)[] = [root];
  for (let e = stack.pop(); stack.length > 0 || e !== undefined; e = stack.pop()) {
    if (!e) continue;
    const k = e.exprKind;
    if (k.case === 'callExpr' && k.value.function === '_?_:_' && k.value.args.length === 3) {
      stack.push(k.value.args[2], k.value.args[1]);
      continue;
    }
    if (k.case === 'constExpr') {
      const c = k.value.constantKind;
      if (c.case === 'stringValue') out.strings.push(c.value);
      else if (c.case === 'boolValue') out.booleans.push(c.value);
      else out.otherConstants.push(c.case === 'nullValue' ? 'null' : typeof c.value === 'object' ? (c.case ?? 'constant') : String(c.value));
      continue;
    }
    // Comparisons and logical operators are boolean-valued whatever their operands.
    if (k.case === 'callExpr' && /^(_(==|!=|<|<=|>|>=|&&|\|\||in)_|!_|startsWith|endsWith|contains|matches|has|exists|all|exists_one)$/.test(k.value.function)) {
      out.booleans.push(true, false);
      continue;
    }
    out.computed++;
  }
}

/** The shape that decides how long an evaluation can take: nodes, and comprehensions nested in comprehensions. */
export interface CelShape {
  nodes: number;
  /** Deepest nesting of comprehensions (`.all()`, `.exists()`, `.map()`, `.filter()`…). */
  loopDepth: number;
  /** Most elements or entries of one list or map literal: a loop can range over it. */
  widestLiteral: number;
}

/** Counts nodes and loop nesting without recursion. */
export function celShape(root: Expr): CelShape {
  let nodes = 0;
  let loopDepth = 0;
  let widestLiteral = 0;
  const stack: { e: Expr | undefined; depth: number }[] = [{ e: root, depth: 0 }];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const { e, depth } = top;
    if (!e) continue;
    nodes++;
    loopDepth = Math.max(loopDepth, depth);
    const k = e.exprKind;
    if (k.case === 'listExpr') widestLiteral = Math.max(widestLiteral, k.value.elements.length);
    if (k.case === 'structExpr') widestLiteral = Math.max(widestLiteral, k.value.entries.length);
    for (const child of childrenOf(e)) stack.push({ e: child.e, depth: child.role === 'body' ? depth + 1 : depth });
  }
  return { nodes, loopDepth, widestLiteral };
}

export function isRoleId(value: string): boolean {
  return GUID_PATTERN.test(value);
}
