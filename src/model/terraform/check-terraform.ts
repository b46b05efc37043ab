import type { ConfigFinding, TextRange } from '../config-finding';
import { indexConfig, type ConfigIndex } from '../config-index';
import type { SsoConfig } from '../config-types';
import { parseConfigText } from '../load-config';
import { validateConfigValue, type ValidateOptions } from '../validate-config';
import { mergeSidecar, readSidecar, TERRAFORM_SIDECAR } from './terraform-sidecar';
import { evaluateModule } from './tf-evaluate';
import { locateInTerraform } from './tf-locate';
import { joinPath, loadTerraformModule, type TfFileSystem } from './tf-module';
import { terraformToConfig, type TfOrigin } from './tf-to-config';

/** A finding of a Terraform module, located in the file it concerns (a `.tf` file, a `.tfvars` file or the sidecar). */
export interface TerraformFinding extends ConfigFinding {
  file: string;
  range: TextRange;
}

export interface TerraformCheck {
  /** The root module folder. */
  dir: string;
  /** The model built from the `.tf` files and the sidecar. */
  config: SsoConfig;
  index?: ConfigIndex;
  /** Text of every file read (for line numbers). */
  files: Map<string, string>;
  findings: TerraformFinding[];
  /** Model pointer → file and range: where the tree and "Test with a Token…" point. */
  locate(pointer: string): { file: string; range: TextRange } | undefined;
  /** Whether the module has any SSO resource at all. */
  hasSsoResources: boolean;
  sidecarFile?: string;
}

export interface TerraformCheckOptions extends Omit<ValidateOptions, 'readFile'> {
  /** Unsaved editor text by path, preferred over the disk. */
  overrides?: Map<string, string>;
}

const SSO_TYPES = /^(azuread_(application|service_principal|group|app_role_assignment|claims_mapping_policy)|keycloak_(realm|saml_identity_provider|oidc_identity_provider|group|role|.*_identity_provider_mapper))$/;

/**
 * Reads a Terraform root module (and its local child modules) and checks it as a config: the model is
 * built from the `azuread` / `keycloak` resources plus the sidecar, the config rules run on it, and every
 * finding is placed on the `.tf` line of the attribute it concerns. Values known only after apply are not
 * judged: findings on them are replaced by one `terraform.unknown-value` note each.
 */
export async function checkTerraform(dir: string, fs: TfFileSystem, options: TerraformCheckOptions = {}): Promise<TerraformCheck> {
  const view: TfFileSystem = options.overrides ? { list: (d) => fs.list(d), readText: (p) => options.overrides?.get(p) ?? fs.readText(p) } : fs;
  const argCache = new Map<string, unknown[] | undefined>();
  const module = await loadTerraformModule(dir, view, argCache);
  const files = new Map<string, string>();
  const addFiles = (m: typeof module): void => {
    for (const [p, t] of m.files) files.set(p, t);
    for (const c of m.modules.values()) if (c.child) addFiles(c.child);
  };
  addFiles(module);

  const sidecarFile = joinPath(dir, TERRAFORM_SIDECAR);
  const sidecarText = view.readText(sidecarFile);
  const sidecarDoc = sidecarText !== undefined ? parseConfigText(sidecarText.replace(/^\uFEFF/, '')) : undefined;
  if (sidecarText !== undefined) files.set(sidecarFile, sidecarText);
  const sidecar = readSidecar(sidecarDoc?.value);

  const ev = evaluateModule(module, { argCache, pinned: sidecar.values, rootDir: dir });
  const model = terraformToConfig(ev, dir.split('/').pop() ?? 'terraform');
  const merge = mergeSidecar(model.config, sidecar, model.derived);
  const config = model.config;

  const findings: TerraformFinding[] = [];
  const originOf = (pointer: string): { file: string; range: TextRange } | undefined => {
    for (let p = pointer; ; p = p.slice(0, p.lastIndexOf('/'))) {
      const s = merge.origins.get(p);
      if (s !== undefined && sidecarDoc) {
        const range = sidecarDoc.locate(s + pointer.slice(p.length));
        if (range) return { file: sidecarFile, range };
      }
      const o = model.origins.get(p);
      if (o) return place(o);
      if (p === '') return undefined;
    }
  };
  const place = (o: TfOrigin): { file: string; range: TextRange } | undefined => {
    const text = files.get(o.source.file);
    return text === undefined ? undefined : { file: o.source.file, range: locateInTerraform(text, o.source, o.attribute) };
  };
  const fallbackFile = [...files.keys()].find((f) => f.endsWith('.tf')) ?? sidecarFile;

  for (const e of collectErrors(module)) {
    const text = files.get(e.file) ?? '';
    findings.push({ id: 'terraform.parse-error', severity: 'error', message: `HCL syntax: ${e.message}`, path: '', file: e.file, range: { offset: lineColumnToOffset(text, e.line ?? 1, e.column ?? 1), length: 1 } });
  }
  if (sidecarDoc) for (const f of sidecarDoc.findings) findings.push({ ...f, file: sidecarFile, range: f.range ?? { offset: 0, length: 0 } });
  for (const u of merge.unmatched) findings.push({ id: 'terraform.sidecar-unmatched', severity: 'warning', message: `${TERRAFORM_SIDECAR}: ${u.message}; its settings are not used`, path: u.pointer, file: sidecarFile, range: sidecarDoc?.locate(u.pointer) ?? { offset: 0, length: 0 } });
  for (const g of ev.gaps) {
    const p = place({ source: g.source, attribute: [] });
    if (p) findings.push({ id: 'terraform.not-evaluated', severity: 'info', message: g.message, path: '', ...p });
  }

  const unknownPointers = model.unknowns.map((u) => u.pointer);
  const onUnknown = (path: string): boolean => unknownPointers.some((u) => path === u || path.startsWith(`${u}/`));
  const unknownTexts = model.unknowns.map((u) => `\${${u.unknown.expression}}`);
  const seen = new Set<string>();
  for (const u of model.unknowns) {
    const p = place(u.origin);
    if (!p) continue;
    const key = `${p.file}:${p.range.offset}:${u.unknown.expression}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const hint = u.unknown.reason === 'computed' ? `; pin it in ${TERRAFORM_SIDECAR} ("values": { "${u.unknown.ref ? `${u.unknown.ref.address}.${u.unknown.ref.attribute.join('.')}` : u.unknown.expression}": … }) to check what depends on it` : u.unknown.reason === 'unset-variable' ? '; give it a default or a value in terraform.tfvars' : '';
    findings.push({ id: 'terraform.unknown-value', severity: 'info', message: `${u.unknown.describe()}: not checked${hint}`, path: u.pointer, ...p });
  }

  const readFile = (rel: string): Uint8Array | undefined => {
    const p = joinPath(dir, rel);
    if (fs.readBytes) return fs.readBytes(p);
    const t = fs.readText(p);
    return t === undefined ? undefined : new TextEncoder().encode(t);
  };
  const hasSsoResources = ev.instances.some((i) => SSO_TYPES.test(i.type));
  if (hasSsoResources) {
    for (const f of validateConfigValue(config, { ...options, readFile })) {
      // A rule comparing with a value only apply knows judges the placeholder, not the value: not a finding.
      if (onUnknown(f.path) || (f.relatedPath !== undefined && onUnknown(f.relatedPath)) || unknownTexts.some((t) => f.message.includes(t))) continue;
      const at = originOf(f.path) ?? { file: fallbackFile, range: { offset: 0, length: 0 } };
      const related = f.relatedPath !== undefined ? originOf(f.relatedPath) : undefined;
      findings.push({ ...f, ...at, ...(related && related.file === at.file ? { relatedRange: related.range } : {}) });
    }
  }
  findings.sort((a, b) => (a.file === b.file ? a.range.offset - b.range.offset : a.file.localeCompare(b.file)));
  let index: ConfigIndex | undefined;
  try {
    index = indexConfig(config);
  } catch {
    index = undefined;
  }
  return { dir, config, ...(index ? { index } : {}), files, findings, locate: originOf, hasSsoResources, ...(sidecarText !== undefined ? { sidecarFile } : {}) };
}

function collectErrors(m: Awaited<ReturnType<typeof loadTerraformModule>>): Array<{ file: string; message: string; line?: number; column?: number }> {
  return [...m.errors, ...[...m.modules.values()].flatMap((c) => (c.child ? collectErrors(c.child) : []))];
}

function lineColumnToOffset(text: string, line: number, column: number): number {
  let offset = 0;
  for (let l = 1; l < line; l++) {
    const nl = text.indexOf('\n', offset);
    if (nl < 0) break;
    offset = nl + 1;
  }
  return Math.min(offset + column - 1, text.length);
}
