import * as vscode from 'vscode';
import { onReportAction, registerCommands } from './commands';
import { Services } from './commands/services';
import type { SignInTestHooks } from './commands/sign-in-commands';
import type { InspectReport } from './decoders/result';
import { DisposableStore } from './platform/disposables';
import { Logger } from './platform/logger';
import { Settings } from './platform/settings';
import { registerConfigViews, type ConfigTestHooks } from './views/config-views';
import { JwtHoverProvider } from './views/jwt-hover';
import { ReportPanel } from './views/report-panel';

/**
 * Wiring only. Activation builds the services and registers commands and the hover; the heavy
 * core (dist/core.js) loads when the first command needs it.
 */
/**
 * The extension's exports: hooks the integration tests read. Only when VS Code runs the extension's
 * tests: the report's HTML holds a decoded token, which other extensions have no business reading.
 */
export interface SsoLensExports {
  testing: ConfigTestHooks;
  /** The report view's HTML as last rendered (undefined when closed), for the integration tests. */
  reportHtml: () => string | undefined;
  /** "Sign In as This App…": the browser step and the test provider's CA, set by the sign-in test. */
  signIn: SignInTestHooks;
  /** Test SAML Sign-In: the test drives the browser step itself (a real Chromium) instead of openExternal. */
  interceptBrowser: (open: (url: string) => Promise<boolean>) => vscode.Disposable;
  /** Shows a report as the commands do (a flow, before its decoder is there to make one). */
  showReport: (report: InspectReport, source: string) => void;
  /** Delivers a message as the report's webview would post it (the panel checks it). */
  receiveFromReport: (message: unknown) => void;
}

export function activate(context: vscode.ExtensionContext): SsoLensExports | undefined {
  const store = new DisposableStore();
  context.subscriptions.push(store);
  const logger = store.add(new Logger());
  try {
    const actions = { onAction: (action: string, step?: number) => onReportAction(action, step), onClosed: () => services.forget() };
    const panel = store.add(new ReportPanel(context.extensionUri, actions));
    const services = new Services(context, new Settings(), logger, panel);
    registerCommands(store, services);
    store.add(vscode.languages.registerHoverProvider({ scheme: '*' }, new JwtHoverProvider()));
    const testing = registerConfigViews(store, services);
    if (context.extensionMode !== vscode.ExtensionMode.Test) return undefined;
    services.signInTesting = {};
    return {
      testing,
      reportHtml: () => panel.html,
      signIn: services.signInTesting,
      interceptBrowser: (open) => services.browser.interceptForTests(open),
      showReport: (report, source) => panel.show(services.core, report, source),
      receiveFromReport: (message) => panel.receive(message),
    };
  } catch (e) {
    logger.error('activation failed', e);
    void vscode.window.showErrorMessage(`SSO Lens failed to start: ${(e as Error).message}`, 'Show Log').then((c) => c && logger.show());
    throw e;
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
