import type { InspectReport } from '../../decoders/result';
import { asIndex, type AppEntry, type ConfigIndex } from '../config-index';
import type { SsoConfig } from '../config-types';
import { markRejected, rejectionsOf } from './acceptance';
import { analyzeClaims, type MappingOptions } from './analyze-claims';
import { claimBagOf, isMappable } from './claim-bag';
import type { MappingResult } from './mapping-types';
import { appMatchesArtifact } from './pick-app';

export type MappingOutcome = { ok: true; value: MappingResult } | { ok: false; message: string };

/**
 * Runs one inspected artifact (ID token, SAML response, or the matching token in a HAR) through the
 * consuming side of `appId` as the config describes it. A config that does not hold `appId`, or an
 * artifact with no claims in it, is an expected failure: a message, not an exception.
 */
export function analyzeMapping(report: InspectReport, config: SsoConfig | ConfigIndex, appId: string, options: MappingOptions = {}): MappingOutcome {
  const index = asIndex(config);
  const entry = index.app(appId);
  if (!entry) return { ok: false, message: `the config has no app ${JSON.stringify(appId)} (apps: ${index.apps.map((a) => a.value.id).join(', ') || 'none'})` };
  const picked = selectArtifact(report, entry);
  if (!picked) return { ok: false, message: `a ${report.kind} carries no ID token or SAML response to map` };
  const artifact: MappingResult['artifact'] = { kind: picked.report.kind === 'saml-response' ? 'saml-response' : picked.report.kind === 'jwe' ? 'jwe' : 'jwt', ...(picked.item !== undefined ? { item: picked.item } : {}), signatureStatus: picked.report.signature.status };
  const bag = claimBagOf(picked.report);
  const rejections = rejectionsOf(picked.report);
  if (!bag.ok) return { ok: true, value: markRejected(emptyResult(entry, artifact, bag.reason), rejections) };
  return { ok: true, value: markRejected(analyzeClaims(bag.bag, index, entry, artifact, options), rejections) };
}

/** The report itself, or in a HAR the item meant for this app (the last such, i.e. the final sign-in), else the last mappable one. */
export function selectArtifact(report: InspectReport, entry: AppEntry): { report: InspectReport; item?: number } | undefined {
  if (isMappable(report)) return { report };
  const items = (report.items ?? []).map((r, i) => ({ report: r, item: i + 1 })).filter((x) => isMappable(x.report));
  const matching = items.filter((x) => appMatchesArtifact(entry, x.report));
  return matching[matching.length - 1] ?? items[items.length - 1];
}

function emptyResult(entry: AppEntry, artifact: MappingResult['artifact'], reason: string): MappingResult {
  const app = entry.value;
  return {
    app: { id: app.id, path: entry.pointer, ...(app.displayName !== undefined ? { displayName: app.displayName } : {}), ...(app.product !== undefined ? { product: app.product } : {}) },
    artifact,
    analyzed: false,
    reason,
    accepted: true,
    hops: [],
    attributes: [],
    memberships: [],
    teams: [],
    groups: [],
    roles: [],
    trace: [],
    findings: [],
  };
}

/** Adds `data.mapping` and the mapping findings to a report (what `inspect --config --app` prints). */
export function withMapping(report: InspectReport, mapping: MappingResult): InspectReport {
  const data = report.data !== null && typeof report.data === 'object' && !Array.isArray(report.data) ? report.data : {};
  return { ...report, findings: [...report.findings, ...mapping.findings], data: { ...data, mapping } };
}
