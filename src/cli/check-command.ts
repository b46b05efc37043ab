import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { parseInstant } from '../decoders/time';
import type { ConfigFinding } from '../model/config-finding';
import { CONFIG_RULES } from '../model/rules';
import { offsetToLineColumn } from '../model/text-position';
import { validateConfigText } from '../model/validate-config';
import { MAX_CONFIG_CHARS } from '../model/load-config';
import { UsageError, type CliIo } from './io';
import { LIMITS } from '../decoders/limits';

export const CHECK_USAGE = `sso-lens check [PATHS…] [options]

Validates SSO Lens config files (*.sso.json, sso-lens.json): JSON schema and semantic rules.
Folders are searched recursively (node_modules and dot-folders skipped). Default: the current folder.

  --format text|json|sarif   output format (default text; sarif = SARIF 2.1.0 for code scanning)
  --json              same as --format json
  --now ISO-8601      evaluate certificate expiry at this instant

Exit status: 0 no error findings, 1 at least one error, 2 usage error or no config file found.`;

const CONFIG_NAME = /(^|[\\/])(sso-lens\.json|[^\\/]+\.sso\.json)$/;
const SKIP_DIRS = new Set(['node_modules', 'out', 'dist']);

interface FileResult {
  file: string;
  text: string;
  findings: ConfigFinding[];
}

export function runCheck(args: string[], io: CliIo): Promise<number> {
  return Promise.resolve(check(args, io));
}

function check(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { format: { type: 'string' }, json: { type: 'boolean' }, now: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.out(CHECK_USAGE);
    return 0;
  }
  const format = values.json ? 'json' : (values.format ?? 'text');
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format takes text, json or sarif, not ${JSON.stringify(format)}`);
  const now = values.now !== undefined ? parseInstant(values.now) : new Date();
  if (!now) throw new UsageError(`--now must be an ISO-8601 instant such as 2026-01-31T12:00:00Z, not ${JSON.stringify(values.now)}`);

  const files = findConfigFiles(positionals.length > 0 ? positionals : ['.']);
  if (files.length === 0) throw new UsageError(`no config files (*.sso.json, sso-lens.json) under ${positionals.join(', ') || '.'}`);
  const results: FileResult[] = files.map((file) => checkFile(file, now));
  const errors = results.some((r) => r.findings.some((f) => f.severity === 'error'));
  if (format === 'json') io.out(JSON.stringify(toJson(results), null, 2));
  else if (format === 'sarif') io.out(JSON.stringify(toSarif(results), null, 2));
  else io.out(toText(results));
  return errors ? 1 : 0;
}

/** Checks one file on disk; referenced files are read relative to it. */
export function checkFile(file: string, now: Date): FileResult {
  let text: string;
  try {
    if (statSync(file).size > MAX_CONFIG_CHARS) return { file, text: '', findings: [{ id: 'input.too-large', severity: 'error', message: `larger than ${MAX_CONFIG_CHARS} bytes; not read`, path: '' }] };
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
  const base = dirname(resolve(file));
  const readFile = (rel: string): Uint8Array | undefined => {
    try {
      const p = resolve(base, rel);
      if (statSync(p).size > LIMITS.maxReferencedFileBytes) return undefined;
      return readFileSync(p);
    } catch {
      return undefined;
    }
  };
  const { findings } = validateConfigText(text.replace(/^\uFEFF/, ''), { now, readFile });
  return { file, text, findings };
}

function findConfigFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (dir: string, depth: number): void => {
    if (depth > 20) return;
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) walk(p, depth + 1);
      } else if (e.isFile() && CONFIG_NAME.test(e.name)) out.push(p);
    }
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new UsageError(`${p}: no such file or folder`);
    }
    if (st.isDirectory()) walk(p, 0);
    else out.push(p);
  }
  return [...new Set(out)];
}

function position(r: FileResult, f: ConfigFinding): { line: number; column: number; endLine: number; endColumn: number } {
  const start = offsetToLineColumn(r.text, f.range?.offset ?? 0);
  const end = offsetToLineColumn(r.text, (f.range?.offset ?? 0) + (f.range?.length ?? 0));
  return { line: start.line, column: start.column, endLine: end.line, endColumn: end.column };
}

function toText(results: FileResult[]): string {
  const lines: string[] = [];
  let e = 0;
  let w = 0;
  for (const r of results) {
    if (r.findings.length === 0) lines.push(`${r.file}: ok`);
    for (const f of r.findings) {
      const p = position(r, f);
      if (f.severity === 'error') e++;
      if (f.severity === 'warning') w++;
      lines.push(`${r.file}:${p.line}:${p.column}: ${f.severity} ${f.id}: ${f.message}${f.path ? ` [${f.path}]` : ''}${f.relatedPath !== undefined ? ` (other side: ${f.relatedPath})` : ''}`);
    }
  }
  lines.push(`${results.length} file(s) checked: ${e} error(s), ${w} warning(s)`);
  return lines.join('\n');
}

function toJson(results: FileResult[]): unknown {
  return {
    files: results.map((r) => ({
      file: r.file,
      findings: r.findings.map((f) => ({ id: f.id, severity: f.severity, message: f.message, path: f.path, ...position(r, f), ...(f.relatedPath !== undefined ? { relatedPath: f.relatedPath } : {}), ...(f.fix ? { fix: f.fix } : {}) })),
    })),
  };
}

/** The other side of a cross-hop finding as a SARIF relatedLocation [sarif-v2.1.0 §3.27.22]. */
function relatedLocation(r: FileResult, f: ConfigFinding, path: string, range: NonNullable<ConfigFinding['relatedRange']>): unknown {
  const p = position(r, { ...f, range });
  return {
    id: 0,
    message: { text: `the other side (${path})` },
    physicalLocation: { artifactLocation: { uri: relative(process.cwd(), resolve(r.file)).split(sep).join('/') }, region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn } },
    logicalLocations: [{ fullyQualifiedName: path, kind: 'member' }],
  };
}

/** SARIF 2.1.0, the format GitHub code scanning ingests [OASIS sarif-v2.1.0 §3]. */
function toSarif(results: FileResult[]): unknown {
  const ruleIds = new Set<string>();
  for (const rule of CONFIG_RULES) for (const id of rule.ids) ruleIds.add(id);
  for (const r of results) for (const f of r.findings) ruleIds.add(f.id);
  const rules = [...ruleIds].sort().map((id) => ({ id, name: id, shortDescription: { text: id } }));
  const level = (s: ConfigFinding['severity']): string => (s === 'info' ? 'note' : s);
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'sso-lens', informationUri: 'https://example.invalid/sso-lens', rules } },
        results: results.flatMap((r) =>
          r.findings.map((f) => {
            const p = position(r, f);
            return {
              ruleId: f.id,
              level: level(f.severity),
              message: { text: f.message },
              locations: [
                {
                  physicalLocation: {
                    artifactLocation: { uri: relative(process.cwd(), resolve(r.file)).split(sep).join('/') },
                    region: { startLine: p.line, startColumn: p.column, endLine: p.endLine, endColumn: p.endColumn },
                  },
                  logicalLocations: f.path ? [{ fullyQualifiedName: f.path, kind: 'member' }] : [],
                },
              ],
              ...(f.relatedPath !== undefined && f.relatedRange ? { relatedLocations: [relatedLocation(r, f, f.relatedPath, f.relatedRange)] } : {}),
            };
          }),
        ),
      },
    ],
  };
}
