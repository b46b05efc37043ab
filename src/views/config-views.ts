import * as vscode from 'vscode';
import { CONTEXT_KEYS, SETTING_IDS, VIEW_IDS } from '../commands/ids';
import type { Services } from '../commands/services';
import type { DisposableStore } from '../platform/disposables';
import { AppCodeLensProvider, CONFIG_DOCUMENTS } from './app-code-lens';
import { ConfigCodeActions, ConfigDiagnostics } from './config-diagnostics';
import { ConfigStore } from './config-store';
import { HasConfigContext } from './has-config-context';
import { ProvidersTreeProvider, type ProvidersSnapshot } from './config-tree';
import { LiveDiagnostics } from './live-diagnostics';
import { MappingDiagnostics } from './mapping-diagnostics';
import { TerraformDiagnostics } from './terraform-diagnostics';

/** What the extension exports for its integration tests: read-only views of the config features. */
export interface ConfigTestHooks {
  /** The Providers view's rows, fully expanded, once pending validations are done. */
  providersTree(): Promise<ProvidersSnapshot[]>;
  /** The Providers view's first row with this label and a context value matching (what its menu passes a command). */
  providersRow(label: string, contextValue: RegExp): Promise<unknown>;
  /** Resolves when no config validation is scheduled or running. */
  configIdle(): Promise<void>;
  /** Resolves when no Terraform check is scheduled or running. */
  terraformIdle(): Promise<void>;
  /** `ssoLens.hasConfig` as last set, and what the config files and the Terraform modules each reported. */
  hasConfigContext(): { value: boolean | undefined; sources: Record<string, boolean> };
  /** Lets "Check Live" trust a loopback test server's throw-away CA (undefined: the system's CAs only). */
  trustLiveTestCa(ca: string | undefined): void;
}

/** The config-as-code features: the store of config files, the Providers view, diagnostics, quick fixes and code lenses. */
export function registerConfigViews(store: DisposableStore, services: Services): ConfigTestHooks {
  // The palette's config commands need config files or Terraform modules with SSO resources.
  const hasConfig = new HasConfigContext((value) => vscode.commands.executeCommand('setContext', CONTEXT_KEYS.hasConfig, value));
  const configs = store.add(new ConfigStore(() => services.core, services.logger, undefined, () => ({ expiryWarningDays: services.settings.expiryWarningDays, inPlaceInclude: services.settings.inPlaceInclude }), (present) => hasConfig.report('configs', present)));
  services.configStore = configs;
  // Terraform modules (issue 14): findings on the .tf lines, and the modules in the Providers view.
  const terraform = store.add(new TerraformDiagnostics(() => services.core, services.logger, () => services.settings.terraformEnabled, undefined, (present) => hasConfig.report('terraform', present)));
  services.terraformModules = terraform;
  const tree = store.add(new ProvidersTreeProvider(configs, { modules: terraform, core: () => services.core }));
  store.add(vscode.window.createTreeView(VIEW_IDS.providers, { treeDataProvider: tree, showCollapseAll: true }));
  store.add(new ConfigDiagnostics(configs));
  // "Check Live" results on the config lines concerned; a new warning window re-validates every file.
  store.add(new LiveDiagnostics(configs));
  store.add(vscode.workspace.onDidChangeConfiguration((e) => (e.affectsConfiguration(SETTING_IDS.expiryWarningDays) || e.affectsConfiguration(SETTING_IDS.inPlaceInclude)) && void configs.rescan().catch((err: unknown) => services.logger.error('re-validating the config files failed', err))));
  store.add(vscode.languages.registerCodeActionsProvider(CONFIG_DOCUMENTS, new ConfigCodeActions(configs, () => services.core), { providedCodeActionKinds: ConfigCodeActions.kinds }));
  // Claim-mapping analysis on the apps of a config: "Test with a token…", "Sample personas".
  services.mappingDiagnostics = store.add(new MappingDiagnostics());
  store.add(vscode.languages.registerCodeLensProvider(CONFIG_DOCUMENTS, store.add(new AppCodeLensProvider(() => services.core, configs))));
  return {
    providersTree: async () => {
      await configs.whenIdle();
      await terraform.whenIdle();
      return tree.snapshot();
    },
    providersRow: async (label, contextValue) => {
      await configs.whenIdle();
      await terraform.whenIdle();
      return tree.rowWhere((item) => (typeof item.label === 'string' ? item.label : item.label?.label) === label && contextValue.test(item.contextValue ?? ''));
    },
    configIdle: () => configs.whenIdle(),
    terraformIdle: () => terraform.whenIdle(),
    hasConfigContext: () => hasConfig.snapshot(),
    trustLiveTestCa: (ca) => {
      services.liveFetcherCa = ca;
    },
  };
}
