import * as vscode from 'vscode';
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

function liveDiagnostics(entry: ConfigEntry): vscode.Diagnostic[] {
  const lines = new LineIndex(entry.text);
  const doc = entry.validation.document;
  return (entry.live ?? []).map((f) => {
    const at = doc.locate(f.path) ?? { offset: 0, length: 0 };
    let start = lines.position(at.offset);
    let end = lines.position(at.offset + at.length);
    if (end.line !== start.line) {
      // A whole object (a pinned certificate): underline its key, not the block.
      const key = doc.locate(f.path, 'key');
      if (key && key.offset !== at.offset) {
        start = lines.position(key.offset);
        end = lines.position(key.offset + key.length);
      } else end = { line: start.line, character: start.character + 1 };
    }
    const d = new vscode.Diagnostic(new vscode.Range(start.line, start.character, end.line, end.character), `${f.message} (Check Live)`, SEVERITY[f.severity]);
    d.code = f.id;
    d.source = DIAGNOSTIC_SOURCE;
    return d;
  });
}
