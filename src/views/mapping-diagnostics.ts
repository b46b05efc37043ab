import * as vscode from 'vscode';
import type { Finding } from '../decoders/result';
import type { ConfigValidation } from '../model/validate-config';
import { DisposableStore } from '../platform/disposables';
import { DIAGNOSTIC_SOURCE, SEVERITY } from './config-diagnostics';
import { LineIndex } from './text-offsets';

/**
 * The `mapping.*` findings of the last "Test with a token…" run, on the config rules they concern.
 * They describe one sign-in, not the file, so they live in their own collection and go away as soon
 * as the config is edited (the next run says what holds then).
 */
export class MappingDiagnostics implements vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly collection = vscode.languages.createDiagnosticCollection('sso-lens-mapping');
  /** The files each Terraform module's last run put findings on, so the next run replaces them all. */
  private readonly terraformFiles = new Map<string, vscode.Uri[]>();

  constructor() {
    this.disposables.add(this.collection);
    this.disposables.add(vscode.workspace.onDidChangeTextDocument((e) => e.contentChanges.length > 0 && this.collection.delete(e.document.uri)));
  }

  set(uri: vscode.Uri, validation: ConfigValidation, findings: readonly Finding[]): void {
    const lines = new LineIndex(validation.document.text);
    this.collection.set(
      uri,
      findings.map((f) => {
        const at = validation.document.locate(f.path ?? '') ?? { offset: 0, length: 0 };
        let start = lines.position(at.offset);
        let end = lines.position(at.offset + at.length);
        if (end.line !== start.line) {
          // A whole object (an app, a team): underline its key, or its first line, not the block.
          const key = validation.document.locate(f.path ?? '', 'key');
          if (key && key.offset !== at.offset) {
            start = lines.position(key.offset);
            end = lines.position(key.offset + key.length);
          } else end = { line: start.line, character: start.character + 1 };
        }
        const d = new vscode.Diagnostic(new vscode.Range(start.line, start.character, end.line, end.character), `${f.message} (from the last "Test with a token…")`, SEVERITY[f.severity]);
        d.code = f.id;
        d.source = DIAGNOSTIC_SOURCE;
        return d;
      }),
    );
  }

  /**
   * A Terraform module's run: each finding on the `.tf` or sidecar line its model path was built from
   * (`locate` gives it); a block that spans lines is underlined on its first line only.
   */
  setTerraform(moduleDir: string, texts: ReadonlyMap<string, string>, findings: readonly Finding[], locate: (pointer: string) => vscode.Location | undefined): void {
    for (const uri of this.terraformFiles.get(moduleDir) ?? []) this.collection.delete(uri);
    const byFile = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
    for (const f of findings) {
      const at = locate(f.path ?? '');
      if (!at) continue; // nothing of the module says it: the report shows it
      let range = at.range;
      if (!range.isSingleLine) {
        const line = (texts.get(at.uri.path) ?? '').split(/\r?\n/)[range.start.line] ?? '';
        range = new vscode.Range(range.start, new vscode.Position(range.start.line, Math.max(line.length, range.start.character + 1)));
      }
      const d = new vscode.Diagnostic(range, `${f.message} (from the last "Test with a token…")`, SEVERITY[f.severity]);
      d.code = f.id;
      d.source = DIAGNOSTIC_SOURCE;
      const entry = byFile.get(at.uri.toString()) ?? { uri: at.uri, diagnostics: [] };
      entry.diagnostics.push(d);
      byFile.set(at.uri.toString(), entry);
    }
    for (const { uri, diagnostics } of byFile.values()) this.collection.set(uri, diagnostics);
    this.terraformFiles.set(moduleDir, [...byFile.values()].map((e) => e.uri));
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
