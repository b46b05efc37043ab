import * as vscode from 'vscode';
import { LIMITS } from '../decoders/limits';
import type { InspectReport } from '../decoders/result';
import type { AppEntry, ConfigIndex } from '../model/config-index';
import type { AppExpectations } from '../model/mapping';
import type { ConfigValidation } from '../model/validate-config';
import { MAX_REFERENCED_BYTES, readLimited } from '../views/config-store';
import { type ArtifactInput, looksLikeSaml, looksLikeToken, pickArtifactText } from './artifact-input';
import { readArtifactFile } from './inspect-artifact';
import type { Services } from './services';

const looksLikeArtifact = (t: string): boolean => looksLikeToken(t) || looksLikeSaml(t);

/** A config file as the mapping commands need it: the validated text and its index. */
export interface LoadedConfig {
  uri: vscode.Uri;
  validation: ConfigValidation;
  index: ConfigIndex;
}

/**
 * "Test with a token…" (code lens on an app, or the palette): runs a captured ID token, SAML response
 * or HAR through the app's mapping as the config describes it, shows the report with its "Mapped
 * through <app>" trace, and puts the mapping findings on the config rules they concern.
 * Arguments (all optional, for the code lens and tests): config file Uri, app id, artifact (text or
 * Uri), Keycloak login ('first' | 'later'; asked only when it changes the result).
 */
export async function testWithToken(services: Services, configArg?: unknown, appArg?: unknown, artifactArg?: unknown, loginArg?: unknown): Promise<InspectReport | undefined> {
  const config = await loadConfig(services, configArg);
  if (!config) return undefined;
  const entry = await pickAppEntry(config, appArg, 'Test which app with a token?');
  if (!entry) return undefined;
  const input = await artifactFrom(artifactArg);
  if (!input) return undefined;
  const core = services.core;
  const fromFiles = await expectationsFor(services, config, entry);
  if (!fromFiles) return undefined;
  // The network half of the app's trust (an OIDC app's discovery URL, pinned kids): only when the network is allowed.
  const expectations = await core.fetchAppTrust(fromFiles, services.inspectOptions().keySource, fromFiles.expected.issuer);
  const options = services.inspectOptions(expectations.trust.keys.length ? { trust: expectations.trust } : {});
  options.expected = { ...expectations.expected };
  // Pinned kids: only the pinned keys count, so the verifier must not fetch the issuer's others.
  if (expectations.pinnedKeyIds) delete options.keySource;
  const inspected = await core.inspectArtifact(input.bytes, options);
  if (!inspected.ok) {
    void vscode.window.showWarningMessage(`SSO Lens: ${inspected.error.message}`);
    return undefined;
  }
  if (core.isSamlRequest(inspected.value)) return testRequest(services, config, entry, input, inspected.value);
  const trusted = { ...inspected.value, findings: [...inspected.value.findings, ...(expectations.fetchFindings ?? []), ...core.pinnedKeyFindings(inspected.value, expectations, entry.value.id)] };
  const login = await pickLogin(services, config, entry.value.id, loginArg);
  if (!login) return undefined;
  const mapping = core.analyzeMapping(trusted, config.index, entry.value.id, login.options);
  if (!mapping.ok) {
    void vscode.window.showWarningMessage(`SSO Lens: ${mapping.message}`);
    return undefined;
  }
  const report = core.withMapping(trusted, mapping.value);
  services.remember(input);
  services.panel.show(core, report, `${input.source} → ${entry.value.id}`);
  services.mappingDiagnostics?.set(config.uri, config.validation, mapping.value.findings);
  return report;
}

/**
 * An AuthnRequest or LogoutRequest from the SP, checked against the IdP side's app: verified with the
 * certificates the app verifies signed requests with, then the `request.*` findings (issuer, ACS URL,
 * NameID policy, signing, logout destination), which also go onto the config values concerned.
 */
async function testRequest(services: Services, config: LoadedConfig, entry: AppEntry, input: ArtifactInput, first: InspectReport): Promise<InspectReport | undefined> {
  const core = services.core;
  if (entry.value.protocol !== 'saml') {
    void vscode.window.showWarningMessage(`SSO Lens: a SAML request goes to a SAML app; ${entry.value.id} is ${entry.value.protocol.toUpperCase()}.`);
    return undefined;
  }
  const trust = await withConfigFiles(config, (readFile) => core.requestTrustMaterial(config.index, entry, readFile));
  if (!trust) return undefined;
  const again = trust.trust.keys.length ? await core.inspectArtifact(input.bytes, services.inspectOptions({ trust: trust.trust })) : { ok: true as const, value: first };
  if (!again.ok) {
    void vscode.window.showWarningMessage(`SSO Lens: ${again.error.message}`);
    return undefined;
  }
  const findings = core.checkRequest(again.value, config.index, entry);
  const report = { ...again.value, findings: [...again.value.findings, ...findings] };
  services.remember(input);
  services.panel.show(core, report, `${input.source} → ${entry.value.id}`);
  services.mappingDiagnostics?.set(config.uri, config.validation, findings);
  return report;
}

/** "Sample personas": the config's test users signed in to each app (or one), as a table. Arguments as for testWithToken. */
export async function showPersonas(services: Services, configArg?: unknown, appArg?: unknown, loginArg?: unknown): Promise<number | undefined> {
  const config = await loadConfig(services, configArg);
  if (!config) return undefined;
  const appId = typeof appArg === 'string' ? appArg : undefined;
  if (appId !== undefined && !config.index.app(appId)) {
    void vscode.window.showWarningMessage(`SSO Lens: no app ${appId} in ${vscode.workspace.asRelativePath(config.uri)}`);
    return undefined;
  }
  const core = services.core;
  const login = await pickLogin(services, config, appId, loginArg);
  if (!login) return undefined;
  const table = core.personaTable(config.index, appId, login.options);
  const users = new Set(table.rows.map((r) => r.userId)).size;
  services.panel.showPage({
    title: 'Sample personas',
    subtitle: `${vscode.workspace.asRelativePath(config.uri)}${appId ? ` · ${appId}` : ''} · ${users} test user${users === 1 ? '' : 's'} · claims as the provider would send them, as configured${login.label ? ` · ${login.label}` : ''}`,
    sections: core.presentPersonas(table),
    actions: [],
  });
  return table.rows.length;
}

/**
 * Keycloak's first vs later login through a broker (mappers in IMPORT run only at the first, LEGACY
 * ones add groups and roles only then). Asked with a quick pick only when the config has such a
 * mapper for the app; an argument ('first' | 'later') answers it without asking.
 */
async function pickLogin(services: Services, config: LoadedConfig, appId: string | undefined, arg: unknown): Promise<{ options: { firstBrokerLogin?: boolean }; label?: string } | undefined> {
  if (arg === 'first' || arg === 'later') return { options: { firstBrokerLogin: arg === 'first' }, label: `${arg} Keycloak login` };
  if (!services.core.keycloakLoginMatters(config.index, appId)) return { options: {} };
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'First login through Keycloak', description: 'IMPORT and LEGACY mappers run', first: true },
      { label: 'A later login', description: 'IMPORT mappers do not run; LEGACY mappers add no group or role', first: false },
    ],
    { title: 'Which Keycloak login to simulate?', ignoreFocusOut: true },
  );
  return picked ? { options: { firstBrokerLogin: picked.first }, label: picked.first ? 'first Keycloak login' : 'later Keycloak login' } : undefined;
}

export async function loadConfig(services: Services, arg: unknown): Promise<LoadedConfig | undefined> {
  let uri = arg instanceof vscode.Uri ? arg : undefined;
  if (!uri) {
    const active = vscode.window.activeTextEditor?.document.uri;
    const known = services.configStore?.list().map((e) => e.uri) ?? [];
    if (active && known.some((k) => k.toString() === active.toString())) uri = active;
    else if (known.length === 1) uri = known[0];
    else if (known.length > 1) {
      const picked = await vscode.window.showQuickPick(known.map((k) => ({ label: vscode.workspace.asRelativePath(k), uri: k })), { title: 'Which SSO Lens config?', ignoreFocusOut: true });
      uri = picked?.uri;
    } else {
      void vscode.window.showInformationMessage('SSO Lens: no config file (*.sso.json) in the workspace. Create one with "SSO Lens: New Config from Template…".');
    }
  }
  if (!uri) return undefined;
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  let text: string;
  try {
    if (!open && (await vscode.workspace.fs.stat(uri)).size > LIMITS.maxConfigBytes) {
      void vscode.window.showWarningMessage(`SSO Lens: ${vscode.workspace.asRelativePath(uri)} is larger than ${LIMITS.maxConfigBytes} bytes; not read.`);
      return undefined;
    }
    text = open ? open.getText() : Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  } catch (e) {
    void vscode.window.showWarningMessage(`SSO Lens: cannot read ${vscode.workspace.asRelativePath(uri)}: ${(e as Error).message}`);
    return undefined;
  }
  // Mapping needs the structure only; the rules already run for the diagnostics.
  const validation = services.core.validateConfigText(text.replace(/^\uFEFF/, ''), { rules: [] });
  if (!validation.index || !validation.schemaValid) {
    const first = validation.findings.find((f) => f.severity === 'error');
    void vscode.window.showWarningMessage(`SSO Lens: fix ${vscode.workspace.asRelativePath(uri)} first: ${first ? `${first.message} (${first.path || 'top level'})` : 'it has no providers'}.`);
    return undefined;
  }
  return { uri, validation, index: validation.index };
}

export async function pickAppEntry(config: LoadedConfig, arg: unknown, title: string): Promise<AppEntry | undefined> {
  if (typeof arg === 'string') {
    const entry = config.index.app(arg);
    if (!entry) void vscode.window.showWarningMessage(`SSO Lens: no app ${arg} in ${vscode.workspace.asRelativePath(config.uri)}`);
    return entry;
  }
  const apps = config.index.apps;
  if (apps.length === 1) return apps[0];
  const picked = await vscode.window.showQuickPick(apps.map((a) => ({ label: a.value.id, description: a.value.displayName ?? a.value.protocol.toUpperCase(), entry: a })), { title, ignoreFocusOut: true });
  return picked?.entry;
}

async function artifactFrom(arg: unknown): Promise<ArtifactInput | undefined> {
  if (typeof arg === 'string' && arg.trim()) return { bytes: Buffer.from(arg.trim()), source: 'argument' };
  if (arg instanceof vscode.Uri) return readArtifactFile(arg);
  return pickArtifactText({
    looksRight: looksLikeArtifact,
    prompt: 'Paste an ID token, SAML response, or the SP\'s AuthnRequest / LogoutRequest',
    placeHolder: 'eyJ… or PHNhbWxwOlJlc3BvbnNl…',
    title: 'Test with a Token',
    what: 'a token, SAML message or HAR',
    files: { title: 'A captured ID token, SAML response or request, or HAR', pattern: '**/*.{jwt,txt,xml,b64,base64,har,json}' },
  });
}

/** The app's expectations (audience, issuer, recipient, trusted certificates or keys). */
export function expectationsFor(services: Services, config: LoadedConfig, entry: AppEntry): Promise<AppExpectations | undefined> {
  return withConfigFiles(config, (readFile) => services.core.appExpectations(config.index, entry, readFile));
}

/**
 * Runs a core function that reads the config's referenced files. The core reads them synchronously
 * and stops at the first one it cannot read, so they are read through workspace.fs between passes:
 * each pass records what it asked for, the next one has it.
 */
async function withConfigFiles<T>(config: LoadedConfig, run: (readFile: (rel: string) => Uint8Array | undefined) => { ok: true; value: T } | { ok: false; message: string }): Promise<T | undefined> {
  const files = new Map<string, Uint8Array | undefined>();
  const dir = vscode.Uri.joinPath(config.uri, '..');
  for (;;) {
    const asked: string[] = [];
    const outcome = run((rel) => {
      if (!files.has(rel)) asked.push(rel);
      return files.get(rel);
    });
    if (outcome.ok) return outcome.value;
    if (asked.length === 0) {
      void vscode.window.showWarningMessage(`SSO Lens: ${outcome.message}`);
      return undefined;
    }
    // Each pass reads at least one new file, so this ends after as many passes as the config names files.
    for (const rel of asked) files.set(rel, await readLimited(vscode.Uri.joinPath(dir, rel), MAX_REFERENCED_BYTES));
  }
}
