import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { parseArgs } from 'node:util';
import { isOffline, parseNow } from './common-options';
import type { ConfigFinding } from '../model/config-finding';
import { CONFIG_RULES } from '../model/rules';
import { offsetToLineColumn } from '../model/text-position';
import { validateConfigText } from '../model/validate-config';
import { MAX_CONFIG_CHARS } from '../model/load-config';
import { UsageError, type CliIo } from './io';
import { LIMITS } from '../decoders/limits';
import { DEFAULT_EXPIRY_WARNING_DAYS, MAX_EXPIRY_WARNING_DAYS, parseExpiryDays } from '../model/expiry';
import { checkLive, type LiveCheckOptions, type LiveCheckResult } from '../model/live/check-live';
import { NodeFetcher } from '../platform/node-fetcher';
import { checkInPlaceText, FAIL_ON, failsOn, matchesInPlace, type FailOn } from './check-in-place';
import type { InPlaceKind } from '../model/in-place/validate-in-place';
import { checkTerraformRoots, TERRAFORM_USAGE_NOTE } from './check-terraform-command';

export const CHECK_USAGE = `sso-lens check [PATHS…] [options]

Validates SSO Lens config files (*.sso.json, sso-lens.json): JSON schema and semantic rules.
Folders are searched recursively (node_modules and dot-folders skipped). Default: the current folder.
${TERRAFORM_USAGE_NOTE}

  --format text|json|sarif   output format (default text; sarif = SARIF 2.1.0 for code scanning)
  --json              same as --format json
  --now ISO-8601      evaluate certificate expiry at this instant
  --expiry-days N     warn N days before a certificate or secret ("expires") expires (default 30)
  --live              also fetch what the config names (metadata URLs, OIDC discovery and JWKS) over
                      https and compare it with what it pins: rolled-over, staged and expiring keys,
                      stale metadata files (live.* findings)
  --offline           never use the network: with --live, says that nothing was fetched
                      (also: SSO_LENS_OFFLINE=1)
  --in-place GLOB     in the folders searched, also check Keycloak realm exports and Entra
                      application manifests (recognised by content) whose path below the folder
                      matches GLOB, e.g. "keycloak/*.json" (repeatable). A realm export or manifest
                      named as a PATH is always checked in place.
  --fail-on error|warning|info|never
                      the least severe finding that fails the check (default error)

Exit status: 0 no finding at or above --fail-on, 1 at least one, 2 usage error or no config file found.`;

const CONFIG_NAME = /(^|[\\/])(sso-lens\.json|[^\\/]+\.sso\.json)$/;
const SKIP_DIRS = new Set(['node_modules', 'out', 'dist']);

interface FileResult {
  file: string;
  text: string;
  findings: ConfigFinding[];
  /** With --live: what was fetched and compared. */
  live?: LiveCheckResult;
  /** With --live: why the file was not checked live. */
  liveSkipped?: string;
  /** A realm export or manifest checked in place (findings' paths are the source file's pointers). */
  inPlace?: InPlaceKind;
}

export function runCheck(args: string[], io: CliIo): Promise<number> {
  return check(args, io);
}

async function check(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string' },
      json: { type: 'boolean' },
      now: { type: 'string' },
      'expiry-days': { type: 'string' },
      live: { type: 'boolean' },
      offline: { type: 'boolean' },
      'in-place': { type: 'string', multiple: true },
      'fail-on': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    io.out(CHECK_USAGE);
    return 0;
  }
  const format = values.json ? 'json' : (values.format ?? 'text');
  if (format !== 'text' && format !== 'json' && format !== 'sarif') throw new UsageError(`--format takes text, json or sarif, not ${JSON.stringify(format)}`);
  const now = parseNow(values.now);

  const expiryWarningDays = values['expiry-days'] !== undefined ? parseExpiryDays(values['expiry-days']) : DEFAULT_EXPIRY_WARNING_DAYS;
  if (expiryWarningDays === undefined) throw new UsageError(`--expiry-days takes a whole number of days (0 to ${MAX_EXPIRY_WARNING_DAYS}), not ${JSON.stringify(values['expiry-days'])}`);
  const offline = isOffline(values);
  const failOn = (values['fail-on'] ?? 'error') as FailOn;
  if (!FAIL_ON.includes(failOn)) throw new UsageError(`--fail-on takes error, warning, info or never, not ${JSON.stringify(values['fail-on'])}`);
  const inPlaceGlobs = values['in-place'] ?? [];

  const paths = positionals.length > 0 ? positionals : ['.'];
  const files = findConfigFiles(paths, inPlaceGlobs);
  const terraform = await checkTerraformRoots(paths, { now, expiryWarningDays });
  // A file found by an --in-place glob that is neither a realm export nor a manifest is not ours: skipped.
  const results: FileResult[] = [...files.flatMap((f) => (f.inPlaceOnly ? (checkInPlaceFile(f.file, now, { expiryWarningDays }) ?? []) : [checkFile(f.file, now, { expiryWarningDays })])), ...terraform];
  if (results.length === 0) throw new UsageError(`no config files (*.sso.json, sso-lens.json${inPlaceGlobs.length > 0 ? ', realm exports or manifests matching --in-place' : ''}) or Terraform modules with azuread/keycloak resources under ${positionals.join(', ') || '.'}`);
  if (values.live) {
    const fetcher = offline ? undefined : (io.fetcher ?? new NodeFetcher());
    for (const r of results) await addLive(r, { now, expiryWarningDays, ...(fetcher ? { fetcher } : { offlineReason: values.offline ? '--offline' : 'SSO_LENS_OFFLINE=1' }) });
  }
  const failed = results.some((r) => failsOn(r.findings, failOn));
  if (format === 'json') io.out(JSON.stringify(toJson(results), null, 2));
  else if (format === 'sarif') io.out(JSON.stringify(toSarif(results), null, 2));
  else io.out(toText(results));
  return failed ? 1 : 0;
}

/** Checks one file on disk; referenced files are read relative to it. */
export function checkFile(file: string, now: Date, options: { expiryWarningDays?: number } = {}): FileResult {
  let text: string;
  try {
    if (statSync(file).size > MAX_CONFIG_CHARS) return { file, text: '', findings: [{ id: 'input.too-large', severity: 'error', message: `larger than ${MAX_CONFIG_CHARS} bytes; not read`, path: '' }] };
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
  const readFile = referencedFileReader(file);
  // Named explicitly and not a config by name: a realm export or manifest is checked in place.
  if (!CONFIG_NAME.test(file)) {
    const inPlace = checkInPlaceText(text.replace(/^\uFEFF/, ''), { now, readFile, ...options });
    if (inPlace) return { file, text, findings: inPlace.findings, inPlace: inPlace.kind };
  }
  const { findings } = validateConfigText(text.replace(/^\uFEFF/, ''), { now, readFile, ...options });
  return { file, text, findings };
}

/** A file an --in-place glob found: checked only when it is a realm export or manifest by content. */
function checkInPlaceFile(file: string, now: Date, options: { expiryWarningDays?: number }): FileResult | undefined {
  let text: string;
  try {
    if (statSync(file).size > MAX_CONFIG_CHARS) return undefined;
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const inPlace = checkInPlaceText(text.replace(/^\uFEFF/, ''), { now, readFile: referencedFileReader(file), ...options });
  return inPlace ? { file, text, findings: inPlace.findings, inPlace: inPlace.kind } : undefined;
}

/**
 * `--live`: fetches what the file names and adds the `live.*` findings, located in its text. A file
 * that does not parse into a config has nothing to fetch.
 */
async function addLive(r: FileResult, options: Omit<LiveCheckOptions, 'readFile'>): Promise<void> {
  // A realm export does not record the server URL, a manifest not the tenant: what would be fetched is
  // partly a placeholder, so nothing is.
  if (r.inPlace) {
    r.liveSkipped = 'not checked live: a realm export or manifest does not record the server URL or tenant';
    return;
  }
  const validation = validateConfigText(r.text.replace(/^\uFEFF/, ''), { rules: [] });
  // The live comparison trusts the schema's shapes, as the mapping analysis does.
  if (!validation.index || !validation.schemaValid) {
    r.liveSkipped = 'not checked: fix the schema errors first';
    return;
  }
  const live = await checkLive(validation.index, { ...options, readFile: referencedFileReader(r.file) });
  for (const f of live.findings) {
    const range = validation.document.locate(f.path);
    if (range) f.range = range;
  }
  r.live = live;
  r.findings = [...r.findings, ...live.findings].sort((a, b) => (a.range?.offset ?? 0) - (b.range?.offset ?? 0));
}

function referencedFileReader(file: string): (rel: string) => Uint8Array | undefined {
  const base = dirname(resolve(file));
  return (rel) => {
    try {
      const p = resolve(base, rel);
      if (statSync(p).size > LIMITS.maxReferencedFileBytes) return undefined;
      return readFileSync(p);
    } catch {
      return undefined;
    }
  };
}

/** One line per file saying what `--live` fetched, or that it fetched nothing and why. */
function liveLine(r: FileResult): string | undefined {
  if (r.liveSkipped !== undefined) return `${r.file}: live: ${r.liveSkipped}`;
  const live = r.live;
  if (!live) return undefined;
  if (live.sources.length === 0) return `${r.file}: live: the config names no metadata URL or issuer to fetch`;
  if (live.offline !== undefined) return `${r.file}: live: nothing fetched (${live.offline}); ${live.sources.length} document(s) not compared`;
  const failed = live.sources.filter((s) => s.status === 'failed').length;
  return `${r.file}: live: fetched ${live.sources.length - failed} of ${live.sources.length} document(s)${failed > 0 ? `, ${failed} failed` : ''}`;
}

function findConfigFiles(paths: string[], inPlaceGlobs: readonly string[] = []): Array<{ file: string; inPlaceOnly?: boolean }> {
  const out: Array<{ file: string; inPlaceOnly?: boolean }> = [];
  const walk = (dir: string, depth: number, root = dir): void => {
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
        if (!e.name.startsWith('.') && !SKIP_DIRS.has(e.name)) walk(p, depth + 1, root);
      } else if (e.isFile() && CONFIG_NAME.test(e.name)) out.push({ file: p });
      else if (e.isFile() && inPlaceGlobs.length > 0 && matchesInPlace(relative(root, p).split(sep).join('/'), inPlaceGlobs)) out.push({ file: p, inPlaceOnly: true });
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
    else if (!/\.(tf|tfvars)$|(^|[\\/])sso-lens\.terraform\.json$/.test(p)) out.push({ file: p }); // Terraform: read as a module
  }
  const seen = new Set<string>();
  return out.filter((f) => !seen.has(f.file) && !!seen.add(f.file));
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
  let n = 0;
  for (const r of results) {
    if (r.findings.length === 0) lines.push(`${r.file}: ok`);
    for (const f of r.findings) {
      const p = position(r, f);
      if (f.severity === 'error') e++;
      if (f.severity === 'warning') w++;
      if (f.severity === 'info') n++;
      lines.push(`${r.file}:${p.line}:${p.column}: ${f.severity} ${f.id}: ${f.message}${f.path ? ` [${f.path}]` : ''}${f.relatedPath !== undefined ? ` (other side: ${f.relatedPath})` : ''}`);
    }
    const live = liveLine(r);
    if (live) lines.push(live);
  }
  // Every line printed above is counted: a summary that leaves the infos out reads as if they were not there.
  lines.push(`${results.length} file(s) checked: ${e} error(s), ${w} warning(s), ${n} info(s)`);
  return lines.join('\n');
}

function toJson(results: FileResult[]): unknown {
  return {
    files: results.map((r) => ({
      file: r.file,
      ...(r.inPlace ? { inPlace: r.inPlace } : {}),
      findings: r.findings.map((f) => ({ id: f.id, severity: f.severity, message: f.message, path: f.path, ...position(r, f), ...(f.relatedPath !== undefined ? { relatedPath: f.relatedPath } : {}), ...(f.fix ? { fix: f.fix } : {}), ...(f.expires ? { expires: f.expires } : {}) })),
      ...(r.live ? { live: { fetched: r.live.fetched, ...(r.live.offline !== undefined ? { offline: r.live.offline } : {}), sources: r.live.sources } } : {}),
      ...(r.liveSkipped !== undefined ? { live: { fetched: false, skipped: r.liveSkipped, sources: [] } } : {}),
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
