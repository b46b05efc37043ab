import type { KeyObject } from 'node:crypto';
import * as vscode from 'vscode';
import type { InspectReport } from '../decoders/result';
import type { AppEntry } from '../model/config-index';
import type { SamlSignInPlan } from '../model/saml-sign-in-plan';
import type { SamlSignInOutcome } from '../platform/saml-sign-in';
import { MAX_REFERENCED_BYTES, readLimited } from '../views/config-store';
import { pickWorkspaceFile } from './inspect-artifact';
import { expectationsFor, loadConfig, showMappingFindings, treeApp, type LoadedConfig } from './mapping-commands';
import { readPrivateKey } from './saml-commands';
import type { Services } from './services';
import { unknownBeforeApply } from './terraform-unknowns';

/** Arguments tests (and other callers) pass to run without pickers and prompts. */
export interface SamlSignInCommandOptions {
  /** The SP's PEM signing key (signs the AuthnRequest); read for this run only. */
  signKey?: vscode.Uri;
  /** The SP's PEM decryption key for an EncryptedAssertion; read for this run only. */
  decryptKey?: vscode.Uri;
  acsHost?: '127.0.0.1' | 'localhost';
  port?: number;
  timeoutMs?: number;
  /** false: no prompts (reply URL, signing key, decryption key); the browser opens at once. */
  interactive?: boolean;
}

/** The last test ACS port, so a reply URL added on the IdP once keeps working (not secret). */
const PORT_KEY = 'ssoLens.samlSignIn.port';
const HOST_KEY = 'ssoLens.samlSignIn.host';

/**
 * "Test SAML Sign-In…" (code lens above a SAML app, Providers-tree action, palette): sends the
 * AuthnRequest the app's SP would send to the IdP in the browser, takes the SAMLResponse on a
 * loopback ACS and shows it mapped through the app, as "Test with a Token…" does. A network action:
 * off in untrusted workspaces and with `ssoLens.network.enabled` off. The response and any key
 * stay in memory; nothing is logged or written.
 */
export async function testSamlSignIn(services: Services, configArg?: unknown, appArg?: unknown, optionsArg?: unknown): Promise<InspectReport | undefined> {
  if (!services.settings.networkAllowed) {
    void vscode.window.showWarningMessage('SSO Lens: Test SAML Sign-In talks to your IdP, so it is unavailable in an untrusted workspace or with the setting ssoLens.network.enabled off.');
    return undefined;
  }
  // A config file's app row, or a Terraform module's.
  const fromTree = treeTarget(configArg) ?? treeApp(configArg);
  const config = await loadConfig(services, fromTree?.uri ?? configArg);
  if (!config) return undefined;
  const entry = await pickSamlApp(config, fromTree?.appId ?? appArg);
  if (!entry) return undefined;
  const opts = commandOptions(optionsArg);
  const interactive = opts.interactive !== false;
  const core = services.core;
  const files = await referencedFiles(config, entry);
  const planned = core.planSamlSignIn(config.index, entry, (rel) => files.get(rel));
  if (!planned.ok) {
    void vscode.window.showWarningMessage(`SSO Lens: ${planned.message}`);
    return undefined;
  }
  const plan = planned.value;
  const unknown = unknownBeforeApply(config, plan.appId, { 'IdP sign-in URL': plan.idpSsoUrl, 'identifier (SP entity ID)': plan.spEntityId });
  if (unknown) {
    void vscode.window.showWarningMessage(`SSO Lens: ${unknown}`);
    return undefined;
  }
  const expectations = await expectationsFor(services, config, entry);
  if (!expectations) return undefined;

  const signing = await signingKeyFor(plan, opts, interactive);
  if (signing === 'cancelled') return undefined;
  const acsHost = opts.acsHost ?? (interactive ? await pickAcsHost(services) : '127.0.0.1');
  if (!acsHost) return undefined;
  const remembered = services.context.globalState.get<number>(PORT_KEY);
  const port = opts.port ?? remembered;

  const run = (p: number | undefined): Thenable<SamlSignInOutcome> =>
    vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `SSO Lens: test sign-in to ${plan.appName}`, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      const cancel = token.onCancellationRequested(() => abort.abort());
      let acsUrl = '';
      try {
        return await core.runSamlSignIn(
          plan,
          {
            onListening: (r) => {
              acsUrl = r.acsUrl;
              progress.report({ message: `waiting for the IdP's response at ${r.acsUrl}…` });
            },
            openBrowser: async (url) => {
              if (interactive && !(await confirmReplyUrl(plan, acsUrl))) return false;
              return services.browser.open(url);
            },
          },
          { signal: abort.signal, acsHost, ...(p !== undefined ? { port: p } : {}), ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}), ...(signing ? { signingKey: signing } : {}) },
        );
      } finally {
        cancel.dispose();
      }
    });
  let outcome = await run(port);
  // The remembered port is taken by something else: a random one (the IdP then needs the new reply URL).
  if (outcome.kind === 'failed' && opts.port === undefined && port !== undefined && outcome.request === undefined && outcome.reason.startsWith('cannot listen')) outcome = await run(undefined);
  if (outcome.kind !== 'received') {
    if (outcome.kind === 'cancelled' || (outcome.kind === 'failed' && outcome.reason === 'the browser could not be opened' && interactive)) return undefined;
    const acs = outcome.kind === 'timeout' ? outcome.request.acsUrl : outcome.request?.acsUrl;
    const choice = await vscode.window.showWarningMessage(`SSO Lens: the test sign-in did not complete: ${core.whyNoResponse(outcome, plan.replyUrlHowTo)}.`, ...(acs ? ['Copy Reply URL'] : []));
    if (choice === 'Copy Reply URL' && acs) await vscode.env.clipboard.writeText(acs);
    return undefined;
  }
  const capture = outcome.capture;
  await services.context.globalState.update(PORT_KEY, Number(new URL(capture.request.acsUrl).port));
  await services.context.globalState.update(HOST_KEY, acsHost);

  const facts = { requestId: capture.request.id, acsUrl: capture.request.acsUrl, relayStateSent: capture.request.relayState, requestSigned: capture.request.signed, ...(capture.relayState !== undefined ? { relayStateReceived: capture.relayState } : {}) };
  const decryptKey = opts.decryptKey ? await keyFrom(opts.decryptKey) : undefined;
  const reportWith = (keys: KeyObject[]) => core.reportSamlSignIn(capture.samlResponse, facts, plan, config.index, expectations, services.inspectOptions({ decryptionKeys: keys }));
  let result = await reportWith(decryptKey ? [decryptKey] : []);
  if (result.ok && !decryptKey && interactive && result.report.findings.some((f) => f.id === 'saml.encrypted-assertion')) {
    // The existing "Decrypt With…" step, asked here so the decrypted assertion is mapped with the test ACS expectations.
    const choice = await vscode.window.showInformationMessage(`The IdP encrypted the assertion for ${plan.appName}. Decrypt it with the SP's private key?`, { modal: true, detail: 'Pick the PEM private key of the SP (the one whose certificate the IdP encrypts for). It is read once and never stored. Without it the report shows the response, but no claims to map.' }, 'Decrypt With…');
    const uri = choice ? await pickWorkspaceFile('Private key (PEM) for the EncryptedAssertion', '**/*.{pem,key}') : undefined;
    const key = uri ? await keyFrom(uri) : undefined;
    if (key) result = await reportWith([key]);
  }
  if (!result.ok) {
    void vscode.window.showWarningMessage(`SSO Lens: ${result.message}`);
    return undefined;
  }
  const report = result.report;
  services.remember({ bytes: Buffer.from(capture.samlResponse), source: `test sign-in → ${plan.appId}` });
  services.rememberTrust(expectations.trust);
  services.panel.show(core, report, `test sign-in → ${plan.appId} (reply URL ${capture.request.acsUrl})`);
  const mapping = core.mappingOf(report);
  if (mapping) showMappingFindings(services, config, mapping.findings);
  return report;
}

/** A Providers-tree row (the menu passes the element): the config file and the app at its pointer. */
function treeTarget(arg: unknown): { uri: vscode.Uri; appId: string } | undefined {
  if (typeof arg !== 'object' || arg === null || !('entry' in arg) || !('node' in arg)) return undefined;
  const { entry, node } = arg as { entry?: { uri?: unknown; validation?: { index?: { apps: AppEntry[] } } }; node?: { pointer?: unknown } };
  if (!(entry?.uri instanceof vscode.Uri) || typeof node?.pointer !== 'string') return undefined;
  const app = entry.validation?.index?.apps.find((a) => a.pointer === node.pointer);
  return app ? { uri: entry.uri, appId: app.value.id } : undefined;
}

async function pickSamlApp(config: LoadedConfig, arg: unknown): Promise<AppEntry | undefined> {
  const where = vscode.workspace.asRelativePath(config.uri);
  if (typeof arg === 'string') {
    const entry = config.index.app(arg);
    if (!entry) void vscode.window.showWarningMessage(`SSO Lens: no app ${arg} in ${where}`);
    else if (entry.value.protocol !== 'saml') void vscode.window.showWarningMessage(`SSO Lens: ${arg} is an OIDC app; Test SAML Sign-In is for SAML apps.`);
    return entry?.value.protocol === 'saml' ? entry : undefined;
  }
  const apps = config.index.apps.filter((a) => a.value.protocol === 'saml');
  if (apps.length === 0) {
    void vscode.window.showInformationMessage(`SSO Lens: ${where} has no SAML app.`);
    return undefined;
  }
  if (apps.length === 1) return apps[0];
  const picked = await vscode.window.showQuickPick(apps.map((a) => ({ label: a.value.id, description: a.value.product ?? a.value.displayName, entry: a })), { title: 'Test a SAML sign-in to which app?', ignoreFocusOut: true });
  return picked?.entry;
}

function commandOptions(arg: unknown): SamlSignInCommandOptions {
  if (typeof arg !== 'object' || arg === null) return {};
  const o = arg as Record<string, unknown>;
  return {
    ...(o['signKey'] instanceof vscode.Uri ? { signKey: o['signKey'] } : {}),
    ...(o['decryptKey'] instanceof vscode.Uri ? { decryptKey: o['decryptKey'] } : {}),
    ...(o['acsHost'] === 'localhost' || o['acsHost'] === '127.0.0.1' ? { acsHost: o['acsHost'] } : {}),
    ...(typeof o['port'] === 'number' ? { port: o['port'] } : {}),
    ...(typeof o['timeoutMs'] === 'number' ? { timeoutMs: o['timeoutMs'] } : {}),
    ...(typeof o['interactive'] === 'boolean' ? { interactive: o['interactive'] } : {}),
  };
}

/** The metadata files the plan may read (the IdP's SSO URL and WantAuthnRequestsSigned). */
async function referencedFiles(config: LoadedConfig, entry: AppEntry): Promise<Map<string, Uint8Array | undefined>> {
  const files = new Map<string, Uint8Array | undefined>();
  const app = entry.value;
  if (app.protocol !== 'saml') return files;
  const dir = config.dir;
  for (const rel of new Set([app.metadataFile, app.serviceProvider?.metadataFile].filter((f): f is string => f !== undefined))) {
    files.set(rel, await readLimited(vscode.Uri.joinPath(dir, rel), MAX_REFERENCED_BYTES));
  }
  return files;
}

/** The signing key: the argument, or — when the IdP wants signed requests — one the user picks. */
async function signingKeyFor(plan: SamlSignInPlan, opts: SamlSignInCommandOptions, interactive: boolean): Promise<KeyObject | undefined | 'cancelled'> {
  if (opts.signKey) return (await keyFrom(opts.signKey)) ?? 'cancelled';
  if (!plan.signedRequestsRequiredBy || !interactive) return undefined;
  const choice = await vscode.window.showInformationMessage(
    `SSO Lens: ${plan.signedRequestsRequiredBy}. Sign the AuthnRequest with the SP's private key (PEM)? It is read for this sign-in only and never stored.`,
    { modal: true },
    'Pick Signing Key…',
    'Send Unsigned',
  );
  if (choice === undefined) return 'cancelled';
  if (choice === 'Send Unsigned') return undefined;
  const uri = await pickWorkspaceFile("The SP's request-signing private key (PEM)", '**/*.{pem,key}');
  return uri ? ((await keyFrom(uri)) ?? 'cancelled') : 'cancelled';
}

async function keyFrom(uri: vscode.Uri): Promise<KeyObject | undefined> {
  const key = await readPrivateKey(uri);
  if (key.ok) return key.value;
  if (key.why) void vscode.window.showWarningMessage(`SSO Lens: ${key.why}`);
  return undefined;
}

async function pickAcsHost(services: Services): Promise<'127.0.0.1' | 'localhost' | undefined> {
  const port = services.context.globalState.get<number>(PORT_KEY);
  const last = services.context.globalState.get<string>(HOST_KEY);
  const shown = port !== undefined ? String(port) : '<port>';
  const items: Array<vscode.QuickPickItem & { host: '127.0.0.1' | 'localhost' }> = [
    { host: '127.0.0.1', label: `http://127.0.0.1:${shown}/acs`, description: 'the loopback address itself (RFC 8252 §8.3)' },
    { host: 'localhost', label: `http://localhost:${shown}/acs`, description: 'for an IdP that only accepts http://localhost' },
  ];
  if (last === 'localhost') items.reverse();
  const picked = await vscode.window.showQuickPick(items, { title: 'Test reply URL (ACS) the IdP posts to — it listens on 127.0.0.1 only, for one response', ignoreFocusOut: true });
  return picked?.host;
}

/** Says which reply URL the IdP must accept and offers to copy it; false when the user backs out. */
async function confirmReplyUrl(plan: SamlSignInPlan, acsUrl: string): Promise<boolean> {
  const production = plan.productionReplyUrls.length ? ` (the production one stays ${plan.productionReplyUrls.join(', ')})` : '';
  const choice = await vscode.window.showInformationMessage(
    `Add the test reply URL ${acsUrl} on the IdP, then sign in.`,
    {
      modal: true,
      detail: `Where: ${plan.replyUrlHowTo}${production}. The IdP's sign-in page opens in your browser (${plan.idpSsoUrl}). SSO Lens listens on 127.0.0.1 for one response, checks it against this test reply URL, and keeps it in memory only.`,
    },
    'Copy Reply URL and Sign In',
    'Sign In',
  );
  if (!choice) return false;
  if (choice === 'Copy Reply URL and Sign In') await vscode.env.clipboard.writeText(acsUrl);
  return true;
}
