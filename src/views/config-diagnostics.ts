import * as vscode from 'vscode';
import { COMMAND_IDS } from '../commands/ids';
import type { ConfigFinding } from '../model/config-finding';
import { DisposableStore } from '../platform/disposables';
import type { Core } from '../platform/load-core';
import type { ConfigEntry, ConfigStore } from './config-store';
import { LineIndex } from './text-offsets';

export const DIAGNOSTIC_SOURCE = 'SSO Lens';

/** Finding severities as VS Code's (config and mapping diagnostics alike). */
export const SEVERITY: Record<ConfigFinding['severity'], vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/**
 * VS Code's JSON support already reports syntax and schema errors in open editors (through
 * contributes.jsonValidation); repeating them there would list each twice. Closed files have only ours.
 */
const EDITOR_REPORTS = new Set(['config.parse-error', 'config.schema-invalid']);

/** Config findings as diagnostics: open documents as they are typed, every other config file from disk. */
export class ConfigDiagnostics implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly collection = vscode.languages.createDiagnosticCollection('sso-lens-config');

  constructor(private readonly store: ConfigStore) {
    this.disposables.add(this.collection);
    this.disposables.add(store.onDidChange((uris) => uris.forEach((uri) => this.update(uri))));
  }

  private update(uri: vscode.Uri): void {
    const entry = this.store.get(uri);
    if (!entry) this.collection.delete(uri);
    else this.collection.set(uri, toDiagnostics(entry));
  }

  dispose(): void {
    this.disposables.dispose();
  }
}

export function toDiagnostics(entry: ConfigEntry): vscode.Diagnostic[] {
  const lines = new LineIndex(entry.text);
  return entry.validation.findings
    .filter((f) => !(entry.fromEditor && EDITOR_REPORTS.has(f.id)))
    .map((f) => {
      const d = new vscode.Diagnostic(findingRange(lines, f), f.message, SEVERITY[f.severity]);
      d.code = f.id;
      d.source = DIAGNOSTIC_SOURCE;
      // A cross-hop finding: the other side of the disagreement, one click away.
      if (f.relatedRange && f.relatedPath !== undefined) {
        const r = findingRange(lines, { ...f, range: f.relatedRange });
        d.relatedInformation = [new vscode.DiagnosticRelatedInformation(new vscode.Location(entry.uri, r), `the other side (${f.relatedPath})`)];
      }
      return d;
    });
}

function findingRange(lines: LineIndex, f: ConfigFinding): vscode.Range {
  const offset = f.range?.offset ?? 0;
  const start = lines.position(offset);
  const end = lines.position(offset + (f.range?.length ?? 0));
  return new vscode.Range(start.line, start.character, end.line, end.character);
}

/**
 * The quick fixes findings carry. A `replace` fix is a plain edit; moving a literal secret to secret
 * storage runs a command, because the value must be stored before the literal leaves the file.
 */
export class ConfigCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(
    private readonly store: ConfigStore,
    private readonly core: () => Core,
  ) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ours = context.diagnostics.filter((d) => d.source === DIAGNOSTIC_SOURCE && typeof d.code === 'string');
    if (ours.length === 0) return [];
    const entry = this.store.get(document.uri);
    // Findings are matched to diagnostics by id and range, which only holds for the text they were found in.
    if (!entry || entry.text !== document.getText()) return [];
    const lines = new LineIndex(entry.text);
    const actions: vscode.CodeAction[] = [];
    for (const d of ours) {
      // "Check Live" findings carry fixes too (pin the certificate the IdP publishes now).
      const finding = [...entry.validation.findings, ...(entry.live ?? [])].find((f) => f.fix && f.id === d.code && findingRange(lines, f).isEqual(d.range));
      const fix = finding?.fix;
      if (!fix) continue;
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.diagnostics = [d];
      action.isPreferred = true;
      if (fix.kind === 'move-to-secret-storage') {
        const key = secretStorageKey(fix.value);
        if (key === undefined) continue;
        action.command = { command: COMMAND_IDS.moveSecretToStorage, title: fix.title, arguments: [document.uri, fix.path, key] };
      } else {
        const parsed = entry.validation.document; // the parse of entry.text, shared rather than repeated
        // locate() falls back to the nearest ancestor; a fix must never overwrite that.
        const at = this.core().resolvePointer(parsed.value, fix.path) !== undefined ? parsed.locate(fix.path) : undefined;
        if (!at) continue;
        const edit = new vscode.WorkspaceEdit();
        edit.replace(document.uri, new vscode.Range(document.positionAt(at.offset), document.positionAt(at.offset + at.length)), JSON.stringify(fix.value));
        action.edit = edit;
      }
      actions.push(action);
    }
    return actions;
  }
}

/** The key in `{ "secretStorage": "<key>" }`, the shape the literal-secret rule's fix proposes. */
export function secretStorageKey(value: unknown): string | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const key = (value as { secretStorage?: unknown }).secretStorage;
  return typeof key === 'string' && key !== '' ? key : undefined;
}
