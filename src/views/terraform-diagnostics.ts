import * as vscode from 'vscode';
import { SETTING_IDS } from '../commands/ids';
import type { ConfigFinding } from '../model/config-finding';
import type { TerraformCheck } from '../model/terraform/check-terraform';
import { DisposableStore } from '../platform/disposables';
import type { Core } from '../platform/load-core';
import type { Logger } from '../platform/logger';
import { DIAGNOSTIC_SOURCE, SEVERITY } from './config-diagnostics';
import { LineIndex } from './text-offsets';

const TERRAFORM_GLOB = '**/{*.tf,*.tfvars,sso-lens.terraform.json}';
const EXCLUDE_GLOB = '**/{node_modules,.terraform}/**';

/** Files the extension host can read from disk: local ones, and a remote window's own (the host runs there). */
const DISK_SCHEMES = new Set(['file', 'vscode-remote']);
const isTerraformUri = (uri: vscode.Uri): boolean => DISK_SCHEMES.has(uri.scheme) && /(\.tf|\.tfvars|[\\/]sso-lens\.terraform\.json)$/.test(uri.path) && !/[\\/](node_modules|\.terraform)[\\/]/.test(uri.path);

/**
 * Terraform modules in the Problems panel: every root module of the workspace that uses `azuread_*` or
 * `keycloak_*` resources is read with the pure core (unsaved edits of open `.tf` files included) and its
 * findings are set on the `.tf`, `.tfvars` and sidecar files they concern. Local files only (the HCL reader
 * follows child modules on disk). Off with `ssoLens.terraform.enabled`.
 */
export class TerraformDiagnostics implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly collection = vscode.languages.createDiagnosticCollection('sso-lens-terraform');
  /** "Check Live" results per module, kept while the module's files keep the text they were found in. */
  private readonly liveCollection = vscode.languages.createDiagnosticCollection('sso-lens-terraform-live');
  private readonly live = new Map<string, { files: Map<string, string>; diagnostics: Map<string, vscode.Diagnostic[]> }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  /** The last check of each root module, by folder path. */
  readonly checks = new Map<string, TerraformCheck>();
  private readonly changed = new vscode.EventEmitter<void>();
  /** Fires when the checks were redone (the Providers view shows the modules). */
  readonly onDidChange = this.changed.event;

  constructor(
    private readonly core: () => Core,
    private readonly logger: Logger,
    private readonly enabled: () => boolean,
    private readonly debounceMs = 400,
    /** Whether a module with SSO resources was read (the Providers view shows it): feeds `ssoLens.hasConfig`. */
    private readonly reportModules: (present: boolean) => PromiseLike<unknown> = () => Promise.resolve(),
  ) {
    this.disposables.add(this.collection);
    this.disposables.add(this.liveCollection);
    this.disposables.add(this.changed);
    const watcher = this.disposables.add(vscode.workspace.createFileSystemWatcher(TERRAFORM_GLOB));
    const refresh = (uri: vscode.Uri): void => void (isTerraformUri(uri) && this.schedule());
    this.disposables.add(watcher.onDidCreate(refresh));
    this.disposables.add(watcher.onDidChange(refresh));
    this.disposables.add(watcher.onDidDelete(refresh));
    this.disposables.add(vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && refresh(e.document.uri)));
    this.disposables.add(vscode.workspace.onDidCloseTextDocument((d) => refresh(d.uri)));
    this.disposables.add(vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(SETTING_IDS.terraformEnabled) && this.schedule(0)));
    this.schedule(0);
  }

  private schedule(delay = this.debounceMs): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.running) this.again = true;
      else this.running = this.run().finally(() => (this.running = undefined));
    }, delay);
  }

  /** Resolves when no check is scheduled or running (tests wait on it). */
  async whenIdle(): Promise<void> {
    while (this.timer || this.running) {
      if (this.running) await this.running;
      else await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async run(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.checkAll();
      } catch (e) {
        this.logger.error('checking the Terraform modules failed', e);
      }
      // Also after a failure: stale live results go, the context key and the tree follow what was read.
      try {
        this.dropStaleLive();
        await this.reportModules([...this.checks.values()].some((c) => c.hasSsoResources && c.index !== undefined));
      } catch (e) {
        this.logger.error('updating the Terraform views failed', e);
      }
      this.changed.fire();
    } while (this.again);
  }

  private async checkAll(): Promise<void> {
    if (!this.enabled()) {
      this.collection.clear();
      this.checks.clear();
      return;
    }
    const files = await vscode.workspace.findFiles('**/*.tf', EXCLUDE_GLOB);
    const local = files.filter((u) => DISK_SCHEMES.has(u.scheme)).map((u) => u.path);
    if (local.length === 0) {
      this.collection.clear();
      this.checks.clear();
      return;
    }
    const core = this.core();
    const roots = core.findTerraformRoots(local);
    const overrides = new Map<string, string>();
    for (const d of vscode.workspace.textDocuments) if (!d.isClosed && isTerraformUri(d.uri)) overrides.set(d.uri.path, d.getText());
    const next = new Map<string, vscode.Diagnostic[]>();
    this.checks.clear();
    for (const root of roots) {
      let check: TerraformCheck;
      try {
        check = await core.checkTerraform(root, core.nodeTfFileSystem, { overrides });
      } catch (e) {
        // One module the model cannot be built from must not hide the others.
        this.logger.error(`checking the Terraform module ${vscode.workspace.asRelativePath(root)} failed`, e);
        continue;
      }
      this.checks.set(root, check);
      for (const [file, text] of check.files) {
        const lines = new LineIndex(text);
        const list = next.get(file) ?? [];
        for (const f of check.findings.filter((x) => x.file === file)) {
          const start = lines.position(f.range.offset);
          const end = lines.position(f.range.offset + f.range.length);
          const d = new vscode.Diagnostic(new vscode.Range(start.line, start.character, end.line, end.character), f.message, SEVERITY[f.severity]);
          d.code = f.id;
          d.source = DIAGNOSTIC_SOURCE;
          list.push(d);
        }
        next.set(file, list);
      }
    }
    this.collection.clear();
    for (const [file, diagnostics] of next) this.collection.set(uriOf(file), diagnostics);
  }

  /**
   * Shows a "Check Live" result of a module on the `.tf` / sidecar lines its findings concern, for as long
   * as the module's files keep the text it was found in (an edit drops it: pointers may no longer hold).
   */
  setLive(check: TerraformCheck, findings: readonly ConfigFinding[]): void {
    // Edited (or Terraform switched off) while the fetch ran: the pointers may no longer hold; drop it.
    const now = this.checks.get(check.dir)?.files;
    if (!now || now.size !== check.files.size || [...check.files].some(([file, text]) => now.get(file) !== text)) return;
    const diagnostics = new Map<string, vscode.Diagnostic[]>();
    for (const f of findings) {
      const at = this.location(check, f.path);
      if (!at) continue;
      const d = new vscode.Diagnostic(at.range, `${f.message} (Check Live)`, SEVERITY[f.severity]);
      d.code = f.id;
      d.source = DIAGNOSTIC_SOURCE;
      const key = at.uri.toString();
      diagnostics.set(key, [...(diagnostics.get(key) ?? []), d]);
    }
    this.live.set(check.dir, { files: new Map(check.files), diagnostics });
    this.showLive();
  }

  private dropStaleLive(): void {
    for (const [dir, live] of this.live) {
      const now = this.checks.get(dir)?.files;
      if (!now || now.size !== live.files.size || [...live.files].some(([file, text]) => now.get(file) !== text)) this.live.delete(dir);
    }
    this.showLive();
  }

  private showLive(): void {
    this.liveCollection.clear();
    const all = new Map<string, vscode.Diagnostic[]>();
    for (const { diagnostics } of this.live.values()) for (const [uri, list] of diagnostics) all.set(uri, [...(all.get(uri) ?? []), ...list]);
    for (const [uri, list] of all) this.liveCollection.set(vscode.Uri.parse(uri), list);
  }

  /** Where a model element of a module was written, as a URI and a range (the tree reveals it). */
  location(check: TerraformCheck, pointer: string): vscode.Location | undefined {
    const at = check.locate(pointer);
    const text = at ? check.files.get(at.file) : undefined;
    if (!at || text === undefined) return undefined;
    const lines = new LineIndex(text);
    const start = lines.position(at.range.offset);
    const end = lines.position(at.range.offset + at.range.length);
    return new vscode.Location(uriOf(at.file), new vscode.Range(start.line, start.character, end.line, end.character));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.disposables.dispose();
  }
}

/** A path the core read, as a URI of the workspace folder holding it (a remote window's scheme kept). */
function uriOf(path: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.find((f) => path === f.uri.path || path.startsWith(`${f.uri.path.replace(/\/$/, '')}/`));
  return folder ? folder.uri.with({ path }) : vscode.Uri.file(path);
}
