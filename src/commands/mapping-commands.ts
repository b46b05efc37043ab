import * as vscode from 'vscode';
import { LIMITS } from '../decoders/limits';
import type { Finding, InspectReport } from '../decoders/result';
import type { AppEntry, ConfigIndex } from '../model/config-index';
import type { AppExpectations } from '../model/mapping';
import type { TerraformCheck } from '../model/terraform/check-terraform';
import type { ConfigValidation } from '../model/validate-config';
import { MAX_REFERENCED_BYTES, readLimited } from '../views/config-store';
import { type ArtifactInput, looksLikeSaml, looksLikeToken, pickArtifactText } from './artifact-input';
import { readArtifactFile } from './inspect-artifact';
import type { Services } from './services';

const looksLikeArtifact = (t: string): boolean => looksLikeToken(t) || looksLikeSaml(t);

/**
 * A config as the mapping commands need it: a config file (its validated text) or a Terraform root module
 * (its check, issue 14), and the index either way.
 */
export interface LoadedConfig {
  /** The config file, or the Terraform module's folder. */
  uri: vscode.Uri;
  /** The folder the files the config names (certificates, metadata) are read from. */
  dir: vscode.Uri;
  index: ConfigIndex;
  /** A config file's text: where mapping findings are placed. */
  validation?: ConfigValidation;
  /** A Terraform module: mapping findings go on its `.tf` / sidecar lines. */
  terraform?: TerraformCheck;
}

/** Puts a run's mapping findings on the config lines they concern (the file's, or the module's `.tf` lines). */
export function showMappingFindings(services: Services, config: LoadedConfig, findings: readonly Finding[]): void {
  if (config.validation) services.mappingDiagnostics?.set(config.uri, config.validation, findings);
  else if (config.terraform) {
    const modules = services.terraformModules;
    const check = config.terraform;
    services.mappingDiagnostics?.setTerraform(check.dir, check.files, findings, (pointer) => modules?.location(check, pointer));
  }
}

/**
 * "Test with a token…" (code lens on an app, or the palette): runs a captured ID token, SAML response
 * or HAR through the app's mapping as the config describes it, shows the report with its "Mapped
 * through <app>" trace, and puts the mapping findings on the config rules they concern.
 * Arguments (all optional, for the code lens and tests): config file Uri, app id, artifact (text or
 * Uri), Keycloak login ('first' | 'later'; asked only when it changes the result).
 */
export async function testWithToken(services: Services, configArg?: unknown, appArg?: unknown, artifactArg?: unknown, loginArg?: unknown): Promise<InspectReport | undefined> {
  const row = treeApp(configArg);
  const config = await loadConfig(services, row?.uri ?? configArg);
  if (!config) return undefined;
  const entry = await pickAppEntry(config, row?.appId ?? appArg, 'Test which app with a token?');
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
  showMappingFindings(services, config, mapping.value.findings);
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
  showMappingFindings(services, config, findings);
  return report;
}

/** "Sample personas": the config's test users signed in to each app (or one), as a table. Arguments as for testWithToken. */
export async function showPersonas(services: Services, configArg?: unknown, appArg?: unknown, loginArg?: unknown): Promise<number | undefined> {
  const row = treeApp(configArg);
  const config = await loadConfig(services, row?.uri ?? configArg);
  if (!config) return undefined;
  const appId = row?.appId ?? (typeof appArg === 'string' ? appArg : undefined);
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

/**
 * The config a mapping command runs on: the argument (a config file, or a Terraform module's folder or one
 * of its files), else the active editor's config file or Terraform module, else the only one, else a pick.
 */
export async function loadConfig(services: Services, arg: unknown): Promise<LoadedConfig | undefined> {
  let uri = arg instanceof vscode.Uri ? arg : undefined;
  let module: TerraformCheck | undefined;
  if (uri && (await isTerraformTarget(uri))) return loadTerraform(services, uri);
  if (!uri) {
    const active = vscode.window.activeTextEditor?.document.uri;
    const known = services.configStore?.list().map((e) => e.uri) ?? [];
    const modules = await trackedModules(services);
    const activeModule = active && modules.find((m) => m.files.has(active.path));
    if (active && known.some((k) => k.toString() === active.toString())) uri = active;
    else if (activeModule) module = activeModule;
    else if (known.length + modules.length === 1) [uri, module] = [known[0], modules[0]];
    else if (known.length + modules.length > 1) {
      const picked = await vscode.window.showQuickPick(
        [
          ...known.map((k) => ({ label: vscode.workspace.asRelativePath(k), uri: k, module: undefined })),
          ...modules.map((m) => ({ label: vscode.workspace.asRelativePath(folderUri(m.dir)), description: 'Terraform', uri: undefined, module: m })),
        ],
        { title: 'Which SSO Lens config?', ignoreFocusOut: true },
      );
      [uri, module] = [picked?.uri, picked?.module];
    } else {
      void vscode.window.showInformationMessage('SSO Lens: no config file (*.sso.json) or Terraform module with SSO resources in the workspace. Create one with "SSO Lens: New Config from Template…".');
    }
  }
  if (module) return loadedTerraform(module);
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
  return { uri, dir: vscode.Uri.joinPath(uri, '..'), validation, index: validation.index };
}

/** A `.tf` / `.tfvars` file, the Terraform sidecar, or a folder (a root module). */
async function isTerraformTarget(uri: vscode.Uri): Promise<boolean> {
  if (/(\.tf|\.tfvars|\/sso-lens\.terraform\.json)$/.test(uri.path)) return true;
  if (uri.path.endsWith('.json')) return false;
  try {
    return ((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory) !== 0;
  } catch {
    return false;
  }
}

/** The Terraform root modules with SSO resources the extension checks (the Problems panel's), once checked. */
async function trackedModules(services: Services): Promise<TerraformCheck[]> {
  const modules = services.terraformModules;
  if (!modules) return [];
  await modules.whenIdle();
  return [...modules.checks.values()].filter((c) => c.hasSsoResources && c.index);
}

/**
 * A Terraform module named by its folder or one of its files: the root module the extension already
 * checked that holds it (a child module's file leads to its root), else that folder read now.
 */
async function loadTerraform(services: Services, uri: vscode.Uri): Promise<LoadedConfig | undefined> {
  const isFolder = !/\.(tf|tfvars|json)$/.test(uri.path);
  const dir = isFolder ? uri.path.replace(/\/$/, '') : uri.path.slice(0, uri.path.lastIndexOf('/'));
  const tracked = services.terraformModules ? (await services.terraformModules.whenIdle(), [...services.terraformModules.checks.values()]) : [];
  let check = tracked.find((c) => c.dir === dir) ?? (isFolder ? undefined : tracked.find((c) => c.files.has(uri.path)));
  if (!check) {
    if (uri.scheme !== 'file' && uri.scheme !== 'vscode-remote') {
      void vscode.window.showWarningMessage(`SSO Lens: ${vscode.workspace.asRelativePath(uri)}: Terraform modules are read from local folders only.`);
      return undefined;
    }
    const core = services.core;
    const overrides = new Map(vscode.workspace.textDocuments.filter((d) => !d.isClosed && d.uri.path.startsWith(`${dir}/`)).map((d) => [d.uri.path, d.getText()]));
    check = await core.checkTerraform(dir, core.nodeTfFileSystem, { overrides });
  }
  const where = vscode.workspace.asRelativePath(folderUri(check.dir, uri));
  const fatal = check.findings.find((f) => f.id === 'terraform.parse-error');
  if (fatal) {
    void vscode.window.showWarningMessage(`SSO Lens: fix ${where} first: ${fatal.message}.`);
    return undefined;
  }
  if (!check.hasSsoResources || !check.index) {
    void vscode.window.showWarningMessage(`SSO Lens: ${where} has no azuread or keycloak SSO resources.`);
    return undefined;
  }
  return loadedTerraform(check, uri);
}

function loadedTerraform(check: TerraformCheck, like?: vscode.Uri): LoadedConfig | undefined {
  if (!check.index) return undefined;
  const dir = folderUri(check.dir, like);
  return { uri: dir, dir, index: check.index, terraform: check };
}

/** A module folder path as a URI, in the workspace folder's scheme (a remote window's kept). */
function folderUri(path: string, like?: vscode.Uri): vscode.Uri {
  if (like) return like.with({ path });
  const folder = vscode.workspace.workspaceFolders?.find((f) => path === f.uri.path || path.startsWith(`${f.uri.path.replace(/\/$/, '')}/`));
  return folder ? folder.uri.with({ path }) : vscode.Uri.file(path);
}

/**
 * A Providers-view app row (a config file's, or a Terraform module's) as the command's target: the
 * file or module folder, and the app id. Anything else is not a row.
 */
export function treeApp(arg: unknown): { uri: vscode.Uri; appId: string } | undefined {
  if (typeof arg !== 'object' || arg === null || !('type' in arg) || !('node' in arg)) return undefined;
  const row = arg as { type: unknown; node?: { pointer?: unknown }; entry?: { uri?: unknown; validation?: { index?: ConfigIndex } }; check?: TerraformCheck };
  const pointer = row.node?.pointer;
  if (typeof pointer !== 'string') return undefined;
  if (row.type === 'node' && row.entry?.uri instanceof vscode.Uri) {
    const app = row.entry.validation?.index?.apps.find((a) => a.pointer === pointer);
    return app ? { uri: row.entry.uri, appId: app.value.id } : undefined;
  }
  if (row.type === 'terraform-node' && row.check && typeof row.check.dir === 'string') {
    const app = row.check.index?.apps.find((a) => a.pointer === pointer);
    return app ? { uri: folderUri(row.check.dir), appId: app.value.id } : undefined;
  }
  return undefined;
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
  const dir = config.dir;
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
