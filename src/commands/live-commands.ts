import * as vscode from 'vscode';
import type { LiveCheckResult } from '../model/live/check-live';
import type { ConfigEntry } from '../views/config-store';
import type { Services } from './services';
import { checkLiveTerraform, terraformLiveTarget } from './terraform-live';

/** What "Check Live" did, per config file (returned for the integration tests). */
export interface CheckLiveOutcome {
  /** Undefined when the network could be used. */
  offline?: string;
  files: Array<{ uri: vscode.Uri; result: LiveCheckResult }>;
  /** Config files not checked because of schema errors. */
  skipped: vscode.Uri[];
}

/**
 * "SSO Lens: Check Live": fetch the metadata URLs and OIDC discovery documents a config names and
 * compare them with what it pins. From a Providers row it checks that provider, app or file (or a Terraform
 * module or its app, see terraform-live.ts); from the
 * palette the active config editor, else every config file. Offline (setting off or an untrusted
 * workspace) nothing is fetched and the result says so.
 */
export async function checkLive(services: Services, target?: unknown): Promise<CheckLiveOutcome | undefined> {
  const module = terraformLiveTarget(target) ?? (target === undefined ? await paletteTerraformTarget(services) : undefined);
  if (module) {
    const outcome = await checkLiveTerraform(services, module);
    if (outcome) void vscode.window.showInformationMessage(summary(outcome));
    return outcome;
  }
  const store = services.configStore;
  if (!store) return undefined;
  await store.whenIdle();
  const picked = pickTargets(store.list(), target);
  if (picked.length === 0) {
    void vscode.window.showInformationMessage('SSO Lens: no config file to check live.');
    return { files: [], skipped: [] };
  }
  const offline = services.settings.networkOffReason;
  const fetcher = offline === undefined ? services.liveFetcher() : undefined;
  const core = services.core;
  const run = async (): Promise<CheckLiveOutcome> => {
    const files: CheckLiveOutcome['files'] = [];
    const skipped: vscode.Uri[] = [];
    for (const { entry, scope } of picked) {
      const index = entry.validation.index;
      // The comparison trusts the schema's shapes, as the mapping analysis does.
      // A realm export or manifest in place: server URL and tenant are placeholders, nothing worth fetching.
      if (!index || !entry.validation.schemaValid || entry.inPlace !== undefined) {
        skipped.push(entry.uri);
        continue;
      }
      const result = await core.checkLive(index, {
        ...(fetcher ? { fetcher } : { offlineReason: offline ?? 'network use is off' }),
        expiryWarningDays: services.settings.expiryWarningDays,
        readFile: store.referencedFiles(entry.uri),
        ...(scope !== undefined ? { scope } : {}),
      });
      store.setLiveFindings(entry.uri, entry.text, result.findings);
      files.push({ uri: entry.uri, result });
    }
    return { ...(offline !== undefined ? { offline } : {}), files, skipped };
  };
  const outcome = fetcher ? await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'SSO Lens: fetching published keys and metadata…' }, run) : await run();
  void vscode.window.showInformationMessage(summary(outcome));
  return outcome;
}

/**
 * From the palette: the Terraform module of the active `.tf` editor, or the only module with SSO resources
 * when the workspace has no config file (a Terraform-only workspace gets the palette entry too).
 */
async function paletteTerraformTarget(services: Services): Promise<{ dir: string } | undefined> {
  const modules = services.terraformModules;
  if (!modules) return undefined;
  const active = vscode.window.activeTextEditor?.document.uri;
  const onTf = active?.path.endsWith('.tf') === true;
  if (!onTf && (services.configStore?.list().length ?? 0) > 0) return undefined;
  await modules.whenIdle();
  const read = [...modules.checks.values()].filter((c) => c.index !== undefined && c.hasSsoResources);
  if (onTf && active) {
    const holding = read.filter((c) => active.path.startsWith(`${c.dir.replace(/\/$/, '')}/`)).sort((x, y) => y.dir.length - x.dir.length)[0];
    if (holding) return { dir: holding.dir };
  }
  return read.length === 1 && read[0] ? { dir: read[0].dir } : undefined;
}

function summary(outcome: CheckLiveOutcome): string {
  const skipped = outcome.skipped.length > 0 ? ` ${outcome.skipped.map((u) => vscode.workspace.asRelativePath(u)).join(', ')}: not checked, fix the schema errors first.` : '';
  return `${mainSummary(outcome)}${skipped}`;
}

function mainSummary(outcome: CheckLiveOutcome): string {
  const sources = outcome.files.reduce((n, f) => n + f.result.sources.length, 0);
  if (sources === 0) return 'SSO Lens: Check Live found no metadata URL or issuer to fetch in the config.';
  if (outcome.offline !== undefined) return `SSO Lens: Check Live fetched nothing (${outcome.offline}); ${sources} document(s) not compared.`;
  const findings = outcome.files.flatMap((f) => f.result.findings);
  const failed = outcome.files.reduce((n, f) => n + f.result.sources.filter((s) => s.status === 'failed').length, 0);
  const errors = findings.filter((f) => f.severity === 'error').length;
  const warnings = findings.filter((f) => f.severity === 'warning').length;
  return `SSO Lens: Check Live compared ${sources - failed} of ${sources} published document(s): ${errors} error(s), ${warnings} warning(s)${failed > 0 ? `; ${failed} could not be fetched` : ''}.`;
}

/** The entries to check and the element within each: a tree row, a config Uri, the active editor, or all. */
function pickTargets(entries: ConfigEntry[], target: unknown): Array<{ entry: ConfigEntry; scope?: string }> {
  if (target !== null && typeof target === 'object' && 'entry' in target) {
    const row = target as { type?: unknown; entry: ConfigEntry; node?: { pointer?: unknown } };
    const entry = entries.find((e) => e.uri.toString() === row.entry.uri.toString());
    if (!entry) return [];
    return [{ entry, ...(row.type === 'node' && typeof row.node?.pointer === 'string' ? { scope: row.node.pointer } : {}) }];
  }
  const uri = target instanceof vscode.Uri ? target : vscode.window.activeTextEditor?.document.uri;
  const one = uri ? entries.find((e) => e.uri.toString() === uri.toString()) : undefined;
  if (one) return [{ entry: one }];
  return target instanceof vscode.Uri ? [] : entries.map((entry) => ({ entry }));
}


