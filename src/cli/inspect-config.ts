import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { InspectOptions } from '../decoders/inspect-options';
import { LIMITS } from '../decoders/limits';
import { mergeTrust } from '../decoders/keys/trusted-key';
import type { InspectReport, Result } from '../decoders/result';
import type { AppEntry, ConfigIndex } from '../model/config-index';
import { MAX_CONFIG_CHARS } from '../model/load-config';
import type { KeySource } from '../decoders/oidc/key-source';
import { analyzeMapping, appExpectations, fetchAppTrust, pickApp, pinnedKeyFindings, withMapping, type AppExpectations, type MappingOptions } from '../model/mapping';
import { checkRequestThroughConfig, isSamlRequest } from './inspect-request-config';
import { validateConfigText } from '../model/validate-config';
import { checkFlow, flowSteps, stepApps } from '../model/flow';
import { UsageError } from './io';

/** A config loaded for `inspect --config`: the app (when named) and what it expects. */
export interface InspectConfig {
  file: string;
  index: ConfigIndex;
  readFile: (relativePath: string) => Uint8Array | undefined;
  entry?: AppEntry;
  expectations?: AppExpectations;
}

/**
 * Loads and validates the config for `inspect --config FILE [--app ID]`. Anything that makes the
 * config unusable — unreadable, not JSON, schema errors, an unknown app, an unreadable certificate
 * it names — is a usage error (exit 2) with a one-line reason; semantic findings are `check`'s job.
 */
export function loadInspectConfig(file: string, appId: string | undefined): InspectConfig {
  let text: string;
  try {
    if (statSync(file).size > MAX_CONFIG_CHARS) throw new UsageError(`--config ${file}: larger than ${MAX_CONFIG_CHARS} bytes`);
    text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`--config ${file}: cannot read it (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const base = dirname(resolve(file));
  const readFile = (rel: string): Uint8Array | undefined => {
    try {
      const p = resolve(base, rel);
      return statSync(p).size > LIMITS.maxReferencedFileBytes ? undefined : readFileSync(p);
    } catch {
      return undefined;
    }
  };
  const validation = validateConfigText(text, { rules: [] });
  const fatal = validation.findings.find((f) => f.id === 'config.parse-error' || f.id === 'config.schema-invalid' || f.id === 'input.too-large');
  if (fatal || !validation.index) {
    const where = fatal?.path ? ` at ${fatal.path}` : '';
    throw new UsageError(`--config ${file}: not a valid SSO Lens config${where}: ${fatal?.message ?? 'no providers array'} (run "sso-lens check ${file}")`);
  }
  const index = validation.index;
  if (appId === undefined) return { file, index, readFile };
  const entry = index.app(appId);
  if (!entry) throw new UsageError(`--app ${appId}: no such app in ${file} (apps: ${index.apps.map((a) => a.value.id).join(', ') || 'none'})`);
  return { file, index, readFile, entry, expectations: expectationsOf(index, entry, readFile) };
}

function expectationsOf(index: ConfigIndex, entry: AppEntry, readFile: InspectConfig['readFile']): AppExpectations {
  const e = appExpectations(index, entry, readFile);
  if (!e.ok) throw new UsageError(`--config: ${e.message}`);
  return e.value;
}

/** The app's expectations under the ones given on the command line (flags win). */
export function optionsWithConfig(options: InspectOptions, expectations: AppExpectations | undefined): InspectOptions {
  if (!expectations) return options;
  const merged: InspectOptions = { ...options, trust: mergeTrust(options.trust, expectations.trust), expected: { ...expectations.expected, ...options.expected } };
  // Pinned kids: the keys were fetched and narrowed already; the verifier must not fetch unpinned ones.
  if (expectations.pinnedKeyIds) delete merged.keySource;
  return merged;
}

/** The network half of the app's trust (an OIDC app's discovery URL, pinned kids), when a key source (online) is given. */
export async function fetchConfigTrust(config: InspectConfig, keySource: KeySource | undefined): Promise<void> {
  if (config.expectations) config.expectations = await fetchAppTrust(config.expectations, keySource, config.expectations.expected.issuer);
}

/** The findings of the app's trust: fetch failures, and a token signed with a kid the app does not pin. */
function trustFindings(report: InspectReport, expectations: AppExpectations, appId: string): InspectReport {
  const extra = [...(expectations.fetchFindings ?? []), ...pinnedKeyFindings(report, expectations, appId)];
  return extra.length ? { ...report, findings: [...report.findings, ...extra] } : report;
}

/**
 * Adds `data.mapping` and the `mapping.*` findings. Without `--app`, the app is the one whose
 * audience/issuer the artifact matches; the artifact is then inspected again with that app's
 * expectations (audience, issuer, recipient, trusted certificates).
 */
export async function mapThroughConfig(report: InspectReport, config: InspectConfig, options: InspectOptions, reinspect: (options: InspectOptions) => Promise<Result<InspectReport>>, mappingOptions: MappingOptions = {}): Promise<InspectReport> {
  if (isSamlRequest(report)) return checkRequestThroughConfig(report, config, options, reinspect);
  let entry = config.entry;
  let current = report;
  let expectations = config.expectations;
  if (!entry) {
    const pick = pickApp(report, config.index);
    if (!pick.ok) throw new UsageError(`--config ${config.file}: ${pick.message}`);
    entry = config.index.app(pick.appId);
    if (!entry) throw new UsageError(`--config ${config.file}: no app ${pick.appId}`);
    const picked = expectationsOf(config.index, entry, config.readFile);
    expectations = await fetchAppTrust(picked, options.keySource, picked.expected.issuer);
    const again = await reinspect(optionsWithConfig(options, expectations));
    if (!again.ok) throw new UsageError(again.error.message);
    current = again.value;
  }
  if (expectations) current = trustFindings(current, expectations, entry.value.id);
  const mapping = analyzeMapping(current, config.index, entry.value.id, mappingOptions);
  if (!mapping.ok) throw new UsageError(`--app ${entry.value.id}: ${mapping.message}`);
  return withMapping(current, mapping.value);
}

/** `--login first|later`: which Keycloak broker login the mapping simulates (mappers in IMPORT/LEGACY differ). */
export function parseLogin(value: string | undefined): MappingOptions {
  if (value === undefined) return {};
  if (value !== 'first' && value !== 'later') throw new UsageError(`--login takes first or later, not ${JSON.stringify(value)}`);
  return { firstBrokerLogin: value === 'first' };
}

/**
 * A flow checked against the config (`inspect CAPTURE --config FILE`): every step that carries an
 * artifact is inspected again with the expectations of the app it belongs to (found by client_id,
 * SP entity ID, audience, or `--app` for the rest), then `checkFlow` points errors at the config
 * and maps the last successful step's claims.
 */
export async function checkFlowThroughConfig(report: InspectReport, config: InspectConfig, options: InspectOptions, reinspect: (optionsFor: (entry: number) => InspectOptions | undefined) => Promise<InspectReport | undefined>): Promise<InspectReport> {
  const apps = stepApps(report, config.index);
  const byEntry = new Map<number, InspectOptions>();
  for (const s of flowSteps(report)) {
    const app = apps.get(s.step.index) ?? (config.entry && s.kind !== 'http-step' ? config.entry : undefined);
    if (app) byEntry.set(s.step.entry, optionsWithConfig(options, expectationsOf(config.index, app, config.readFile)));
  }
  const again = byEntry.size > 0 ? await reinspect((entry) => byEntry.get(entry)) : undefined;
  return checkFlow(again ?? report, config.index);
}
