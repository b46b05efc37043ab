import { joinPath, type ArgumentCache, type TfBlockSource, type TfDecl, type TfModule } from './tf-module';
import { parseCall, parseTraversal, splitTemplate, type TraversalStep } from './tf-expression';
import { isTfObject, isUnknown, TfUnknown, tfToString, type TfValue } from './tf-value';

/** `each`, `count` and dynamic-block iterators in force while an instance's body is evaluated. */
export type Scope = Record<string, TfValue>;

/** One evaluated resource or data source instance. */
export interface TfInstance {
  /** Full address, e.g. `module.saml_app["spark-keycloak"].azuread_application.this`. */
  address: string;
  mode: 'managed' | 'data';
  type: string;
  name: string;
  /** for_each key or count index. */
  key?: string | number;
  /** Module call path from the root: names with their instance keys. */
  modulePath: Array<{ name: string; key?: string | number }>;
  attrs: { [key: string]: TfValue };
  source: TfBlockSource;
  /** The block as written (unevaluated), to read the references it names. */
  raw: Record<string, unknown>;
  /** The folder of the module that declares it (`path.module`). */
  moduleDir: string;
}

export interface TfEvaluation {
  instances: TfInstance[];
  /** Provider configurations of the root module, evaluated. */
  providers: Array<{ name: string; alias?: string; attrs: { [key: string]: TfValue }; source: TfBlockSource }>;
  /** What could not be evaluated and where (for_each over unknowns, modules not fetched). */
  gaps: Array<{ source: TfBlockSource; message: string }>;
}

export interface EvaluateOptions {
  argCache: ArgumentCache;
  /** Values the user pinned for attributes known only after apply, by `address.attribute` (sidecar `values`). */
  pinned?: Record<string, TfValue>;
  /** Root folder: `file()` paths are returned relative to it. */
  rootDir: string;
}

const META = new Set(['for_each', 'count', 'depends_on', 'provider', 'lifecycle', 'providers', 'source', 'version', 'provisioner', 'connection']);

/** A resource instance's attributes, marked so that reading an attribute it does not set gives a computed unknown. */
const resourceObjects = new WeakMap<object, string>();

/**
 * Evaluates a loaded module as `terraform plan` would before it talks to any API: variables (tfvars, then
 * defaults), locals, references between resources, `for_each`/`count` instances, dynamic blocks and local
 * child modules. What only the provider knows stays a `TfUnknown`.
 */
export function evaluateModule(root: TfModule, options: EvaluateOptions): TfEvaluation {
  const out: TfEvaluation = { instances: [], providers: [], gaps: [] };
  const ev = new ModuleEvaluator(root, undefined, [], options, out);
  ev.collectAll();
  for (const p of root.providers) {
    const attrs = ev.evalBody(p.body, {});
    const alias = tfToString(attrs['alias'] ?? null);
    out.providers.push({ name: p.name, ...(alias !== undefined ? { alias } : {}), attrs, source: p.source });
  }
  return out;
}

class ModuleEvaluator {
  private readonly localMemo = new Map<string, TfValue>();
  private readonly resourceMemo = new Map<string, TfValue>();
  private readonly moduleMemo = new Map<string, TfValue>();
  private readonly inProgress = new Set<string>();

  constructor(
    private readonly m: TfModule,
    /** Input values of a child module call; undefined for the root (tfvars apply). */
    private readonly inputs: Map<string, TfValue> | undefined,
    private readonly modulePath: Array<{ name: string; key?: string | number }>,
    private readonly options: EvaluateOptions,
    private readonly out: TfEvaluation,
  ) {}

  private get prefix(): string {
    return this.modulePath.map((p) => `module.${p.name}${p.key === undefined ? '' : `[${JSON.stringify(p.key)}]`}.`).join('');
  }

  collectAll(): void {
    for (const [key, decl] of this.m.resources) {
      const v = this.resource(key);
      const instances: Array<[string | number | undefined, TfValue]> = isTfObject(v) && resourceObjects.has(v) ? [[undefined, v]] : isTfObject(v) ? Object.entries(v) : Array.isArray(v) ? v.map((x, i) => [i, x]) : [];
      if (isUnknown(v)) this.out.gaps.push({ source: decl.source, message: `instances of ${this.prefix}${key} are unknown: ${v.describe()}` });
      for (const [k, attrs] of instances) {
        if (!isTfObject(attrs)) continue;
        this.out.instances.push({
          address: `${this.prefix}${key}${k === undefined ? '' : `[${JSON.stringify(k)}]`}`,
          mode: decl.mode,
          type: decl.type,
          name: decl.name,
          ...(k !== undefined ? { key: k } : {}),
          modulePath: this.modulePath,
          attrs,
          source: decl.source,
          raw: decl.body,
          moduleDir: this.m.dir,
        });
      }
    }
    for (const [name, call] of this.m.modules) {
      if (call.missing) {
        this.out.gaps.push({ source: call.source, message: call.missing });
        continue;
      }
      for (const [key, child] of this.childEvaluators(name, call)) {
        void key;
        child.collectAll();
      }
    }
  }

  private readonly childMemo = new Map<string, Array<[string | number | undefined, ModuleEvaluator]>>();

  private childEvaluators(name: string, call: TfDecl & { child?: TfModule }): Array<[string | number | undefined, ModuleEvaluator]> {
    const memo = this.childMemo.get(name);
    if (memo) return memo;
    const result: Array<[string | number | undefined, ModuleEvaluator]> = [];
    const child = call.child;
    if (child) {
      for (const [key, scope] of this.instanceScopes(call.body, {})) {
        const inputs = new Map<string, TfValue>();
        for (const [k, v] of Object.entries(call.body)) if (!META.has(k)) inputs.set(k, this.evalValue(v, scope));
        result.push([key, new ModuleEvaluator(child, inputs, [...this.modulePath, { name, ...(key !== undefined ? { key } : {}) }], this.options, this.out)]);
      }
    }
    this.childMemo.set(name, result);
    return result;
  }

  /** The instances a `for_each` / `count` body expands to, each with its scope; [[undefined, {}]] for a single one; [] when unknown. */
  private instanceScopes(body: Record<string, unknown>, outer: Scope): Array<[string | number | undefined, Scope]> {
    if ('for_each' in body) {
      const each = this.evalValue(body['for_each'], outer);
      if (isTfObject(each)) return Object.entries(each).map(([k, v]) => [k, { ...outer, each: { key: k, value: v } }]);
      if (Array.isArray(each)) return each.map((v) => tfToString(v)).filter((k): k is string => k !== undefined).map((k) => [k, { ...outer, each: { key: k, value: k } }]);
      return [];
    }
    if ('count' in body) {
      const n = this.evalValue(body['count'], outer);
      if (typeof n !== 'number') return [];
      return Array.from({ length: Math.max(0, Math.min(n, 1000)) }, (_, i) => [i, { ...outer, count: { index: i } }]);
    }
    return [[undefined, outer]];
  }

  private resource(key: string): TfValue {
    const memo = this.resourceMemo.get(key);
    if (memo !== undefined) return memo;
    const decl = this.m.resources.get(key);
    if (!decl) return new TfUnknown('undeclared', key);
    if (this.inProgress.has(`r:${key}`)) return new TfUnknown('unsupported', key);
    this.inProgress.add(`r:${key}`);
    const expand = 'for_each' in decl.body || 'count' in decl.body;
    const scopes = this.instanceScopes(decl.body, {});
    let value: TfValue;
    if (expand && scopes.length === 0) value = new TfUnknown('unsupported', `${key} for_each/count`);
    else {
      const instance = (k: string | number | undefined, scope: Scope): { [key: string]: TfValue } => {
        const attrs = this.evalBody(decl.body, scope);
        for (const meta of META) delete attrs[meta];
        const address = `${this.prefix}${key}${k === undefined ? '' : `[${JSON.stringify(k)}]`}`;
        // Values the user pinned for attributes only apply decides (sidecar `values`).
        for (const [pin, v] of Object.entries(this.options.pinned ?? {})) {
          const attr = pin.startsWith(`${address}.`) ? pin.slice(address.length + 1) : undefined;
          if (attr !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(attr) && attrs[attr] === undefined) attrs[attr] = v;
        }
        const obj = withKnownComputed(decl.type, attrs);
        resourceObjects.set(obj, address);
        return obj;
      };
      if (!expand) value = instance(undefined, scopes[0]?.[1] ?? {});
      else if ('count' in decl.body) value = scopes.map(([k, s]) => instance(k, s));
      else value = Object.fromEntries(scopes.map(([k, s]) => [String(k), instance(k, s)]));
    }
    this.inProgress.delete(`r:${key}`);
    this.resourceMemo.set(key, value);
    return value;
  }

  /** A block body: attributes evaluated, nested blocks kept as lists, `dynamic` blocks expanded. */
  evalBody(body: Record<string, unknown>, scope: Scope): { [key: string]: TfValue } {
    const out: { [key: string]: TfValue } = {};
    for (const [k, v] of Object.entries(body)) {
      if (k === 'dynamic') continue;
      if (k === 'for_each' || k === 'count') continue;
      out[k] = this.evalValue(v, scope);
    }
    const dynamic = body['dynamic'];
    if (dynamic !== null && typeof dynamic === 'object' && !Array.isArray(dynamic)) {
      for (const [blockName, specs] of Object.entries(dynamic)) {
        const blocks: TfValue[] = Array.isArray(out[blockName]) ? [...(out[blockName])] : [];
        for (const spec of Array.isArray(specs) ? specs : []) {
          if (spec === null || typeof spec !== 'object') continue;
          const s = spec as Record<string, unknown>;
          const iterator = typeof s['iterator'] === 'string' ? s['iterator'].replace(/^\$\{(.*)\}$/, '$1') : blockName;
          const each = this.evalValue(s['for_each'], scope);
          const items: Array<[string | number, TfValue]> = isTfObject(each) ? Object.entries(each) : Array.isArray(each) ? each.map((v, i) => [i, v]) : [];
          const content = Array.isArray(s['content']) ? (s['content'][0] as Record<string, unknown> | undefined) : undefined;
          if (!content) continue;
          if (isUnknown(each)) blocks.push(each);
          for (const [key, value] of items) blocks.push(this.evalBody(content, { ...scope, [iterator]: { key: Array.isArray(each) ? (tfToString(value) ?? key) : key, value } }));
        }
        out[blockName] = blocks;
      }
    }
    return out;
  }

  evalValue(v: unknown, scope: Scope): TfValue {
    if (typeof v === 'string') return this.evalTemplate(v, scope);
    if (typeof v === 'number' || typeof v === 'boolean' || v === null) return v;
    if (Array.isArray(v)) return v.map((x) => this.evalValue(x, scope));
    if (typeof v === 'object') {
      const out: { [key: string]: TfValue } = {};
      for (const [k, x] of Object.entries(v)) {
        const key = k.includes('${') ? tfToString(this.evalTemplate(k, scope)) : k;
        if (key === undefined) return new TfUnknown('unsupported', k);
        out[key] = this.evalValue(x, scope);
      }
      return out;
    }
    return null;
  }

  private evalTemplate(s: string, scope: Scope): TfValue {
    if (!s.includes('${') && !s.includes('%{')) return s;
    const parts = splitTemplate(s);
    if (!parts) return new TfUnknown('unsupported', s);
    const [only] = parts;
    if (parts.length === 1 && only && 'expr' in only) return this.evalExpr(only.expr, scope);
    let text = '';
    for (const p of parts) {
      if ('literal' in p) text += p.literal;
      else {
        const v = this.evalExpr(p.expr, scope);
        if (isUnknown(v)) return v.reason === 'computed' ? v : new TfUnknown(v.reason, v.expression, v.ref);
        const str = tfToString(v);
        if (str === undefined) return new TfUnknown('unsupported', p.expr);
        text += str;
      }
    }
    return text;
  }

  private evalExpr(expr: string, scope: Scope): TfValue {
    const e = expr.trim();
    if (/^-?\d+(\.\d+)?$/.test(e)) return Number(e);
    if (e === 'true' || e === 'false') return e === 'true';
    if (e === 'null') return null;
    if (/^"([^"\\$%]|\\.)*"$/.test(e)) return JSON.parse(e) as string;
    const steps = parseTraversal(e);
    if (steps) return this.traverse(steps, e, scope);
    const call = parseCall(e);
    if (call) return this.callFunction(call.name, call.args, e, scope);
    return new TfUnknown('unsupported', e);
  }

  private traverse(steps: TraversalStep[], expr: string, scope: Scope): TfValue {
    const [head, ...rest] = steps;
    if (!head || !('name' in head)) return new TfUnknown('unsupported', expr);
    let base: TfValue;
    let consumed = 1;
    const second = rest[0];
    const secondName = second && 'name' in second ? second.name : undefined;
    if (head.name in scope) base = scope[head.name] ?? null;
    else if (secondName && (head.name === 'var' || head.name === 'local' || head.name === 'path' || head.name === 'module')) {
      consumed = 2;
      if (head.name === 'var') base = this.variable(secondName, expr);
      else if (head.name === 'local') base = this.local(secondName, expr);
      else if (head.name === 'module') base = this.moduleOutputs(secondName, expr);
      else base = secondName === 'module' ? this.m.dir : secondName === 'root' ? this.options.rootDir : new TfUnknown('unsupported', expr);
    } else if (head.name === 'data') {
      const third = rest[1];
      if (!secondName || !third || !('name' in third)) return new TfUnknown('unsupported', expr);
      base = this.resource(`data.${secondName}.${third.name}`);
      consumed = 3;
    } else if (secondName && this.m.resources.has(`${head.name}.${secondName}`)) {
      base = this.resource(`${head.name}.${secondName}`);
      consumed = 2;
    } else if (secondName) return new TfUnknown('undeclared', expr);
    else return new TfUnknown('unsupported', expr);
    for (const step of steps.slice(consumed)) {
      if ('expr' in step) {
        const k = this.evalExpr(step.expr, scope);
        if (isUnknown(k)) return k;
        const key = typeof k === 'number' ? k : tfToString(k);
        if (key === undefined) return new TfUnknown('unsupported', expr);
        base = this.step(base, { key }, expr);
      } else base = this.step(base, step, expr);
    }
    return base;
  }

  private step(base: TfValue, step: { name: string } | { key: string | number }, expr: string): TfValue {
    const key = 'name' in step ? step.name : step.key;
    if (isUnknown(base)) {
      if (base.reason === 'computed' && base.ref) {
        const ref = { address: base.ref.address, attribute: [...base.ref.attribute, String(key)] };
        return this.pinnedOr(ref, expr);
      }
      return base;
    }
    if (Array.isArray(base)) {
      const v = typeof key === 'number' ? base[key] : undefined;
      return v === undefined ? new TfUnknown('undeclared', expr) : v;
    }
    if (isTfObject(base)) {
      const v = base[String(key)];
      if (v !== undefined) return v;
      const address = resourceObjects.get(base);
      if (address !== undefined) return this.pinnedOr({ address, attribute: [String(key)] }, expr);
      return new TfUnknown('undeclared', expr);
    }
    return new TfUnknown('unsupported', expr);
  }

  private pinnedOr(ref: { address: string; attribute: string[] }, expr: string): TfValue {
    const pinned = this.options.pinned?.[`${ref.address}.${ref.attribute.join('.')}`];
    return pinned !== undefined ? pinned : new TfUnknown('computed', expr, ref);
  }

  private variable(name: string, expr: string): TfValue {
    if (this.inputs) {
      if (this.inputs.has(name)) return this.inputs.get(name) ?? null;
    } else {
      const tfvar = this.m.tfvars.get(name);
      if (tfvar) return this.evalValue(tfvar.value, {});
    }
    const decl = this.m.variables.get(name);
    if (!decl) return new TfUnknown('undeclared', expr);
    if ('default' in decl.body) return this.evalValue(decl.body['default'], {});
    return new TfUnknown('unset-variable', `var.${name}`);
  }

  private local(name: string, expr: string): TfValue {
    const memo = this.localMemo.get(name);
    if (memo !== undefined) return memo;
    const decl = this.m.locals.get(name);
    if (!decl) return new TfUnknown('undeclared', expr);
    if (this.inProgress.has(`l:${name}`)) return new TfUnknown('unsupported', expr);
    this.inProgress.add(`l:${name}`);
    const v = this.evalValue(decl.expr, {});
    this.inProgress.delete(`l:${name}`);
    this.localMemo.set(name, v);
    return v;
  }

  private moduleOutputs(name: string, expr: string): TfValue {
    const memo = this.moduleMemo.get(name);
    if (memo !== undefined) return memo;
    const call = this.m.modules.get(name);
    if (!call) return new TfUnknown('undeclared', expr);
    if (!call.child) return new TfUnknown('unsupported', `module.${name}`);
    const outputsOf = (child: ModuleEvaluator): TfValue => child.outputs();
    const evaluators = this.childEvaluators(name, call);
    const single = !('for_each' in call.body) && !('count' in call.body);
    const v: TfValue = single ? outputsOf(evaluators[0]?.[1] ?? this) : 'count' in call.body ? evaluators.map(([, c]) => outputsOf(c)) : Object.fromEntries(evaluators.map(([k, c]) => [String(k), outputsOf(c)]));
    this.moduleMemo.set(name, v);
    return v;
  }

  private outputs(): { [key: string]: TfValue } {
    const out: { [key: string]: TfValue } = {};
    for (const [name, decl] of this.m.outputs) out[name] = this.evalValue(decl.body['value'], {});
    return out;
  }

  private callFunction(name: string, argText: string, expr: string, scope: Scope): TfValue {
    const raw = this.options.argCache.get(argText);
    if (!raw) return new TfUnknown('unsupported', expr);
    const args = raw.map((a) => this.evalValue(a, scope));
    const unknown = args.find(isUnknown);
    const str = (v: TfValue | undefined): string | undefined => (v === undefined ? undefined : tfToString(v));
    switch (name) {
      case 'jsonencode':
        if (unknown || args[0] === undefined) return unknown ?? new TfUnknown('unsupported', expr);
        return JSON.stringify(args[0], (_k, v: unknown) => (isUnknown(v) ? null : v));
      case 'tostring':
      case 'lower':
      case 'upper': {
        const s = str(args[0]);
        if (unknown) return unknown;
        if (s === undefined) return new TfUnknown('unsupported', expr);
        return name === 'lower' ? s.toLowerCase() : name === 'upper' ? s.toUpperCase() : s;
      }
      case 'toset':
      case 'tolist': {
        const [list] = args;
        if (!Array.isArray(list)) return list ?? new TfUnknown('unsupported', expr);
        return name === 'toset' ? [...new Map(list.map((x) => [JSON.stringify(x, (_k, v: unknown) => (isUnknown(v) ? `\u0000${(v).expression}` : v)), x])).values()] : list;
      }
      case 'tomap':
        return args[0] ?? new TfUnknown('unsupported', expr);
      case 'merge': {
        if (unknown) return unknown;
        const out: { [key: string]: TfValue } = {};
        for (const a of args) if (isTfObject(a)) Object.assign(out, a);
        return out;
      }
      case 'concat':
        if (unknown) return unknown;
        return args.flatMap((a) => (Array.isArray(a) ? a : []));
      case 'keys':
      case 'values':
        if (!isTfObject(args[0])) return unknown ?? new TfUnknown('unsupported', expr);
        return name === 'keys' ? Object.keys(args[0]).sort() : Object.keys(args[0]).sort().map((k) => (args[0] as { [key: string]: TfValue })[k] ?? null);
      case 'lookup': {
        const [map, key, fallback] = args;
        const k = str(key);
        if (isTfObject(map) && k !== undefined) return map[k] ?? fallback ?? new TfUnknown('undeclared', expr);
        return unknown ?? new TfUnknown('unsupported', expr);
      }
      case 'coalesce':
        for (const a of args) {
          if (isUnknown(a)) return a;
          if (a !== null && a !== '') return a;
        }
        return null;
      case 'file': {
        // The model names certificate files relative to the root folder, as a config names them relative to itself.
        const p = str(args[0]);
        if (unknown || p === undefined) return unknown ?? new TfUnknown('unsupported', expr);
        return new FileRef(relativeTo(this.options.rootDir, p.startsWith('/') ? p : joinPath(this.m.dir, p))).marker;
      }
      default:
        return new TfUnknown('unsupported', expr);
    }
  }
}

/** `file("…")` keeps the path, not the content: certificates become `{ file }` references the rules read. */
export class FileRef {
  static readonly PREFIX = '\u0000file:';
  constructor(readonly path: string) {}
  get marker(): string {
    return `${FileRef.PREFIX}${this.path}`;
  }
  static parse(v: TfValue | undefined): string | undefined {
    return typeof v === 'string' && v.startsWith(FileRef.PREFIX) ? v.slice(FileRef.PREFIX.length) : undefined;
  }
}

function relativeTo(root: string, abs: string): string {
  const a = root.split('/').filter(Boolean);
  const b = abs.split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...a.slice(i).map(() => '..'), ...b.slice(i)].join('/');
}

/** Attributes the provider derives from configured ones without calling an API. */
function withKnownComputed(type: string, attrs: { [key: string]: TfValue }): { [key: string]: TfValue } {
  // keycloak_realm: the resource ID is the realm name (terraform-provider-keycloak, resource_keycloak_realm.go: d.SetId(realm.Realm)).
  if (type === 'keycloak_realm' && attrs['id'] === undefined && attrs['realm'] !== undefined) return { ...attrs, id: attrs['realm'] };
  // azuread_application: app_role_ids maps each app role's value to its id; known when the id is written in the config.
  if (type === 'azuread_application' && Array.isArray(attrs['app_role'])) {
    const ids: { [key: string]: TfValue } = {};
    for (const r of attrs['app_role']) if (isTfObject(r) && typeof r['value'] === 'string' && typeof r['id'] === 'string') ids[r['value']] = r['id'];
    return Object.keys(ids).length > 0 ? { ...attrs, app_role_ids: ids } : attrs;
  }
  return attrs;
}
