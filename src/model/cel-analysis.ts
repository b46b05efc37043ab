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

/** Top-level identifiers not bound by a comprehension. An explicit stack: a long `a + b + …` chain nests thousands deep. */
function collectIdentifiers(root: Expr | undefined, out: Set<string>): void {
  const stack: { e: Expr | undefined; bound: ReadonlySet<string> }[] = [{ e: root, bound: new Set() }];
  for (let top = stack.pop(); top; top = stack.pop()) {
    const { e, bound } = top;
    if (!e) continue;
    const k = e.exprKind;
    const push = (x: Expr | undefined, b: ReadonlySet<string> = bound): void => {
      stack.push({ e: x, bound: b });
    };
    switch (k.case) {
      case 'identExpr':
        if (!bound.has(k.value.name)) out.add(k.value.name);
        break;
      case 'selectExpr':
        push(k.value.operand);
        break;
      case 'callExpr':
        push(k.value.target);
        k.value.args.forEach((a) => push(a));
        break;
      case 'listExpr':
        k.value.elements.forEach((a) => push(a));
        break;
      case 'structExpr':
        k.value.entries.forEach((en) => {
          if (en.keyKind.case === 'mapKey') push(en.keyKind.value);
          push(en.value);
        });
        break;
      case 'comprehensionExpr': {
        const c = k.value;
        push(c.iterRange);
        const inner = new Set([...bound, c.iterVar, c.iterVar2, c.accuVar].filter((v) => v !== ''));
        for (const part of [c.accuInit, c.loopCondition, c.loopStep, c.result]) push(part, inner);
        break;
      }
      default:
        break;
    }
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
    const push = (x: Expr | undefined, d = depth): void => {
      stack.push({ e: x, depth: d });
    };
    switch (k.case) {
      case 'selectExpr':
        push(k.value.operand);
        break;
      case 'callExpr':
        push(k.value.target);
        k.value.args.forEach((a) => push(a));
        break;
      case 'listExpr':
        widestLiteral = Math.max(widestLiteral, k.value.elements.length);
        k.value.elements.forEach((a) => push(a));
        break;
      case 'structExpr':
        widestLiteral = Math.max(widestLiteral, k.value.entries.length);
        k.value.entries.forEach((en) => {
          if (en.keyKind.case === 'mapKey') push(en.keyKind.value);
          push(en.value);
        });
        break;
      case 'comprehensionExpr': {
        const c = k.value;
        push(c.iterRange);
        push(c.accuInit);
        push(c.result);
        for (const part of [c.loopCondition, c.loopStep]) push(part, depth + 1);
        break;
      }
      default:
        break;
    }
  }
  return { nodes, loopDepth, widestLiteral };
}

export function isRoleId(value: string): boolean {
  return GUID_PATTERN.test(value);
}
