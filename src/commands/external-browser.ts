import * as vscode from 'vscode';

/**
 * Opens sign-in pages in the user's browser. The URL is passed to `openExternal` as the string it
 * is: a `vscode.Uri` decodes and re-encodes the query, which breaks a signed Redirect-binding query
 * (its signature covers the exact octets) — VS Code takes a string as is
 * (https://github.com/microsoft/vscode/issues/85930, https://github.com/microsoft/vscode/issues/173239).
 */
export class ExternalBrowser {
  private intercept: ((url: string) => Promise<boolean>) | undefined;

  open(url: string): Promise<boolean> {
    if (this.intercept) return this.intercept(url);
    return Promise.resolve(vscode.env.openExternal(url as unknown as vscode.Uri));
  }

  /**
   * Extension tests only (exported when VS Code runs the extension's tests): the test drives the
   * browser step itself, in a real Chromium, instead of the workbench opening a tab.
   */
  interceptForTests(open: (url: string) => Promise<boolean>): vscode.Disposable {
    this.intercept = open;
    return new vscode.Disposable(() => {
      if (this.intercept === open) this.intercept = undefined;
    });
  }
}
