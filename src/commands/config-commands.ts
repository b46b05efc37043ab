import * as vscode from 'vscode';
import type { Services } from './services';
import { exists } from './workspace-file-arg';

/** Realm exports and manifests are read up to this size, as by `sso-lens import`. */
const MAX_IMPORT_BYTES = 16 * 1024 * 1024;

export interface ImportArgs {
  baseUrl?: string;
  tenantId?: string;
  protocol?: 'oidc' | 'saml';
  /** Write the config here instead of opening an unsaved editor. */
  target?: vscode.Uri;
}

/**
 * "SSO Lens: Import…": a Keycloak realm export or an Entra application manifest (Microsoft Graph
 * format) → an SSO Lens config, opened as an unsaved `<name>.sso.json` in the workspace (so it is
 * validated at once) or written to `args.target`. Returns the config document's Uri.
 */
export async function importConfig(services: Services, source?: unknown, args?: unknown): Promise<vscode.Uri | undefined> {
  const from =
    source instanceof vscode.Uri
      ? source
      : (await vscode.window.showOpenDialog({ title: 'Import a Keycloak realm export or an Entra app manifest (Graph format)', canSelectMany: false, filters: { JSON: ['json'] } }))?.[0];
  if (!from) return undefined;
  const options = importArgs(args);
  const stat = await vscode.workspace.fs.stat(from);
  if (stat.size > MAX_IMPORT_BYTES) {
    void vscode.window.showWarningMessage(`SSO Lens: ${basename(from)} is larger than ${MAX_IMPORT_BYTES} bytes; not imported.`);
    return undefined;
  }
  const text = Buffer.from(await vscode.workspace.fs.readFile(from))
    .toString('utf8')
    .replace(/^\uFEFF/, '');
  const core = services.core;
  const result = core.importConfigText(text, options);
  if (!result) {
    void vscode.window.showWarningMessage(`SSO Lens: ${basename(from)} is neither a Keycloak realm export nor an Entra application manifest in Microsoft Graph format.`);
    return undefined;
  }
  const content = core.renderImportedConfig(result, basename(from));
  const provider = result.value.providers[0];
  const name = `${slug(provider && 'realm' in provider ? provider.realm : (provider?.apps?.[0]?.id ?? provider?.id ?? 'imported'))}.sso.json`;
  const uri = options.target ?? (await untitledNextTo(name));
  if (options.target) await vscode.workspace.fs.writeFile(options.target, Buffer.from(content));
  const doc = await vscode.workspace.openTextDocument(uri);
  if (!options.target) {
    const edit = new vscode.WorkspaceEdit();
    edit.insert(uri, new vscode.Position(0, 0), content);
    await vscode.workspace.applyEdit(edit);
  }
  await vscode.window.showTextDocument(doc);
  if (result.notes.length > 0) void vscode.window.showInformationMessage(`SSO Lens: imported ${basename(from)} with ${result.notes.length} note(s); they are at the top of the file.`);
  return doc.uri;
}

/** Minimal config: valid as it is, for the user to fill with VS Code's schema completion. */
const MINIMAL_TEMPLATE = `// SSO Lens config: identity providers, their apps, claim mappings and teams.
// Completion and hovers come from the SSO Lens schema; "SSO Lens: Import…" turns a Keycloak realm
// export or an Entra app manifest into one of these.
{
  "version": 1,
  "providers": []
}
`;

/**
 * "SSO Lens: New Config from Template…": one of the examples (one per seed setup) or a minimal file,
 * created in the workspace with the certificate and metadata files it references. `template` is an
 * example's base name (`palette`) or `minimal`; `target` the file to create.
 */
export async function newConfigFromTemplate(services: Services, template?: unknown, target?: unknown): Promise<vscode.Uri | undefined> {
  const examples = vscode.Uri.joinPath(services.context.extensionUri, 'examples');
  const templates = await listTemplates(examples);
  let chosen = typeof template === 'string' ? templates.find((t) => t.id === template) : undefined;
  if (typeof template === 'string' && !chosen) throw new Error(`no template named ${template}`);
  if (!chosen) {
    const picked = await vscode.window.showQuickPick(
      templates.map((t) => ({ label: t.label, description: t.id === 'minimal' ? '' : `${t.id}.sso.json`, detail: t.detail, template: t })),
      { title: 'New SSO Lens config from template', ignoreFocusOut: true },
    );
    chosen = picked?.template;
  }
  if (!chosen) return undefined;
  const uri = target instanceof vscode.Uri ? target : await askTarget(`${chosen.id === 'minimal' ? 'sso-lens' : chosen.id}.sso.json`);
  if (!uri) return undefined;
  if (await exists(uri)) {
    void vscode.window.showWarningMessage(`SSO Lens: ${vscode.workspace.asRelativePath(uri)} already exists; not overwritten.`);
    return undefined;
  }
  // The examples point at the repository's schema; the new file gets it through contributes.jsonValidation.
  const text = chosen.text.replace(/^\s*"\$schema"\s*:\s*"[^"]*",?[ \t]*\r?\n/m, '');
  const dir = vscode.Uri.joinPath(uri, '..');
  for (const rel of referencedFiles(text)) {
    const to = vscode.Uri.joinPath(dir, rel);
    if (!(await exists(to))) await vscode.workspace.fs.copy(vscode.Uri.joinPath(examples, rel), to).then(undefined, (e: unknown) => services.logger.error(`template file ${rel} not copied`, e));
  }
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  return uri;
}

/** "Refresh" on the Providers view: find the config files again and re-validate them. */
export async function refreshProviders(services: Services): Promise<number> {
  return (await services.configStore?.rescan()) ?? 0;
}

/** Selecting a tree row: open the file and select the JSON value at `pointer`. Returns the selection. */
export async function revealConfigNode(services: Services, uri?: unknown, pointer?: unknown): Promise<vscode.Range | undefined> {
  if (!(uri instanceof vscode.Uri) || typeof pointer !== 'string') return undefined;
  const doc = await vscode.workspace.openTextDocument(uri);
  // A realm export or manifest in place: the tree's pointers are the built config's; its document maps them.
  const entry = services.configStore?.get(uri);
  const document = entry?.inPlace && entry.text === doc.getText() ? entry.validation.document : services.core.parseConfigText(doc.getText());
  const at = document.locate(pointer);
  const range = at ? new vscode.Range(doc.positionAt(at.offset), doc.positionAt(at.offset + at.length)) : new vscode.Range(0, 0, 0, 0);
  const editor = await vscode.window.showTextDocument(doc, { preserveFocus: true, preview: true });
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return range;
}

/**
 * The literal-secret quick fix: stores the literal at `pointer` in VS Code secret storage under `key`,
 * then replaces it in the file with `{ "secretStorage": "<key>" }`. The value is never logged or shown.
 * Returns the key on success.
 */
export async function moveSecretToStorage(services: Services, uri?: unknown, pointer?: unknown, key?: unknown): Promise<string | undefined> {
  if (!(uri instanceof vscode.Uri) || typeof pointer !== 'string' || typeof key !== 'string' || key === '') return undefined;
  const doc = await vscode.workspace.openTextDocument(uri);
  const parsed = services.core.parseConfigText(doc.getText());
  const secret = services.core.resolvePointer(parsed.value, pointer);
  const at = parsed.locate(pointer);
  if (typeof secret !== 'string' || secret === '' || !at) {
    void vscode.window.showWarningMessage('SSO Lens: the secret is no longer a literal string at that place; nothing moved.');
    return undefined;
  }
  // Secret storage is shared by every workspace: never overwrite another value under the same key.
  const stored = await services.context.secrets.get(key);
  const storeKey = stored !== undefined && stored !== secret ? await freeSecretKey(services, key) : key;
  await services.context.secrets.store(storeKey, secret);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(doc.positionAt(at.offset), doc.positionAt(at.offset + at.length)), `{ "secretStorage": ${JSON.stringify(storeKey)} }`);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showWarningMessage(`SSO Lens: the secret is stored under "${storeKey}", but the file could not be edited; replace the literal by hand.`);
    return undefined;
  }
  void vscode.window.showInformationMessage(`SSO Lens: the secret is in VS Code secret storage as "${storeKey}". If the file was ever committed, rotate the secret.`);
  return storeKey;
}

/** `key-2`, `key-3`, … : the first key under which nothing is stored yet. */
async function freeSecretKey(services: Services, key: string): Promise<string> {
  for (let n = 2; ; n++) {
    const candidate = `${key}-${n}`;
    if ((await services.context.secrets.get(candidate)) === undefined) return candidate;
  }
}

interface Template {
  id: string;
  label: string;
  detail?: string;
  text: string;
}

async function listTemplates(examples: vscode.Uri): Promise<Template[]> {
  const out: Template[] = [];
  let entries: Array<[string, vscode.FileType]> = [];
  try {
    entries = await vscode.workspace.fs.readDirectory(examples);
  } catch {
    // a package without examples still offers the minimal template
  }
  for (const [name, type] of entries.sort(([a], [b]) => a.localeCompare(b))) {
    if (type !== vscode.FileType.File || !name.endsWith('.sso.json')) continue;
    const text = Buffer.from(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(examples, name))).toString('utf8');
    const title = /^\s*"name"\s*:\s*"([^"]+)"/m.exec(text)?.[1];
    const comment = /^\/\/\s*(.+)$/m.exec(text)?.[1];
    out.push({ id: name.replace(/\.sso\.json$/, ''), label: title ?? name, ...(comment ? { detail: comment } : {}), text });
  }
  out.push({ id: 'minimal', label: 'Minimal config', detail: 'version and an empty providers list', text: MINIMAL_TEMPLATE });
  return out;
}

/** Relative certificate and metadata paths a template names (`"file"`, `"metadataFile"`). */
export function referencedFiles(text: string): string[] {
  const out = new Set<string>();
  for (const m of text.matchAll(/"(?:file|metadataFile)"\s*:\s*"([^"]+)"/g)) {
    const rel = m[1] ?? '';
    if (rel && !rel.startsWith('/') && !rel.split('/').includes('..')) out.add(rel);
  }
  return [...out];
}

async function askTarget(defaultName: string): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const folder = folders.length > 1 ? await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Folder for the new config' }) : folders[0];
  if (!folder) {
    const picked = await vscode.window.showSaveDialog({ title: 'New SSO Lens config', filters: { 'SSO Lens config': ['sso.json'] } });
    return picked;
  }
  const name = await vscode.window.showInputBox({
    title: 'New SSO Lens config',
    prompt: `File name in ${folder.name} (must end in .sso.json, or be sso-lens.json)`,
    value: defaultName,
    validateInput: (v) => (/(\.sso\.json|^sso-lens\.json)$/.test(v.trim()) && !v.includes('..') ? undefined : 'end the name in .sso.json'),
  });
  return name ? vscode.Uri.joinPath(folder.uri, name.trim()) : undefined;
}

async function untitledNextTo(name: string): Promise<vscode.Uri> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) return vscode.Uri.from({ scheme: 'untitled', path: name });
  let candidate = vscode.Uri.joinPath(folder.uri, name);
  for (let i = 2; (await exists(candidate)) || vscode.workspace.textDocuments.some((d) => d.uri.path === candidate.path); i++) candidate = vscode.Uri.joinPath(folder.uri, name.replace(/\.sso\.json$/, `-${i}.sso.json`));
  // An untitled document with a path saves there without a dialog, and its name makes it a config file now.
  return candidate.with({ scheme: 'untitled' });
}

function importArgs(args: unknown): ImportArgs {
  if (args === null || typeof args !== 'object') return {};
  const a = args as Record<string, unknown>;
  const out: ImportArgs = {};
  if (typeof a.baseUrl === 'string') out.baseUrl = a.baseUrl;
  if (typeof a.tenantId === 'string') out.tenantId = a.tenantId;
  if (a.protocol === 'oidc' || a.protocol === 'saml') out.protocol = a.protocol;
  if (a.target instanceof vscode.Uri) out.target = a.target;
  return out;
}

function basename(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

function slug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'imported';
}
