import * as vscode from 'vscode';
import type { InspectReport } from '../decoders/result';
import type { ConfigIndex } from '../model/config-index';
import type { Services } from './services';

/**
 * When a decoded artifact's audience (and issuer) matches exactly one app among the workspace's
 * config files, adds the "Mapped through <app>" analysis. Anything short of one clear match leaves
 * the report as it is: this is a convenience, "Test with a token…" is the explicit route.
 */
export function mapAutomatically(services: Services, report: InspectReport): InspectReport {
  const store = services.configStore;
  if (!store) return report;
  const core = services.core;
  if (report.kind === 'flow') return checkFlowAutomatically(services, report);
  const hits: Array<{ index: ConfigIndex; appId: string }> = [];
  // Only the workspace's own files: an unsaved import or a file opened from elsewhere is not "the" config.
  for (const entry of store.list().filter((e) => vscode.workspace.getWorkspaceFolder(e.uri) !== undefined)) {
    const index = entry.validation.index;
    // A half-edited file (schema errors) is not something to map a sign-in through.
    if (!index || !entry.validation.schemaValid) continue;
    const pick = core.pickApp(report, index);
    if (pick.ok) hits.push({ index, appId: pick.appId });
  }
  const hit = hits.length === 1 ? hits[0] : undefined;
  if (!hit) return report;
  const mapping = core.analyzeMapping(report, hit.index, hit.appId);
  return mapping.ok ? core.withMapping(report, mapping.value) : report;
}

/**
 * A flow against the one workspace config whose apps its steps belong to (by client_id, SP entity
 * ID or audience): errors point at the config, the last successful step is mapped. Several or no
 * such configs: the flow as it is.
 */
function checkFlowAutomatically(services: Services, report: InspectReport): InspectReport {
  const core = services.core;
  const indexes = (services.configStore?.list() ?? [])
    .filter((e) => vscode.workspace.getWorkspaceFolder(e.uri) !== undefined && e.validation.schemaValid)
    .map((e) => e.validation.index)
    .filter((i): i is ConfigIndex => i !== undefined && core.stepApps(report, i).size > 0);
  const index = indexes.length === 1 ? indexes[0] : undefined;
  return index ? core.checkFlow(report, index) : report;
}
