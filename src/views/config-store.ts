import * as vscode from 'vscode';
import { CONTEXT_KEYS } from '../commands/ids';
import type { ConfigFinding } from '../model/config-finding';
import type { ConfigTreeNode } from '../model/config-tree';
import type { ConfigValidation } from '../model/validate-config';
import { DisposableStore } from '../platform/disposables';
import type { Core } from '../platform/load-core';
import type { Logger } from '../platform/logger';
import { LIMITS } from '../decoders/limits';
import { liveRange } from './live-diagnostics';
import { minimatch } from 'minimatch';
import type { InPlaceKind } from '../model/in-place/validate-in-place';

/** Config files: `*.sso.json` and `sso-lens.json`, anywhere in any workspace folder. */
export const CONFIG_GLOB = '**/{*.sso.json,sso-lens.json}';
const EXCLUDE_GLOB = '**/node_modules/**';
/** Bigger config files are reported, not read. */
const MAX_CONFIG_BYTES = LIMITS.maxConfigBytes;
/** As the CLI's check: referenced certificate and metadata files are read up to this size. */
export const MAX_REFERENCED_BYTES = LIMITS.maxReferencedFileBytes;
/** Schemes whose documents are real files (not git history, output channels or diff views). */
const CONTENT_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-vfs', 'vscode-userdata']);

export function isConfigUri(uri: vscode.Uri): boolean {
  if (!CONTENT_SCHEMES.has(uri.scheme) && !vscode.workspace.workspaceFolders?.some((f) => f.uri.scheme === uri.scheme)) return false;
  const name = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  return (name.endsWith('.sso.json') || name === 'sso-lens.json') && !uri.path.includes('/node_modules/');
}

/**
 * A realm export or manifest the `ssoLens.inPlace.include` globs name (workspace-relative, as
 * `files.exclude` patterns are): a candidate, checked in place when its content is one.
 */
export function isInPlaceCandidate(uri: vscode.Uri, globs: readonly string[]): boolean {
  if (globs.length === 0 || !uri.path.endsWith('.json') || isConfigUri(uri) || uri.path.includes('/node_modules/')) return false;
  if (!CONTENT_SCHEMES.has(uri.scheme) && !vscode.workspace.workspaceFolders?.some((f) => f.uri.scheme === uri.scheme)) return false;
  const rel = vscode.workspace.asRelativePath(uri, false);
  return globs.some((g) => minimatch(rel, g, { dot: false, nocomment: true, nonegate: true }));
}

/** One validated config file, as the tree and the diagnostics show it. */
export interface ConfigEntry {
  uri: vscode.Uri;
  /** The text that was validated: the editor's (unsaved edits included) when open, else the file's. */
  text: string;
  validation: ConfigValidation;
  tree: ConfigTreeNode[];
  fromEditor: boolean;
  /** Findings of the last "Check Live" on this very text (dropped once the text changes). */
  live?: ConfigFinding[];
  /** A realm export or manifest checked in place: the tree is the config built from it, ranges are in its text. */
  inPlace?: InPlaceKind;
}

/** Settings that change what validation reports. */
export interface ConfigStoreOptions {
  expiryWarningDays?: number;
  /** `ssoLens.inPlace.include`: globs of realm exports and manifests to check in place. */
  inPlaceInclude?: string[];
}

/**
 * Every config file of the workspace, validated with the pure core: found with findFiles, kept current
 * by a FileSystemWatcher and, for open documents, by their unsaved edits (debounced). The core
 * (dist/core.js) is loaded only once there is a config file to validate.
 */
export class ConfigStore implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly files = new Map<string, vscode.Uri>();
  private readonly entries = new Map<string, ConfigEntry>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly running = new Set<Promise<void>>();
  /** Rescans in progress (a settings change, a workspace folder added, the first scan). */
  private readonly scans = new Set<Promise<number>>();
  private readonly generation = new Map<string, number>();
  /** Referenced files per config, from the last validation: the rules read synchronously. */
  private readonly referenced = new Map<string, Map<string, ReferencedFile>>();
  /** "Check Live" findings per config, with the text they were found in. */
  private readonly live = new Map<string, { text: string; findings: ConfigFinding[] }>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri[]>();
  /** Fires with the config files whose entry changed or went away. */
  readonly onDidChange = this.changed.event;
  /** Settles when the first scan and validation are done. */
  readonly ready: Promise<void>;

  constructor(
    private readonly core: () => Core,
    private readonly logger: Logger,
    private readonly debounceMs = 300,
    private readonly options: () => ConfigStoreOptions = () => ({}),
    /** Whether the workspace has config files; `ssoLens.hasConfig` also counts Terraform modules (see HasConfigContext). */
    private readonly reportHasConfig: (present: boolean) => PromiseLike<unknown> = (present) => vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasConfig, present),
  ) {
    this.disposables.add(this.changed);
    const watcher = this.disposables.add(vscode.workspace.createFileSystemWatcher(CONFIG_GLOB));
    this.disposables.add(watcher.onDidCreate((uri) => this.fileAppeared(uri)));
    this.disposables.add(watcher.onDidChange((uri) => this.schedule(uri)));
    this.disposables.add(watcher.onDidDelete((uri) => this.fileVanished(uri)));
    // Realm exports and manifests: any JSON file the include globs name (filtered per event; the globs can change).
    const json = this.disposables.add(vscode.workspace.createFileSystemWatcher('**/*.json'));
    this.disposables.add(json.onDidCreate((uri) => this.isInPlace(uri) && this.fileAppeared(uri)));
    this.disposables.add(json.onDidChange((uri) => this.isInPlace(uri) && this.schedule(uri)));
    this.disposables.add(json.onDidDelete((uri) => this.isInPlace(uri) && this.fileVanished(uri)));
    this.disposables.add(vscode.workspace.onDidOpenTextDocument((d) => this.tracks(d.uri) && this.schedule(d.uri, 0)));
    this.disposables.add(vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && this.tracks(e.document.uri) && this.schedule(e.document.uri)));
    this.disposables.add(vscode.workspace.onDidCloseTextDocument((d) => this.tracks(d.uri) && this.schedule(d.uri, 0)));
    this.disposables.add(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.rescanLogged()));
    this.ready = this.rescanLogged();
  }

  /** A realm export or manifest candidate under the current include globs. */
  private isInPlace(uri: vscode.Uri): boolean {
    return isInPlaceCandidate(uri, this.options().inPlaceInclude ?? []);
  }

  private tracks(uri: vscode.Uri): boolean {
    return isConfigUri(uri) || this.isInPlace(uri);
  }

  get(uri: vscode.Uri): ConfigEntry | undefined {
    return this.entries.get(uri.toString());
  }

  /**
   * The validation of exactly this text of `uri`, waiting for one that is scheduled or running; undefined
   * when the store has none (not a workspace config, or the text changed again meanwhile). Lets the
   * code lenses share the store's parse instead of parsing every edit a second time.
   */
  async validationOf(uri: vscode.Uri, text: string): Promise<ConfigValidation | undefined> {
    const key = uri.toString();
    if (this.entries.get(key)?.text !== text) await this.whenIdle();
    const entry = this.entries.get(key);
    return entry?.text === text ? entry.validation : undefined;
  }

  /** Entries in path order. */
  list(): ConfigEntry[] {
    return [...this.entries.values()].sort((a, b) => a.uri.path.localeCompare(b.uri.path));
  }

  /** Finds the config files again and re-validates all of them (also re-reading referenced files). */
  async rescan(): Promise<number> {
    // Tracked, so whenIdle also waits for the search that comes before any validation is scheduled.
    const scan = this.scan();
    this.scans.add(scan);
    try {
      return await scan;
    } finally {
      this.scans.delete(scan);
    }
  }

  private async scan(): Promise<number> {
    let found: vscode.Uri[] = [];
    try {
      found = await vscode.workspace.findFiles(CONFIG_GLOB, EXCLUDE_GLOB);
    } catch (e) {
      this.logger.error('finding config files failed', e);
    }
    for (const glob of this.options().inPlaceInclude ?? []) {
      try {
        found.push(...(await vscode.workspace.findFiles(glob, EXCLUDE_GLOB)).filter((u) => this.isInPlace(u)));
      } catch (e) {
        this.logger.error('finding realm exports and manifests failed', e);
      }
    }
    this.files.clear();
    for (const uri of found) this.files.set(uri.toString(), uri);
    this.referenced.clear();
    const open = vscode.workspace.textDocuments.filter((d) => this.tracks(d.uri)).map((d) => d.uri);
    const all = new Map<string, vscode.Uri>([...this.files, ...open.map((u) => [u.toString(), u] as const)]);
    for (const [key, entry] of this.entries) if (!all.has(key)) all.set(key, entry.uri);
    await this.updateContext();
    await Promise.all([...all.values()].map((uri) => this.validateNow(uri)));
    return this.files.size;
  }

  /**
   * Shows a "Check Live" result on the tree (with the file's own findings) for as long as the file
   * keeps the text it was found in; an edit drops it, since pointers may no longer hold.
   */
  setLiveFindings(uri: vscode.Uri, text: string, findings: ConfigFinding[]): void {
    const key = uri.toString();
    const entry = this.entries.get(key);
    if (!entry || entry.text !== text) return;
    const located = findings.map((f) => ({ ...f, range: liveRange(entry.validation.document, text, f) }));
    this.live.set(key, { text, findings: located });
    this.entries.set(key, this.withLive(entry, located));
    this.changed.fire([uri]);
  }

  /** Referenced files (certificates, metadata) as read for the last validation of `uri`, for the live check. */
  referencedFiles(uri: vscode.Uri): (relativePath: string) => Uint8Array | undefined {
    const files = this.referenced.get(uri.toString());
    return (rel) => files?.get(rel)?.bytes;
  }

  private withLive(entry: ConfigEntry, findings: ConfigFinding[]): ConfigEntry {
    const core = this.core();
    const merged = { ...entry.validation, findings: [...entry.validation.findings, ...findings] };
    return { ...entry, live: findings, tree: merged.index ? treeOf(core, merged) : entry.tree };
  }

  /** A rescan nobody awaits: a failure goes to the log, never to an unhandled rejection. */
  private async rescanLogged(): Promise<void> {
    try {
      await this.rescan();
    } catch (e) {
      this.logger.error('scanning the workspace for config files failed', e);
    }
  }

  /** Resolves once no validation is scheduled or running (tests wait on it). */
  async whenIdle(): Promise<void> {
    await this.ready;
    while (this.scans.size > 0 || this.timers.size > 0 || this.running.size > 0) {
      if (this.scans.size > 0) await Promise.allSettled(this.scans);
      else if (this.running.size > 0) await Promise.all(this.running);
      else await new Promise((r) => setTimeout(r, Math.max(10, this.debounceMs / 4)));
    }
  }

  private fileAppeared(uri: vscode.Uri): void {
    if (!this.tracks(uri)) return;
    this.files.set(uri.toString(), uri);
    void this.updateContext();
    this.schedule(uri, 0);
  }

  private fileVanished(uri: vscode.Uri): void {
    this.files.delete(uri.toString());
    void this.updateContext();
    this.schedule(uri, 0);
  }

  private schedule(uri: vscode.Uri, delay = this.debounceMs): boolean {
    const key = uri.toString();
    const t = this.timers.get(key);
    if (t) clearTimeout(t);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.validateNow(uri);
      }, delay),
    );
    return true;
  }

  private validateNow(uri: vscode.Uri): Promise<void> {
    const p = this.validate(uri)
      .catch((e: unknown) => this.logger.error(`validating ${vscode.workspace.asRelativePath(uri)} failed`, e))
      .finally(() => this.running.delete(p));
    this.running.add(p);
    return p;
  }

  private async validate(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    const gen = (this.generation.get(key) ?? 0) + 1;
    this.generation.set(key, gen);
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && !d.isClosed);
    const text = doc ? doc.getText() : this.files.has(key) ? await this.readConfig(uri) : undefined;
    if (this.generation.get(key) !== gen) return;
    if (text === undefined) {
      if (this.entries.delete(key)) this.changed.fire([uri]);
      return;
    }
    const inPlace = !isConfigUri(uri);
    const validation = typeof text === 'string' ? await this.validateText(uri, text, () => this.generation.get(key) === gen, inPlace) : text;
    if (this.generation.get(key) !== gen) return;
    if (!validation || (inPlace && !('kind' in validation))) {
      // A JSON file the globs name that is not (or no longer) a realm export or manifest: not ours.
      if (inPlace && this.entries.delete(key)) this.changed.fire([uri]);
      if (inPlace) void this.updateContext();
      return;
    }
    const core = this.core();
    const tree = validation.index ? treeOf(core, validation) : [];
    let entry: ConfigEntry = { uri, text: validation.document.text, validation, tree, fromEditor: !!doc, ...('kind' in validation && typeof validation.kind === 'string' ? { inPlace: validation.kind as InPlaceKind } : {}) };
    const live = this.live.get(key);
    if (live && live.text === entry.text) entry = this.withLive(entry, live.findings);
    else this.live.delete(key);
    this.entries.set(key, entry);
    if (inPlace) void this.updateContext();
    this.changed.fire([uri]);
  }

  /**
   * Validates with the referenced files (certificates, metadata) read through workspace.fs, so
   * virtual workspaces work too. The rules read synchronously: the first pass uses the files read last
   * time and records what it asked for; a second pass runs only when one of them changed.
   */
  private async validateText(uri: vscode.Uri, text: string, current: () => boolean, inPlace = false): Promise<ConfigValidation | undefined> {
    const core = this.core();
    const key = uri.toString();
    const cache = this.referenced.get(key) ?? new Map<string, ReferencedFile>();
    const requested = new Set<string>();
    // The last validation's document: a keystroke inside a string is then re-parsed incrementally.
    const previous = inPlace ? undefined : this.entries.get(key)?.validation.document;
    const options = {
      ...this.options(),
      ...(previous ? { previous } : {}),
      readFile: (rel: string) => {
        requested.add(rel);
        return cache.get(rel)?.bytes;
      },
    };
    // In place: undefined when the text is neither a realm export nor a manifest (no entry then).
    const run = (): ConfigValidation | undefined => (inPlace ? core.validateInPlaceText(text, options) : core.validateConfigText(text, options));
    let validation = run();
    if (!validation) return undefined;
    if (requested.size === 0) return validation;
    const dir = vscode.Uri.joinPath(uri, '..');
    let changed = false;
    const fresh = new Map<string, ReferencedFile>();
    await Promise.all(
      [...requested].map(async (rel) => {
        const known = cache.get(rel);
        const file = await readReferenced(vscode.Uri.joinPath(dir, rel), MAX_REFERENCED_BYTES, known);
        fresh.set(rel, file);
        if (!known || file.bytes !== known.bytes) changed = true;
      }),
    );
    if (!current()) return undefined;
    this.referenced.set(key, fresh);
    if (changed) {
      cache.clear();
      for (const [k, v] of fresh) cache.set(k, v);
      validation = run();
    }
    return validation;
  }

  /** The file's text, or a ready-made validation saying it is too large. */
  private async readConfig(uri: vscode.Uri): Promise<string | ConfigValidation | undefined> {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.size > MAX_CONFIG_BYTES) {
        const findings = [{ id: 'input.too-large' as const, severity: 'error' as const, message: `config file is larger than ${MAX_CONFIG_BYTES} bytes; not read`, path: '', range: { offset: 0, length: 0 } }];
        return { document: { text: '', value: undefined, root: undefined, findings, locate: () => undefined }, findings, schemaValid: false };
      }
      return Buffer.from(await vscode.workspace.fs.readFile(uri))
        .toString('utf8')
        .replace(/^\uFEFF/, '');
    } catch {
      return undefined; // deleted between the event and the read
    }
  }

  private async updateContext(): Promise<void> {
    // In-place candidates count once their content is recognised.
    const any = [...this.files.values()].some((u) => isConfigUri(u)) || [...this.entries.values()].some((e) => e.inPlace !== undefined);
    await this.reportHasConfig(any);
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.disposables.dispose();
  }
}

/**
 * The tree of a config. With schema errors some shapes may be off (`"identifiers": "x"`): the file
 * node then shows the findings alone rather than the extension failing on every keystroke.
 */
function treeOf(core: Core, validation: ConfigValidation): ConfigTreeNode[] {
  if (!validation.index) return [];
  try {
    return core.buildConfigTree(validation.index, validation.findings);
  } catch (e) {
    if (validation.schemaValid) throw e; // a bug: the schema guarantees the shapes the tree reads
    return [];
  }
}

/** A file's bytes through workspace.fs, or undefined when it is missing, not a file, or larger than `max`. */
export async function readLimited(uri: vscode.Uri, max: number): Promise<Uint8Array | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if (stat.size > max || stat.type !== vscode.FileType.File) return undefined;
    return await vscode.workspace.fs.readFile(uri);
  } catch {
    return undefined;
  }
}

/** A referenced file as last read, with the stat it was read at. */
interface ReferencedFile {
  bytes: Uint8Array | undefined;
  mtime: number;
  size: number;
}

/**
 * A referenced file, or `known` itself when neither its modification time nor its size moved: the same
 * bytes object keeps the rules' certificate cache (keyed by bytes) warm across keystrokes, and an
 * unchanged file is not read again on every edit.
 */
async function readReferenced(uri: vscode.Uri, max: number, known: ReferencedFile | undefined): Promise<ReferencedFile> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    // A provider without modification times (mtime 0) is read every time: its stat cannot say "unchanged".
    if (known && known.bytes && stat.mtime > 0 && known.mtime === stat.mtime && known.size === stat.size) return known;
    const bytes = stat.size > max || stat.type !== vscode.FileType.File ? undefined : await vscode.workspace.fs.readFile(uri);
    // Same bytes after a touch or a no-op save: the same object (warm certificate cache), the new stat.
    if (known && sameBytes(bytes, known.bytes)) return known.mtime === stat.mtime && known.size === stat.size ? known : { bytes: known.bytes, mtime: stat.mtime, size: stat.size };
    return { bytes, mtime: stat.mtime, size: stat.size };
  } catch {
    return known && !known.bytes ? known : { bytes: undefined, mtime: 0, size: 0 };
  }
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  if (!a || !b) return a === b;
  return a.length === b.length && Buffer.from(a).equals(Buffer.from(b));
}
