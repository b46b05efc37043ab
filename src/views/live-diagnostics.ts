import * as vscode from 'vscode';
import type { ConfigFinding, TextRange } from '../model/config-finding';
import type { ConfigDocument } from '../model/load-config';
import { DisposableStore } from '../platform/disposables';
import { DIAGNOSTIC_SOURCE, SEVERITY } from './config-diagnostics';
import type { ConfigEntry, ConfigStore } from './config-store';
import { LineIndex } from './text-offsets';

/**
 * The findings of the last "Check Live", on the config lines they concern (the pinned certificate,
 * the metadata URL). They describe what an IdP published at one moment, so they live in their own
 * collection and go away when the file is edited (the store drops them then).
 */
export class LiveDiagnostics implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly collection = vscode.languages.createDiagnosticCollection('sso-lens-live');

  constructor(private readonly store: ConfigStore) {
    this.disposables.add(this.collection);
    this.disposables.add(store.onDidChange((uris) => uris.forEach((uri) => this.update(uri))));
  }

  private update(uri: vscode.Uri): void {
    const entry = this.store.get(uri);
    if (!entry?.live || entry.live.length === 0) this.collection.delete(uri);
    else this.collection.set(uri, liveDiagnostics(entry));
  }

  dispose(): void {
    this.disposables.dispose();
  }
}

/**
 * Where a live finding is underlined: its value, or for a value spanning lines (a pinned certificate
 * object) its key, so the squiggle marks one line. The quick-fix provider matches on this same range.
 */
export function liveRange(document: ConfigDocument, text: string, f: ConfigFinding): TextRange {
  const at = document.locate(f.path) ?? { offset: 0, length: 0 };
  if (!text.slice(at.offset, at.offset + at.length).includes('\n')) return at;
  const key = document.locate(f.path, 'key');
  return key && key.offset !== at.offset ? key : { offset: at.offset, length: 1 };
}

function liveDiagnostics(entry: ConfigEntry): vscode.Diagnostic[] {
  const lines = new LineIndex(entry.text);
  return (entry.live ?? []).map((f) => {
    const at = f.range ?? liveRange(entry.validation.document, entry.text, f);
    const start = lines.position(at.offset);
    const end = lines.position(at.offset + at.length);
    const d = new vscode.Diagnostic(new vscode.Range(start.line, start.character, end.line, end.character), `${f.message} (Check Live)`, SEVERITY[f.severity]);
    d.code = f.id;
    d.source = DIAGNOSTIC_SOURCE;
    return d;
  });
}
