import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Provider, SsoConfig } from '../model/config-types';
import { importEntraManifest, looksLikeEntraManifest } from '../model/import/entra-manifest';
import { importKeycloakRealm, looksLikeKeycloakRealm } from '../model/import/keycloak-realm';
import type { ImportResult } from '../model/import/json-shapes';
import { isGuid } from '../model/identifiers';
import { parseJsonc } from '../model/jsonc';
import { UsageError, type CliIo } from './io';
import { redact } from '../platform/redact';

export const IMPORT_USAGE = `sso-lens import <FILE> [options]

Turns a Keycloak realm export (RealmRepresentation JSON: identity providers, mappers, groups,
realm key certificates) or an Entra application manifest in Microsoft Graph format into an SSO Lens
config. Secrets and private keys are never copied.

  --base-url URL      Keycloak server URL up to /realms/ (a realm export does not record it)
  --tenant-id GUID    Entra Directory (tenant) ID (a manifest does not record it)
  --protocol oidc|saml  Entra: force the app's protocol
  --out FILE          write the config there instead of standard output`;

const MAX_IMPORT_BYTES = 16 * 1024 * 1024;

export function runImport(args: string[], io: CliIo): Promise<number> {
  return Promise.resolve(importFile(args, io));
}

function importFile(args: string[], io: CliIo): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    strict: true,
    options: { 'base-url': { type: 'string' }, 'tenant-id': { type: 'string' }, protocol: { type: 'string' }, out: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    io.out(IMPORT_USAGE);
    return 0;
  }
  const file = positionals[0];
  if (positionals.length !== 1 || file === undefined) throw new UsageError('import takes exactly one file');
  if (values['tenant-id'] !== undefined && !isGuid(values['tenant-id'])) throw new UsageError('--tenant-id must be a GUID');
  if (values.protocol !== undefined && values.protocol !== 'oidc' && values.protocol !== 'saml') throw new UsageError('--protocol takes oidc or saml');
  let text: string;
  try {
    const bytes = readFileSync(file);
    if (bytes.length > MAX_IMPORT_BYTES) throw new UsageError(`${file}: larger than ${MAX_IMPORT_BYTES} bytes`);
    text = bytes.toString('utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`${file}: ${(e as Error).message}`);
  }
  const result = importConfigText(text, {
    ...(values['base-url'] !== undefined ? { baseUrl: values['base-url'] } : {}),
    ...(values['tenant-id'] !== undefined ? { tenantId: values['tenant-id'] } : {}),
    ...(values.protocol === 'oidc' || values.protocol === 'saml' ? { protocol: values.protocol } : {}),
  });
  if (!result) throw new UsageError(`${file}: neither a Keycloak realm export nor an Entra application manifest (Microsoft Graph format)`);
  const out = renderImportedConfig(result, file);
  if (values.out !== undefined) writeFileSync(values.out, out);
  else io.out(out);
  for (const n of result.notes) io.err(`note: ${redact(n)}`);
  return 0;
}

export interface ImportOptions {
  baseUrl?: string;
  tenantId?: string;
  protocol?: 'oidc' | 'saml';
}

/** Detects the export kind and imports it; undefined when it is neither. */
export function importConfigText(text: string, options: ImportOptions = {}): ImportResult<SsoConfig> | undefined {
  const value: unknown = parseJsonc(text);
  let r: ImportResult<Provider> | undefined;
  if (looksLikeKeycloakRealm(value)) r = importKeycloakRealm(value, options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {});
  else if (looksLikeEntraManifest(value)) r = importEntraManifest(value, { ...(options.tenantId !== undefined ? { tenantId: options.tenantId } : {}), ...(options.protocol ? { protocol: options.protocol } : {}) });
  if (!r) return undefined;
  // No "$schema": VS Code gives *.sso.json files the schema through contributes.jsonValidation, and a
  // document's own $schema would take precedence (an unreachable URL would lose completion and hovers).
  return { value: { version: 1, providers: [r.value] }, notes: r.notes };
}

export function renderImportedConfig(result: ImportResult<SsoConfig>, source: string): string {
  const header = [`// Imported by "sso-lens import" from ${source.replace(/\n/g, ' ')}.`, ...result.notes.map((n) => `// note: ${n}`)].join('\n');
  return `${header}\n${JSON.stringify(result.value, null, 2)}\n`;
}
