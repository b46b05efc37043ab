import * as vscode from 'vscode';
import type { InspectReport } from '../decoders/result';
import type { AppEntry } from '../model/config-index';
import type { SecretRef } from '../model/config-types';
import type { OidcSignInTarget } from '../model/oidc-sign-in-target';
import type { DeviceCodeInfo, OidcSignInFlow, OidcSignInResult } from '../platform/oidc-sign-in';
import { SETTING_IDS } from './ids';
import { expectationsFor, loadConfig, pickAppEntry, showMappingFindings, treeApp, type LoadedConfig } from './mapping-commands';
import type { Services } from './services';
import { unknownBeforeApply } from './terraform-unknowns';

/**
 * What the extension tests put in place of the user's browser and device (only in extension test
 * mode, see extension.ts): the browser step is driven by the test, and the test provider's
 * throw-away CA is trusted for the sign-in and its key fetches.
 */
export interface SignInTestHooks {
  openBrowser?: (url: string) => Promise<boolean>;
  showDeviceCode?: (info: DeviceCodeInfo) => void;
  ca?: string;
  /** The last failure shown to the user (the tests read it). */
  lastFailure?: string;
}

/**
 * "Sign In as This App…" (code lens above every OIDC app, Providers view, palette): signs in for
 * real with the app's client ID, authority, scopes and loopback redirect, and shows the ID token's
 * report mapped through the app — the same report as "Test with a Token…", with "Mapped through
 * <app>" filled in — plus the access token, labelled. Arguments (optional): the config Uri and app
 * id (code lens), or a Providers-view row; the flow ('auth-code' | 'device-code').
 */
export async function signInAsApp(services: Services, configArg?: unknown, appArg?: unknown, flowArg?: unknown): Promise<InspectReport | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage('SSO Lens: signing in talks to the identity provider over the network, which SSO Lens never does in an untrusted workspace. Trust the workspace to sign in.');
    return undefined;
  }
  if (!services.settings.networkAllowed) {
    void vscode.window.showWarningMessage(`SSO Lens: signing in needs the network, and "${SETTING_IDS.networkEnabled}" is off.`, 'Open Settings').then((choice) => {
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', SETTING_IDS.networkEnabled);
    });
    return undefined;
  }
  const fromTree = treeRow(configArg);
  // A Terraform module's app row: its folder and app id (the client ID comes from the sidecar's `values`).
  const moduleRow = fromTree ? undefined : treeApp(configArg);
  const config = await loadConfig(services, fromTree?.uri ?? moduleRow?.uri ?? configArg);
  if (!config) return undefined;
  const entry = fromTree ? config.index.apps.find((a) => a.pointer === fromTree.pointer) : await pickOidcApp(config, moduleRow?.appId ?? appArg);
  if (!entry) {
    if (fromTree) void vscode.window.showWarningMessage('SSO Lens: that app is no longer in the file.');
    return undefined;
  }
  const core = services.core;
  const target = core.oidcSignInTarget(entry);
  if (!target.ok) {
    void vscode.window.showWarningMessage(`SSO Lens: ${target.message}`);
    return undefined;
  }
  const provider = entry.provider.value;
  const issuer = entry.value.protocol === 'oidc' ? entry.value.issuer : undefined;
  // An app's own issuer decides the authority; the tenant matters only without one.
  const unknown = unknownBeforeApply(config, entry.value.id, { 'client ID': target.value.clientId, issuer, 'tenant ID': provider.type === 'entra' && issuer === undefined ? provider.tenantId : undefined });
  if (unknown) {
    void vscode.window.showWarningMessage(`SSO Lens: ${unknown}`);
    return undefined;
  }
  const expectations = await expectationsFor(services, config, entry);
  if (!expectations) return undefined;
  const flow: OidcSignInFlow = flowArg === 'device-code' || flowArg === 'auth-code' ? flowArg : vscode.env.remoteName ? 'device-code' : 'auth-code';
  const result = await runFlow(services, target.value, flow);
  if (!result) return undefined;
  if (!result.ok) {
    showFailure(services, entry, target.value, result);
    return undefined;
  }
  const options = services.inspectOptions();
  const ca = services.signInTesting?.ca;
  if (ca && options.keySource) options.keySource = new core.DiscoveryKeySource(new core.NodeFetcher({ ca }));
  const outcome = await core.reportSignIn(
    { idToken: result.idToken, ...(result.accessToken ? { accessToken: result.accessToken } : {}) },
    config.index,
    entry.value.id,
    expectations,
    options,
    { app: entry.value.id, flow: result.flow, authority: target.value.authority, ...(result.redirectUri ? { redirectUri: result.redirectUri } : {}) },
  );
  if (!outcome.ok) {
    void vscode.window.showWarningMessage(`SSO Lens: ${outcome.message}`);
    return undefined;
  }
  // In memory only, for the report's "Verify Signature…"; dropped when the report closes.
  services.remember({ bytes: Buffer.from(result.idToken), source: `sign-in as ${entry.value.id}` });
  services.panel.show(core, outcome.report, `Signed in as ${entry.value.id}`);
  showMappingFindings(services, config, (outcome.report.data as { mapping?: { findings: [] } }).mapping?.findings ?? []);
  return outcome.report;
}

/** The same, with the device code flow whatever the window (the Providers view's context menu, the palette). */
export function signInWithDeviceCode(services: Services, configArg?: unknown, appArg?: unknown): Promise<InspectReport | undefined> {
  return signInAsApp(services, configArg, appArg, 'device-code');
}

/** The flow under a cancellable progress notification; every wait ends by result, timeout or Cancel. */
async function runFlow(services: Services, target: OidcSignInTarget, flow: OidcSignInFlow): Promise<OidcSignInResult | undefined> {
  const core = services.core;
  const testing = services.signInTesting;
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `SSO Lens: signing in as ${target.appId} at ${authorityHost(target.authority)}`, cancellable: true }, async (progress, token) => {
    const abort = new AbortController();
    const cancelled = token.onCancellationRequested(() => abort.abort());
    try {
      progress.report({ message: flow === 'device-code' ? 'asking the provider for a device code…' : 'opening the browser…' });
      return await core.signInWithOidc(
        target,
        {
          openBrowser: async (url) => {
            progress.report({ message: 'waiting for the sign-in in the browser (Cancel to stop)' });
            if (testing?.openBrowser) return testing.openBrowser(url);
            return vscode.env.openExternal(vscode.Uri.parse(url, true));
          },
          showDeviceCode: (info) => {
            progress.report({ message: `enter the code ${info.userCode} at ${info.verificationUri} (Cancel to stop)` });
            if (testing?.showDeviceCode) testing.showDeviceCode(info);
            else void showDeviceCode(info);
          },
          getClientSecret: (ref) => clientSecret(services, target, ref),
        },
        {
          flow,
          signal: abort.signal,
          ...(testing?.ca ? { ca: testing.ca } : {}),
          onRedirectUri: (uri) => void announceRedirect(target, uri),
        },
      );
    } finally {
      cancelled.dispose();
    }
  });
}

/** Which redirect URI the provider must accept, with a button to copy it (not modal: the sign-in goes on). */
async function announceRedirect(target: OidcSignInTarget, uri: string): Promise<void> {
  const copyable = target.loopback.registered ?? 'http://localhost';
  const registered = target.loopback.registered ? `registered as ${target.loopback.registered}` : `not registered yet: register ${target.loopback.register}`;
  const choice = await vscode.window.showInformationMessage(`SSO Lens: waiting for the browser on ${uri} (${registered}).`, 'Copy Redirect URI');
  if (choice === 'Copy Redirect URI') await vscode.env.clipboard.writeText(copyable);
}

async function showDeviceCode(info: DeviceCodeInfo): Promise<void> {
  const choice = await vscode.window.showInformationMessage(`SSO Lens: to sign in, open ${info.verificationUri} and enter the code ${info.userCode}.`, 'Copy Code and Open Page', 'Copy Code');
  if (choice === undefined) return;
  await vscode.env.clipboard.writeText(info.userCode);
  if (choice === 'Copy Code and Open Page') await vscode.env.openExternal(vscode.Uri.parse(info.verificationUri, true));
}

/**
 * The client secret: from VS Code secret storage (asked for once and stored there when missing) or
 * an environment variable — never from the file (a literal there is `config.literal-secret`).
 */
async function clientSecret(services: Services, target: OidcSignInTarget, ref: SecretRef): Promise<string | undefined> {
  if ('env' in ref) return process.env[ref.env] || undefined;
  const stored = await services.context.secrets.get(ref.secretStorage);
  if (stored) return stored;
  const typed = await vscode.window.showInputBox({
    title: `Client secret of ${target.appId}`,
    prompt: `${target.appId} is a confidential client. Its secret is kept in VS Code secret storage as "${ref.secretStorage}", never in the file.`,
    password: true,
    ignoreFocusOut: true,
  });
  if (!typed) return undefined;
  await services.context.secrets.store(ref.secretStorage, typed);
  return typed;
}

function showFailure(services: Services, entry: AppEntry, target: OidcSignInTarget, result: Extract<OidcSignInResult, { ok: false }>): void {
  const message = `SSO Lens: sign-in as ${entry.value.id} did not complete: ${result.message}`;
  if (services.signInTesting) services.signInTesting.lastFailure = message;
  // The reason only: no token, code or secret is ever in it.
  services.logger.info(`sign-in as ${entry.value.id}: ${result.reason}`);
  if (result.reason === 'cancelled') return;
  const actions = result.providerError?.aadsts === 'AADSTS50011' || result.reason === 'state-mismatch' ? ['Copy Redirect URI'] : [];
  void vscode.window.showWarningMessage(message, ...actions).then(async (choice) => {
    if (choice === 'Copy Redirect URI') await vscode.env.clipboard.writeText(target.loopback.registered ?? 'http://localhost');
  });
}

async function pickOidcApp(config: LoadedConfig, arg: unknown): Promise<AppEntry | undefined> {
  if (typeof arg === 'string') return pickAppEntry(config, arg, '');
  const apps = config.index.apps.filter((a) => a.value.protocol === 'oidc');
  if (apps.length === 0) {
    void vscode.window.showInformationMessage(`SSO Lens: ${vscode.workspace.asRelativePath(config.uri)} has no OIDC app to sign in as.`);
    return undefined;
  }
  if (apps.length === 1) return apps[0];
  const picked = await vscode.window.showQuickPick(apps.map((a) => ({ label: a.value.id, description: a.value.displayName ?? (a.value.protocol === 'oidc' ? a.value.clientId : undefined), entry: a })), { title: 'Sign in as which app?', ignoreFocusOut: true });
  return picked?.entry;
}

/** A Providers-view row (its inline action passes the row): the file and the app's JSON pointer. */
function treeRow(arg: unknown): { uri: vscode.Uri; pointer: string } | undefined {
  if (typeof arg !== 'object' || arg === null || !('type' in arg) || (arg).type !== 'node') return undefined;
  const row = arg as { entry?: { uri?: unknown }; node?: { pointer?: unknown } };
  return row.entry?.uri instanceof vscode.Uri && typeof row.node?.pointer === 'string' ? { uri: row.entry.uri, pointer: row.node.pointer } : undefined;
}

/**
 * The host the sign-in talks to (and, in the auth code flow, sends the client secret to), named in the
 * progress: the config or a Terraform sidecar decides it through the app's issuer.
 */
function authorityHost(authority: string): string {
  try {
    return new URL(authority).host;
  } catch {
    return authority;
  }
}
