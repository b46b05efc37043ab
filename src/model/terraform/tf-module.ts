import { parseHcl, parseHclArguments } from './hcl-parser';
import { expressionsIn, parseCall } from './tf-expression';

/** File access for a Terraform module; paths are absolute, '/'-separated. Passed in so the model stays pure. */
export interface TfFileSystem {
  readText(path: string): string | undefined;
  /** Bytes of a referenced file (certificates may be DER); readText's UTF-8 when absent. */
  readBytes?(path: string): Uint8Array | undefined;
  /** Names (not paths) of the entries of a folder; [] when it is not one. */
  list(dir: string): string[];
}

/** Where a block was declared: the file and its labels (`resource`, `azuread_application`, `palette`). */
export interface TfBlockSource {
  file: string;
  labels: string[];
}

export interface TfDecl {
  body: Record<string, unknown>;
  source: TfBlockSource;
}

export interface TfParseError {
  file: string;
  message: string;
  line?: number;
  column?: number;
}

/** One module folder as declared: its blocks by kind, before evaluation. */
export interface TfModule {
  dir: string;
  /** Text of every `.tf` file read, by path (for locating findings). */
  files: Map<string, string>;
  resources: Map<string, TfDecl & { mode: 'managed' | 'data'; type: string; name: string }>;
  variables: Map<string, TfDecl>;
  locals: Map<string, { expr: unknown; source: TfBlockSource }>;
  modules: Map<string, TfDecl & { child?: TfModule; missing?: string }>;
  providers: Array<TfDecl & { name: string }>;
  outputs: Map<string, TfDecl>;
  /** terraform.tfvars and *.auto.tfvars (root module only). */
  tfvars: Map<string, { value: unknown; source: TfBlockSource }>;
  errors: TfParseError[];
}

/** Arguments of function calls, parsed by the HCL parser ahead of evaluation (evaluation stays synchronous). */
export type ArgumentCache = Map<string, unknown[] | undefined>;

const MAX_MODULE_DEPTH = 8;
const MAX_FILES = 500;
const MAX_FILE_CHARS = 2_000_000;
const MAX_ARGUMENT_PARSES = 2_000;

export const joinPath = (dir: string, rel: string): string => {
  const parts = `${dir}/${rel}`.split('/');
  const out: string[] = [];
  for (const p of parts) {
    if (p === '..') out.pop();
    else if (p !== '.' && p !== '') out.push(p);
  }
  return `${dir.startsWith('/') ? '/' : ''}${out.join('/')}`;
};

/**
 * Reads a root module and the local child modules it calls (`source = "./…"`), parses every `.tf` file with
 * the HCL parser and pre-parses function arguments. Registry and git module sources are not fetched: such a
 * call is kept with `missing` set, and what it would create stays unknown.
 */
export async function loadTerraformModule(dir: string, fs: TfFileSystem, argCache: ArgumentCache = new Map()): Promise<TfModule> {
  const budget = { files: 0 };
  const root = await loadModule(dir, fs, budget, 0, true);
  await preparseArguments(root, argCache);
  return root;
}

async function loadModule(dir: string, fs: TfFileSystem, budget: { files: number }, depth: number, isRoot: boolean): Promise<TfModule> {
  const m: TfModule = { dir, files: new Map(), resources: new Map(), variables: new Map(), locals: new Map(), modules: new Map(), providers: [], outputs: new Map(), tfvars: new Map(), errors: [] };
  const names = fs.list(dir).sort();
  for (const name of names.filter((n) => n.endsWith('.tf'))) {
    if (budget.files++ >= MAX_FILES) break;
    const file = joinPath(dir, name);
    const text = fs.readText(file);
    if (text === undefined) continue;
    m.files.set(file, text);
    if (text.length > MAX_FILE_CHARS) {
      m.errors.push({ file, message: `larger than ${MAX_FILE_CHARS} characters; not read` });
      continue;
    }
    const parsed = await parseHcl(name, text);
    if (!parsed.ok) {
      m.errors.push({ file, message: parsed.message, ...(parsed.line !== undefined ? { line: parsed.line } : {}), ...(parsed.column !== undefined ? { column: parsed.column } : {}) });
      continue;
    }
    collect(m, file, parsed.body);
  }
  if (isRoot) {
    // Terraform's order: terraform.tfvars, then *.auto.tfvars in lexical order, later files winning.
    const varFiles = [...names.filter((n) => n === 'terraform.tfvars'), ...names.filter((n) => n.endsWith('.auto.tfvars'))];
    for (const name of varFiles) {
      const file = joinPath(dir, name);
      const text = fs.readText(file);
      if (text === undefined || text.length > MAX_FILE_CHARS) continue;
      m.files.set(file, text);
      const parsed = await parseHcl(name, text);
      if (!parsed.ok) {
        m.errors.push({ file, message: parsed.message, ...(parsed.line !== undefined ? { line: parsed.line } : {}), ...(parsed.column !== undefined ? { column: parsed.column } : {}) });
        continue;
      }
      for (const [k, v] of Object.entries(parsed.body)) m.tfvars.set(k, { value: v, source: { file, labels: [k] } });
    }
  }
  for (const [name, call] of m.modules) {
    const source = call.body['source'];
    if (typeof source !== 'string' || !(source.startsWith('./') || source.startsWith('../'))) {
      call.missing = `module source ${JSON.stringify(source)} is not a local folder; SSO Lens does not fetch modules`;
      continue;
    }
    if (depth >= MAX_MODULE_DEPTH) {
      call.missing = `modules nest deeper than ${MAX_MODULE_DEPTH}`;
      continue;
    }
    const childDir = joinPath(dir, source);
    const child = await loadModule(childDir, fs, budget, depth + 1, false);
    if (child.files.size === 0) call.missing = `module ${name}: no .tf files in ${source}`;
    else call.child = child;
  }
  return m;
}

const asBlocks = (v: unknown): Array<Record<string, unknown>> => (Array.isArray(v) ? v.filter((b): b is Record<string, unknown> => b !== null && typeof b === 'object' && !Array.isArray(b)) : []);
const entries = (v: unknown): Array<[string, unknown]> => (v !== null && typeof v === 'object' && !Array.isArray(v) ? Object.entries(v) : []);

function collect(m: TfModule, file: string, body: Record<string, unknown>): void {
  for (const mode of ['resource', 'data'] as const) {
    for (const [type, byName] of entries(body[mode])) {
      for (const [name, blocks] of entries(byName)) {
        const b = asBlocks(blocks)[0];
        const key = `${mode === 'data' ? 'data.' : ''}${type}.${name}`;
        if (b) m.resources.set(key, { mode: mode === 'data' ? 'data' : 'managed', type, name, body: b, source: { file, labels: [mode, type, name] } });
      }
    }
  }
  for (const [name, blocks] of entries(body['variable'])) {
    const b = asBlocks(blocks)[0];
    if (b) m.variables.set(name, { body: b, source: { file, labels: ['variable', name] } });
  }
  for (const b of asBlocks(body['locals'])) for (const [name, expr] of Object.entries(b)) m.locals.set(name, { expr, source: { file, labels: ['locals'] } });
  for (const [name, blocks] of entries(body['module'])) {
    const b = asBlocks(blocks)[0];
    if (b) m.modules.set(name, { body: b, source: { file, labels: ['module', name] } });
  }
  for (const [name, blocks] of entries(body['provider'])) for (const b of asBlocks(blocks)) m.providers.push({ name, body: b, source: { file, labels: ['provider', name] } });
  for (const [name, blocks] of entries(body['output'])) {
    const b = asBlocks(blocks)[0];
    if (b) m.outputs.set(name, { body: b, source: { file, labels: ['output', name] } });
  }
}

function* allBodies(m: TfModule): Generator<unknown> {
  for (const r of m.resources.values()) yield r.body;
  for (const l of m.locals.values()) yield l.expr;
  for (const mod of m.modules.values()) {
    yield mod.body;
    if (mod.child) yield* allBodies(mod.child);
  }
  for (const p of m.providers) yield p.body;
  for (const o of m.outputs.values()) yield o.body;
  for (const v of m.variables.values()) yield v.body['default'];
  for (const v of m.tfvars.values()) yield v.value;
}

/** Parses the arguments of every function call in the module (and in the arguments themselves) once. */
async function preparseArguments(m: TfModule, cache: ArgumentCache): Promise<void> {
  const queue: string[] = [];
  for (const body of allBodies(m)) expressionsIn(body, queue);
  let parses = 0;
  while (queue.length > 0 && parses < MAX_ARGUMENT_PARSES) {
    const expr = queue.pop() ?? '';
    const call = parseCall(expr);
    if (!call || cache.has(call.args)) continue;
    parses++;
    const args = await parseHclArguments(call.args);
    cache.set(call.args, args);
    if (args) expressionsIn(args, queue);
  }
}
