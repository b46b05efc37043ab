import * as vscode from 'vscode';
import { COMMAND_IDS } from '../commands/ids';
import { DisposableStore } from '../platform/disposables';
import type { Core } from '../platform/load-core';
import type { ConfigStore } from './config-store';

/** Config files SSO Lens owns; the same patterns as contributes.jsonValidation. */
export const CONFIG_DOCUMENTS: vscode.DocumentSelector = [
  { pattern: '**/*.sso.json' },
  { pattern: '**/sso-lens.json' },
];

/**
 * "Test with a token…" and "Sample personas" above every app of a config file. The lenses carry
 * the file and the app id, so the commands run without asking which app is meant.
 */
export class AppCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly disposables = new DisposableStore();
  private readonly changed = this.disposables.add(new vscode.EventEmitter<void>());
  /** A new validation of a config file moves or adds apps: VS Code asks for the lenses again. */
  readonly onDidChangeCodeLenses = this.changed.event;

  constructor(
    private readonly core: () => Core,
    private readonly store?: ConfigStore,
  ) {
    if (store) this.disposables.add(store.onDidChange(() => this.changed.fire()));
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    // This runs on every edit: the store's validation of this very text is shared (one parse per
    // edit); a document the store does not validate is parsed here, structure only (no rules). A file
    // with schema errors gets no lenses until it is fixed; the diagnostics say what is wrong.
    const text = document.getText();
    const { document: parsed, index, schemaValid } = (await this.store?.validationOf(document.uri, text)) ?? this.core().validateConfigText(text, { rules: [] });
    if (!index || !schemaValid) return [];
    const lenses: vscode.CodeLens[] = [];
    for (const app of index.apps) {
      const at = parsed.locate(app.pointer);
      if (!at) continue;
      const range = new vscode.Range(document.positionAt(at.offset), document.positionAt(at.offset));
      const args = [document.uri, app.value.id];
      lenses.push(
        new vscode.CodeLens(range, { title: 'Test with a token…', command: COMMAND_IDS.testWithToken, arguments: args, tooltip: `Run a captured ID token or SAML response through ${app.value.id}'s mapping` }),
        new vscode.CodeLens(range, { title: 'Sample personas', command: COMMAND_IDS.showPersonas, arguments: args, tooltip: 'Who lands in which team, for the test users of this config' }),
      );
      // A live sign-in (issue 9): OIDC apps only.
      if (app.value.protocol === 'oidc') lenses.push(new vscode.CodeLens(range, { title: 'Sign In as This App…', command: COMMAND_IDS.signInAsApp, arguments: args, tooltip: `Sign in for real as ${app.value.id} (browser, loopback redirect) and see which teams you land in` }));
      if (app.value.protocol === 'saml') lenses.push(new vscode.CodeLens(range, { title: 'Test SAML sign-in…', command: COMMAND_IDS.testSamlSignIn, arguments: args, tooltip: `Sign in to ${app.value.id} in the browser and run the IdP's response through its mapping` }));
    }
    return lenses;
  }

  dispose(): void {
    this.disposables.dispose();
  }
}
